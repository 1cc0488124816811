"""One deadline everywhere (DESIGN.md, "Promises"): what a person reads – the posting page,
the board card, the feed, deadlines.ics, the JobPosting markup, the apply button, the
draft reminder and the dashboard – is what the server enforces, for a posting in a round
(the round's close) and for one outside (its own deadline), judged by when the request
reached the portal (portal.clock).

The requests "arrive" at a chosen second: the arrival stamp is set by
``ArrivalMiddleware`` from ``portal.clock``'s clock, which the ``arrive_at`` fixture
moves. Everything else (the login session, the database's own timestamps) keeps real
time."""

import json
import re
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar

from portal.dashboard import data as dashboard
from portal.dashboard.filters import Filters
from recruitment import selectors as recruitment_selectors
from recruitment.applications import services
from recruitment.models import Application, ChoiceStatus
from tests import factories
from tests.recruitment.editor import editor_url
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationRoundFactory,
    DocumentFactory,
)
from tests.reminders import sweep_at

OSLO = ZoneInfo("Europe/Oslo")
ROUND_CLOSES = datetime(2027, 1, 15, 12, 0, tzinfo=OSLO)
OWN_DEADLINE = datetime(2027, 1, 20, 12, 0, tzinfo=OSLO)
SECOND = timedelta(seconds=1)


@pytest.fixture
def arrive_at(monkeypatch):
    """Requests from now on arrive at ``moment`` (the portal's clock for deadlines)."""

    def _arrive(moment: datetime) -> None:
        monkeypatch.setattr("portal.clock.timezone", SimpleNamespace(now=lambda: moment))
        cache.clear()  # the board's fragments are drawn afresh for the new moment

    return _arrive


@pytest.fixture
def in_round(hospital, municipality):
    posting = factories.PostingFactory(
        title="LIS1 Sykehuset Øst kirurgi", employer=hospital, municipality=municipality
    )
    ApplicationRoundFactory(
        name="LIS1 vår 2027",
        opens_at=datetime(2026, 12, 1, 9, 0, tzinfo=OSLO),
        closes_at=ROUND_CLOSES,
        postings=[posting],
    )
    posting.refresh_from_db()
    return posting


@pytest.fixture
def outside(municipality):
    return factories.PostingFactory(
        title="ALIS Fjordby legekontor",
        kind="alis",
        employer=municipality,
        municipality=municipality,
        deadline=OWN_DEADLINE,
    )


@pytest.fixture(params=["in_round", "outside"])
def case(request):
    """The posting and the deadline every surface must give for it."""
    posting = request.getfixturevalue(request.param)
    return SimpleNamespace(
        posting=posting, deadline=ROUND_CLOSES if posting.round_id else OWN_DEADLINE
    )


def start(applicant, posting, now) -> Application:
    """A draft for ``posting``: through its round, or a direct application."""
    if not posting.round_id:
        return services.start_direct_application(user=applicant, posting=posting, now=now)
    application = services.start_round_application(user=applicant, round=posting.round, now=now)
    services.add_choice(user=applicant, application=application, posting=posting, now=now)
    return application


def iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat()


