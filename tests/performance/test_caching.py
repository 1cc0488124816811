"""What is cached for speed stays correct: the job board's fragments, a unit's published
survey scores, and the quick rendering of long select lists."""

import re

import pytest
from django import forms
from django.core.cache import cache
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from feedback import services
from feedback.models import Choice, Question, SurveyTemplate, SurveyVersion
from feedback.seed_data import seed_default_templates
from portal.widgets import QuickSelect
from tests import factories
from tests.feedback.conftest import LIS1_ANSWERS, answers_by_key, close, token_for
from tests.feedback.factories import CampaignFactory, InvitationFactory

BOARD = reverse("recruitment:board")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


# --- The job board ------------------------------------------------------------------------


def test_a_cached_board_is_served_without_a_query(client, posting, django_assert_num_queries):
    client.get(BOARD)
    with django_assert_num_queries(0):
        html = client.get(BOARD).content.decode()
    assert posting.title in html


def test_a_new_posting_shows_at_once_on_a_cached_board(client, posting, hospital, municipality):
    client.get(BOARD)
    factories.PostingFactory(
        title="Nyopprettet stilling", employer=hospital, municipality=municipality
    )
    assert "Nyopprettet stilling" in client.get(BOARD).content.decode()


def test_a_closed_posting_leaves_a_cached_board_at_once(client, posting, recruiter):
    from recruitment import services as posting_services

    client.get(BOARD)
    posting_services.close_posting(user=recruiter, posting=posting)
    assert posting.title not in client.get(BOARD).content.decode()


def test_a_renamed_employer_shows_at_once(client, posting, hospital):
    client.get(BOARD)
    hospital.name = "Sykehuset Øst HF"
    hospital.save()
    assert "Sykehuset Øst HF" in client.get(BOARD).content.decode()


def test_the_cached_board_holds_nothing_of_the_person_who_filled_it(
    client, login, applicant, posting
):
    assert applicant.email in login(applicant).get(BOARD).content.decode()
    client.logout()
    html = client.get(BOARD).content.decode()
    assert applicant.email not in html
    assert posting.title in html


def test_equal_queries_share_a_fragment_and_different_ones_do_not(client, posting, hospital):
    other = factories.PostingFactory(title="Overlege psykiatri", kind="consultant")
    client.get(BOARD, {"kind": "lis1"})
    lis1 = client.get(f"{BOARD}?kind=lis1&page=").content.decode()
    consultants = client.get(BOARD, {"kind": "consultant"}).content.decode()
    assert posting.title in lis1
    assert other.title not in lis1
    assert other.title in consultants
    assert posting.title not in consultants


def test_a_new_search_reuses_the_cards_other_searches_drew(client, posting):
    from recruitment import caching

    client.get(BOARD)  # draws the posting's card
    calls = []
    real = caching.render_to_string

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    caching.render_to_string = counting
    try:
        html = client.get(BOARD, {"sort": "title"}).content.decode()
    finally:
        caching.render_to_string = real
    assert posting.title in html
    assert caching.CARD_TEMPLATE not in calls


def test_a_card_changes_with_its_posting_its_deadline_and_the_language(client, posting):
    from datetime import timedelta

    from django.utils import timezone

    client.get(BOARD, {"include_closed": "on"})
    posting.summary = "Ny oppsummering av stillingen"
    posting.save()
    html = client.get(BOARD, {"include_closed": "on", "sort": "title"}).content.decode()
    assert "Ny oppsummering av stillingen" in html
    # A deadline passing fires no signal; the card's key still knows whether it is open.
    type(posting).objects.filter(pk=posting.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    html = client.get(BOARD, {"include_closed": "on", "page": "1"}).content.decode()
    assert "Deadline passed" in html
    client.cookies["django_language"] = "nb"
    html = client.get(BOARD, {"include_closed": "on", "page": "1"}).content.decode()
    assert "Fristen er ute" in html


def test_a_posting_leaves_the_cached_results_the_moment_its_deadline_passes(
    client, posting, monkeypatch, django_assert_num_queries
):
    """No signal fires when a deadline passes: the board's version knows the next moment
    time changes the board, and the first request from then on draws it anew."""
    from datetime import timedelta

    from django.utils import timezone

    deadline = posting.deadline
    monkeypatch.setattr(timezone, "now", lambda: deadline - timedelta(seconds=1))
    assert posting.title in client.get(BOARD).content.decode()
    with django_assert_num_queries(0):
        assert posting.title in client.get(BOARD).content.decode()
    monkeypatch.setattr(timezone, "now", lambda: deadline)
    assert posting.title not in client.get(BOARD).content.decode()
    assert "Deadline passed" in client.get(BOARD, {"include_closed": "on"}).content.decode()


def test_htmx_results_are_cached_too(client, posting, django_assert_num_queries):
    headers = {"HX-Request": "true", "HX-Target": "results"}
    first = client.get(BOARD, headers=headers).content.decode()
    with django_assert_num_queries(0):
        again = client.get(BOARD, headers=headers).content.decode()
    assert again == first
    assert posting.title in again
    assert "<html" not in again


# --- A unit's survey scores on its postings ----------------------------------------------


@override_settings(UNIT_SCORES_CACHE_SECONDS=3600)
def test_unit_scores_are_reused_until_a_campaign_of_the_unit_is_finalised(
    hospital, django_assert_num_queries, django_capture_on_commit_callbacks
):
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)
    unit = factories.UnitFactory(organisation=hospital, name="Medisinsk klinikk")
    campaign = CampaignFactory(units=[unit])
    page = Template("{% load feedback_tags %}{% unit_scores unit_id %}")
    context = Context({"unit_id": unit.pk})
    assert page.render(context).strip() == ""
    for n in range(5):
        invitation = InvitationFactory(campaign=campaign, unit=unit, email=f"lege{n}@example.no")
        services.submit_response(
            token=token_for(invitation), answers=answers_by_key(campaign, LIS1_ANSWERS)
        )
    close(campaign)
    with django_assert_num_queries(0):
        assert page.render(context).strip() == ""  # not finalised: nothing to show yet
    with django_capture_on_commit_callbacks(execute=True):
        services.release_pending_responses()
    html = page.render(context)
    assert "4,5" in html or "4.5" in html  # supervision: (4 + 5) / 2


# --- Long select lists ---------------------------------------------------------------------


def _squeeze(html: str) -> tuple:
    """The select's attributes (in any order) and the options, whitespace aside."""
    html = re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()
    start, rest = html.split(">", 1)
    return sorted(re.findall(r'[\w-]+(?:="[^"]*")?', start.removeprefix("<select"))), rest


@pytest.mark.parametrize("value", [None, "", "2", 3])
def test_quick_select_renders_what_djangos_select_renders(value):
    choices = [("", "Alle arbeidsgivere"), (2, "Ås & Vestby <kommune>"), (3, 'Bø "sentrum"')]
    attrs = {"id": "id_employer", "class": "form-select", "required": True, "data-x": False}
    quick = QuickSelect(choices=choices).render("employer", value, attrs)
    django = forms.Select(choices=choices).render("employer", value, attrs)
    assert _squeeze(quick) == _squeeze(django)
