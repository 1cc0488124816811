"""The board's htmx answers and the browser's history (issue 21 part 2).

A filter swaps only the results and pushes the URL; the same URL opened again (Back, a
history miss, a reload) must give the whole page. The answer differs by the htmx headers,
so it says so in ``Vary``, or a browser cache hands the fragment to a plain visit."""

from django.urls import reverse

BOARD = reverse("recruitment:board")
FRAGMENT = {"HX-Request": "true", "HX-Target": "results"}


def test_the_results_fragment_and_the_full_page_both_vary_on_the_htmx_headers(client, posting):
    full = client.get(BOARD, {"kind": "lis1"})
    fragment = client.get(BOARD, {"kind": "lis1"}, headers=FRAGMENT)
    assert "<html" in full.content.decode()
    assert "<html" not in fragment.content.decode()
    for response in (full, fragment):
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        assert {"hx-request", "hx-target"} <= vary, response.get("Vary")


def test_a_history_restore_request_gets_the_full_page(client, posting):
    response = client.get(
        BOARD,
        {"kind": "lis1"},
        headers={**FRAGMENT, "HX-History-Restore-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" in body
    assert posting.title in body


def test_a_request_for_another_target_gets_the_full_page(client, posting):
    response = client.get(BOARD, headers={"HX-Request": "true", "HX-Target": "main"})
    assert "<html" in response.content.decode()


def test_the_address_pushed_after_a_filter_leaves_out_empty_fields(client, posting):
    query = {"q": "", "kind": ["lis1", "alis"], "employer": "", "sort": "deadline"}
    response = client.get(BOARD, query, headers=FRAGMENT)
    assert response["HX-Push-Url"] == f"{BOARD}?kind=lis1&kind=alis&sort=deadline"
    empty = client.get(BOARD, {"q": ""}, headers=FRAGMENT)
    assert empty["HX-Push-Url"] == BOARD
    assert "HX-Push-Url" not in client.get(BOARD, query)