def jsonld(html: str) -> dict:
    (script,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(script)


# --- What people read ----------------------------------------------------------------------


def test_every_page_feed_and_file_gives_the_same_deadline(client, arrive_at, case):
    arrive_at(case.deadline - timedelta(days=3))
    deadline = case.deadline
    time_element = f'<time datetime="{iso(deadline)}">'

    page = client.get(case.posting.get_absolute_url()).content.decode()
    assert time_element in page
    assert jsonld(page)["validThrough"] == iso(deadline)

    board = client.get(reverse("recruitment:board"), {"q": case.posting.title}).content.decode()
    assert board.count(time_element) == 1

    feed = client.get(reverse("recruitment:feed")).content.decode()
    assert f"{case.posting.summary} (Deadline: {deadline:%d.%m.%Y %H:%M})" in feed

    ics = Calendar.from_ical(client.get(reverse("recruitment:deadlines_ics")).content)
    (event,) = [
        e
        for e in ics.walk("VEVENT")
        if e["uid"] == f"posting-{case.posting.pk}-deadline@legeportalen"
    ]
    assert event.decoded("dtstart") == deadline
    assert str(event["dtstart"].params["TZID"]) == "Europe/Oslo"

    assert case.posting.application_deadline() == deadline


def test_the_dashboard_lists_the_same_deadline_until_it_passes(case):
    def upcoming(now):
        built = dashboard.build(
            dashboard.Scope.region(),
            Filters(),
            rounds=list(recruitment_selectors.statistics_rounds()),
            employers=[],
            now=now,
        )
        return {row[0]: row[3] for row in built.tables["deadlines"].rows}

    before = upcoming(case.deadline - SECOND)
    assert before[case.posting.title] == case.deadline
    if case.posting.round_id:
        assert before["LIS1 vår 2027"] == case.deadline
    at_deadline = upcoming(case.deadline)
    assert case.posting.title not in at_deadline
    assert "LIS1 vår 2027" not in at_deadline


def test_the_draft_reminder_gives_the_same_deadline(case, applicant):
    applicant.language = "en"
    applicant.save()
    ApplicantProfileFactory(user=applicant)
    start(applicant, case.posting, case.deadline - timedelta(days=3))
    sweep_at(case.deadline - timedelta(hours=2))
    (message,) = mail.outbox
    with translation.override("en"):
        assert date_format(case.deadline.astimezone(OSLO), "DATETIME_FORMAT") in message.body

    mail.outbox.clear()
    sweep_at(case.deadline)  # closed: no reminder to send what can no longer be sent
    assert mail.outbox == []


# --- What the server enforces, to the second -----------------------------------------------


def apply_button(html: str) -> bool:
    return "Apply for this post" in html


def test_the_apply_button_goes_at_the_deadline_second(client, arrive_at, case):
    url = case.posting.get_absolute_url()
    arrive_at(case.deadline - SECOND)
    assert apply_button(client.get(url).content.decode())
    arrive_at(case.deadline)
    closed = client.get(url).content.decode()
    assert not apply_button(closed)
    assert "The application deadline has passed." in closed
    arrive_at(case.deadline + SECOND)
    assert not apply_button(client.get(url).content.decode())


def test_the_round_page_stops_offering_to_apply_at_the_deadline_second(client, arrive_at, in_round):
    url = reverse("recruitment:round_apply", args=[in_round.round_id])
    arrive_at(ROUND_CLOSES - SECOND)
    assert "Sign in to apply" in client.get(url).content.decode()
    arrive_at(ROUND_CLOSES)
    closed = client.get(url).content.decode()
    assert "Sign in to apply" not in closed
    assert "This round is not open for applications." in closed


def ready_to_send(applicant, posting, now) -> Application:
    ApplicantProfileFactory(user=applicant)
    application = start(applicant, posting, now)
    application.documents.add(DocumentFactory(owner=applicant))
    return application


def submit(client, application):
    return client.post(
        editor_url(application, "submit"),
        {"motivation": "Jeg vil gjerne jobbe her."},
        follow=True,
    )


def test_a_submit_one_second_before_the_deadline_is_taken(login, arrive_at, case, applicant):
    application = ready_to_send(applicant, case.posting, case.deadline - timedelta(days=3))
    arrive_at(case.deadline - SECOND)
    submit(login(applicant), application)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at == case.deadline - SECOND  # when it arrived
    assert application.choices.get().status == ChoiceStatus.SUBMITTED


def test_a_submit_one_second_after_the_deadline_is_refused_and_keeps_the_text(
    login, arrive_at, case, applicant
):
    application = ready_to_send(applicant, case.posting, case.deadline - timedelta(days=3))
    arrive_at(case.deadline + SECOND)
    response = submit(login(applicant), application)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert not mail.outbox
    deadline = date_format(timezone.localtime(case.deadline), "DATETIME_FORMAT")
    html = response.content.decode()
    assert f"was {deadline}. Changes and submissions are no longer accepted." in html
    assert "Jeg vil gjerne jobbe her." in html
