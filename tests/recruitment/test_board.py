import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from recruitment.models import Posting, PostingKind, Specialty
from tests import factories

BOARD = reverse("recruitment:board")


def titles(response) -> list[str]:
    return [p.title for p in response.context["page"]]


def test_board_lists_open_postings_only(client, posting):
    factories.PostingFactory(title="Utkast", status=Posting.Status.DRAFT, published_at=None)
    factories.PostingFactory(title="Gammel", deadline=timezone.now() - timedelta(days=2))
    response = client.get(BOARD)
    assert response.status_code == 200
    assert titles(response) == [posting.title]


def test_board_can_include_postings_past_deadline(client, posting):
    factories.PostingFactory(title="Gammel", deadline=timezone.now() - timedelta(days=2))
    response = client.get(BOARD, {"include_closed": "on"})
    assert sorted(titles(response)) == sorted([posting.title, "Gammel"])


def test_board_filters_by_kind_employer_municipality_specialty(client, hospital, municipality):
    wanted = factories.PostingFactory(
        title="ALIS Fjordby",
        kind=PostingKind.ALIS,
        employer=municipality,
        municipality=municipality,
        specialty=Specialty.GENERAL_PRACTICE,
    )
    factories.PostingFactory(title="LIS1 sykehus", employer=hospital, municipality=municipality)
    factories.PostingFactory(title="ALIS annen", kind=PostingKind.ALIS)
    response = client.get(
        BOARD,
        {
            "kind": "alis",
            "employer": municipality.pk,
            "municipality": municipality.pk,
            "specialty": "allmennmedisin",
        },
    )
    assert titles(response) == [wanted.title]


def test_board_filters_by_several_kinds(client):
    factories.PostingFactory(title="Sommer", kind=PostingKind.SUMMER_JOB)
    factories.PostingFactory(title="LIS0", kind=PostingKind.LIS0)
    factories.PostingFactory(title="Overlege", kind=PostingKind.CONSULTANT)
    response = client.get(BOARD + "?kind=summer_job&kind=lis0")
    assert sorted(titles(response)) == ["LIS0", "Sommer"]


def test_board_filters_by_start_date_range(client):
    soon = timezone.now() + timedelta(days=5)
    early = factories.PostingFactory(
        title="Tidlig", deadline=soon, start_date=(soon + timedelta(days=10)).date()
    )
    factories.PostingFactory(
        title="Sen", deadline=soon, start_date=(soon + timedelta(days=200)).date()
    )
    response = client.get(
        BOARD,
        {
            "start_from": soon.date().isoformat(),
            "start_to": (soon + timedelta(days=30)).date().isoformat(),
        },
    )
    assert titles(response) == [early.title]


def test_norwegian_search_finds_inflected_forms(client):
    factories.PostingFactory(
        title="Fastlege i Fjordby",
        description="Vi er et kontor med fem allmennleger og god veiledning.",
    )
    factories.PostingFactory(title="Anestesilege", description="Operasjonsavdelingen søker lege.")
    response = client.get(BOARD, {"q": "allmennlege"})
    assert titles(response) == ["Fastlege i Fjordby"]


def test_search_ranks_title_matches_first(client):
    factories.PostingFactory(title="Lege ved legevakt", description="Turnus og kveldsvakter.")
    factories.PostingFactory(title="Psykiater", description="Samarbeid med legevakten i kommunen.")
    response = client.get(BOARD, {"q": "legevakt"})
    assert titles(response)[0] == "Lege ved legevakt"


def test_board_sorts_by_newest(client):
    now = timezone.now()
    factories.PostingFactory(title="Eldst", published_at=now - timedelta(days=3))
    factories.PostingFactory(title="Nyest", published_at=now)
    response = client.get(BOARD, {"sort": "-published_at"})
    assert titles(response) == ["Nyest", "Eldst"]


def test_board_paginates_and_keeps_filters_in_links(client, settings):
    settings.JOB_BOARD_PAGE_SIZE = 5
    factories.PostingFactory.create_batch(12, kind=PostingKind.LIS1)
    response = client.get(BOARD, {"kind": "lis1", "page": 2})
    assert len(response.context["page"]) == 5
    assert "kind=lis1&amp;page=3" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999"])
def test_board_survives_odd_page_numbers(client, posting, page):
    assert client.get(BOARD, {"page": page}).status_code == 200


def test_board_ignores_bad_filter_values_with_a_message(client, posting):
    response = client.get(BOARD, {"kind": "astronaut", "start_from": "not-a-date"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


def test_htmx_request_gets_only_the_results(client, posting):
    response = client.get(BOARD, headers={"HX-Request": "true", "HX-Target": "results"})
    body = response.content.decode()
    assert posting.title in body
    assert "<html" not in body


def test_board_query_count_does_not_grow_with_postings(client, django_assert_max_num_queries):
    factories.PostingFactory.create_batch(10)
    with django_assert_max_num_queries(6) as small:
        client.get(BOARD)
    factories.PostingFactory.create_batch(190)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(BOARD)


def test_detail_page_has_valid_job_posting_jsonld(client, posting):
    import json
    import re

    response = client.get(posting.get_absolute_url())
    assert response.status_code == 200
    match = re.search(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', response.content.decode(), re.S
    )
    data = json.loads(match.group(1))
    assert data["@type"] == "JobPosting"
    assert data["title"] == posting.title
    assert data["hiringOrganization"]["name"] == posting.employer.name
    assert data["jobLocation"]["address"]["addressCountry"] == "NO"
    assert data["validThrough"].startswith(timezone.localtime(posting.deadline).date().isoformat())


def test_jsonld_cannot_break_out_of_its_script_element(client):
    posting = factories.PostingFactory(title="</script><script>alert(1)</script>")
    body = client.get(posting.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in body


def test_closed_posting_page_still_answers_marked_closed(client, posting):
    posting.status = Posting.Status.CLOSED
    posting.closed_at = timezone.now()
    posting.save()
    response = client.get(posting.get_absolute_url())
    assert response.status_code == 200
    assert response.context["posting"].status == Posting.Status.CLOSED
    assert posting.title not in titles(client.get(BOARD))


def test_draft_posting_page_is_not_public(client):
    draft = factories.PostingFactory(status=Posting.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_posting_id_url_redirects_to_slug(client, posting):
    response = client.get(reverse("recruitment:posting_by_id", args=[posting.pk]))
    assert response.status_code == 301
    assert response["Location"] == posting.get_absolute_url()


def test_atom_feed_parses_and_lists_open_postings(client, posting):
    factories.PostingFactory(title="Utkast", status=Posting.Status.DRAFT, published_at=None)
    response = client.get(reverse("recruitment:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(response.content)
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [
        f"{posting.title} – {posting.employer.name}"
    ]
    assert entries[0].find("a:link", ns).get("href").endswith(posting.get_absolute_url())


def test_deadline_calendar_parses_with_one_event_per_open_posting(client, posting):
    factories.PostingFactory(deadline=timezone.now() - timedelta(days=1))
    response = client.get(reverse("recruitment:deadlines_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start == posting.deadline.replace(microsecond=0)
    assert str(start.tzinfo) == "Europe/Oslo"
    assert posting.title in str(events[0]["summary"])
