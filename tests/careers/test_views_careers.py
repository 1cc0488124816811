from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.models import CareerStage
from recruitment.models import Posting, PostingKind
from tests import factories


def stage_url(key):
    return reverse("careers:stage", kwargs={"stage": key})


def listed(response) -> set[str]:
    return {posting.title for posting in response.context["page"]}


def test_index_lists_every_stage_with_its_open_postings(client, stages):
    factories.PostingFactory(kind=PostingKind.LIS1)
    factories.PostingFactory(kind=PostingKind.ALIS)
    response = client.get(reverse("careers:index"))
    assert response.status_code == 200
    counts = {stage.key: n for stage, n in response.context["stages"]}
    assert list(counts) == [
        "summer_job",
        "observership",
        "lis0",
        "lis1",
        "lis2_3",
        "alis",
        "consultant",
    ]
    assert counts["lis1"] == 1
    assert counts["alis"] == 1
    assert counts["consultant"] == 0


@pytest.mark.parametrize("key", ["summer_job", "lis1", "lis2_3", "alis", "consultant"])
def test_stage_page_lists_exactly_the_open_postings_of_that_stage(client, stages, key):
    wanted = {factories.PostingFactory(title=f"{key} åpen {n}", kind=key).title for n in range(3)}
    other_kind = PostingKind.OBSERVERSHIP
    factories.PostingFactory(title="Annen fase", kind=other_kind)
    factories.PostingFactory(
        title="Utkast", kind=key, status=Posting.Status.DRAFT, published_at=None
    )
    factories.PostingFactory(title="Frist ute", kind=key, deadline=timezone.now() - timedelta(1))
    closed = factories.PostingFactory(title="Lukket", kind=key)
    Posting.objects.filter(pk=closed.pk).update(
        status=Posting.Status.CLOSED, closed_at=timezone.now()
    )
    response = client.get(stage_url(key))
    assert response.status_code == 200
    assert listed(response) == wanted
    stage = stages[key]
    assert stage.title_nb in response.text or stage.title_en in response.text
    assert stage.what_en[:40] in response.text


def test_stage_page_is_paginated(client, stages, settings):
    for n in range(25):
        factories.PostingFactory(title=f"LIS1 {n:02}", kind=PostingKind.LIS1)
    first = client.get(stage_url("lis1"))
    second = client.get(stage_url("lis1"), {"page": 2})
    assert len(first.context["page"]) == 20
    assert len(second.context["page"]) == 5
    assert listed(first).isdisjoint(listed(second))


def test_stage_page_query_count_does_not_grow_with_postings(
    client, stages, django_assert_max_num_queries
):
    factories.PostingFactory(kind=PostingKind.LIS1)
    with django_assert_max_num_queries(8) as small:
        client.get(stage_url("lis1"))
    for _ in range(15):
        factories.PostingFactory(kind=PostingKind.LIS1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(stage_url("lis1"))


def test_stage_page_shows_events_for_that_stage(client, event):
    response = client.get(stage_url("lis1"))
    assert event.title in response.text
    assert event.title not in client.get(stage_url("alis")).text


def test_unknown_stage_is_404(client, stages):
    assert client.get(stage_url("combined")).status_code == 404
    assert client.get(stage_url("nonsense")).status_code == 404


@pytest.mark.parametrize(
    ("path", "keys"),
    [("general-practice", ["lis1", "alis"]), ("hospital", ["lis1", "lis2_3", "consultant"])],
)
def test_path_pages_show_their_stages_in_order(client, stages, path, keys):
    response = client.get(reverse("careers:path", kwargs={"path": path}))
    assert response.status_code == 200
    assert [stage.key for stage, _n in response.context["stages"]] == keys
    assert [stage.key for stage, _n in response.context["early"]] == [
        "summer_job",
        "observership",
        "lis0",
    ]


def test_general_practice_path_explains_coupled_posts(client, stages):
    response = client.get(reverse("careers:path", kwargs={"path": "general-practice"}))
    assert "Coupled LIS1 posts" in response.text or "Koblede" in response.text


def test_unknown_path_is_404(client, stages):
    assert client.get(reverse("careers:path", kwargs={"path": "surgery"})).status_code == 404


def test_english_visitors_read_the_english_texts(client, stages):
    client.cookies["django_language"] = "en"
    response = client.get(stage_url("lis1"), HTTP_ACCEPT_LANGUAGE="en")
    assert stages["lis1"].what_en[:40] in response.text


# --- Editing ----------------------------------------------------------------------------------


def edit_url(key):
    return reverse("careers:stage_edit", kwargs={"stage": key})


def test_coordinator_edits_a_stage(login, coordinator, stages):
    client = login(coordinator)
    assert client.get(edit_url("lis1")).status_code == 200
    data = {
        f"{field}_{lang}": getattr(stages["lis1"], f"{field}_{lang}")
        for field in CareerStage.TEXT_FIELDS
        for lang in ("nb", "en")
    }
    data["rounds_nb"] = "Søknadsfrist 15. mars og 15. september."
    response = client.post(edit_url("lis1"), data)
    assert response.status_code == 302
    stage = CareerStage.objects.get(key="lis1")
    assert stage.rounds_nb == "Søknadsfrist 15. mars og 15. september."
    assert stage.updated_by == coordinator


def test_stage_edit_with_a_missing_text_keeps_what_was_typed(login, coordinator, stages):
    response = login(coordinator).post(edit_url("lis1"), {"title_nb": "Nytt navn"})
    assert response.status_code == 200
    assert response.context["form"].errors["what_nb"]
    assert 'value="Nytt navn"' in response.text
    assert CareerStage.objects.get(key="lis1").title_nb == "LIS1"


def test_recruiter_gets_404_on_stage_edit(login, recruiter, stages):
    client = login(recruiter)
    assert client.get(edit_url("lis1")).status_code == 404
    assert client.post(edit_url("lis1"), {"title_nb": "x"}).status_code == 404


def test_applicant_gets_404_on_stage_edit(login, applicant, stages):
    assert login(applicant).get(edit_url("lis1")).status_code == 404


def test_anonymous_is_sent_to_log_in_for_stage_edit(client, stages):
    response = client.get(edit_url("lis1"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
