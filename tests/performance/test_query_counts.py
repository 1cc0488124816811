"""Every list page takes the same number of queries whatever the amount of data: the page
is counted with N rows and again after 9N more, and the two counts must be equal.

The cache is emptied before each counted request (see ``queries``), so a cached fragment
can never hide a query that the page makes when the cache is cold.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import Choice, Question, SurveyTemplate, SurveyVersion
from feedback.seed_data import seed_default_templates
from recruitment.models import Choice as ApplicantChoice
from tests import factories
from tests.feedback.factories import CampaignFactory
from tests.performance.conftest import (
    make_applications_of,
    make_events,
    make_postings,
    make_responses,
    make_submitted_applications,
    make_users,
    queries,
    warm,
)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?kind=lis1&sort=-published_at",
        "?q=allmennmedisin",
        "?specialty=allmennmedisin&include_closed=on",
        "?page=2",
    ],
)
def test_job_board_queries_do_not_grow_with_postings(
    client, hospital, other_hospital, municipalities, query
):
    employers = [hospital, other_hospital, *municipalities]
    url = reverse("recruitment:board") + query
    make_postings(25, employers=employers, municipalities=municipalities)
    warm(client, url)
    few = queries(client, url)
    make_postings(225, employers=employers, municipalities=municipalities)
    many = queries(client, url)
    assert many == few
    assert "250" in client.get(reverse("recruitment:board")).content.decode()


def test_job_board_filtered_by_municipality_does_not_grow(client, hospital, municipalities):
    url = reverse("recruitment:board") + f"?municipality={municipalities[0].pk}&kind=lis1"
    make_postings(5, employers=[hospital], municipalities=municipalities[:1])
    warm(client, url)
    few = queries(client, url)
    make_postings(45, employers=[hospital], municipalities=municipalities[:1])
    assert queries(client, url) == few


def test_applicant_list_queries_do_not_grow_with_applications(login, recruiter, hospital, posting):
    client = login(recruiter)
    url = reverse("recruitment:posting_applicants", args=[posting.pk])
    make_submitted_applications(10, posting, hospital)
    warm(client, url)
    few = queries(client, url)
    make_submitted_applications(90, posting, hospital)
    many = queries(client, url)
    assert many == few
    for sort in ("name", "language", "graduation", "status"):
        sorted_url = f"{url}?sort={sort}&local_connection=any&interest=allmennmedisin"
        warm(client, sorted_url)
        assert queries(client, sorted_url) == queries(client, sorted_url)


def test_applicant_list_csv_queries_do_not_grow(login, recruiter, hospital, posting):
    client = login(recruiter)
    url = reverse("recruitment:posting_applicants_csv", args=[posting.pk])
    make_submitted_applications(10, posting, hospital)
    warm(client, url)
    few = queries(client, url)
    make_submitted_applications(90, posting, hospital)
    # The CSV streams in chunks of 500: 100 rows are one chunk, as 10 are.
    assert queries(client, url) == few


def test_letters_pages_queries_do_not_grow_with_applicants(login, recruiter, hospital, posting):
    """The letters page, and the preview of a letter to everyone on it."""
    client = login(recruiter)
    url = reverse("recruitment:letters", args=[posting.pk])

    def preview_queries() -> int:
        ids = [
            str(pk)
            for pk in ApplicantChoice.objects.filter(posting=posting).values_list("pk", flat=True)
        ]
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                url, {"action": "preview", "kind": "rejected_screening", "choices": ids}
            )
        assert response.status_code == 200
        return len(captured.captured_queries)

    make_submitted_applications(10, posting, hospital)
    warm(client, url)
    few, few_preview = queries(client, url), preview_queries()
    make_submitted_applications(90, posting, hospital)
    assert (queries(client, url), preview_queries()) == (few, few_preview)


def test_my_applications_queries_do_not_grow(login, applicant, hospital, municipalities):
    client = login(applicant)
    url = reverse("recruitment:my_applications")
    postings = make_postings(33, employers=[hospital], municipalities=municipalities)
    make_applications_of(applicant, postings[:3])
    warm(client, url)
    few = queries(client, url)
    make_applications_of(applicant, postings[3:])
    assert queries(client, url) == few


def test_survey_results_queries_do_not_grow_with_responses(login, coordinator, hospital):
    units = [factories.UnitFactory(organisation=hospital, name=f"Enhet {n}") for n in range(3)]
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)
    template = SurveyTemplate.objects.get(slug="lis1-rotation")
    campaign = CampaignFactory(
        units=units,
        version=template.versions.order_by("-number").first(),
        opens_on=timezone.localdate() - timedelta(days=30),
        closes_on=timezone.localdate() - timedelta(days=2),
    )
    client = login(coordinator)
    url = reverse("feedback:campaign_results", args=[campaign.pk])
    make_responses(campaign, 30, units)  # ten a unit: every group shows its comments
    warm(client, url)
    few = queries(client, url)
    make_responses(campaign, 120, units)
    assert queries(client, url) == few
    trends = reverse("feedback:template_trends", args=[template.pk])
    warm(client, trends)
    assert queries(client, trends) == queries(client, trends)


def test_event_list_queries_do_not_grow(client, hospital):
    url = reverse("careers:event_list")
    people = make_users(5)
    make_events(3, hospital, people)
    warm(client, url)
    few = queries(client, url)
    make_events(27, hospital, people)
    assert queries(client, url) == few


def test_event_list_for_a_logged_in_person_does_not_grow(login, applicant, hospital):
    client = login(applicant)
    url = reverse("careers:event_list")
    people = [applicant, *make_users(4)]
    make_events(3, hospital, people)
    warm(client, url)
    few = queries(client, url)
    make_events(27, hospital, people)
    assert queries(client, url) == few
