"""The demo's activity: applicants, rounds, events and survey results that obey the rules."""

import io

import pytest
from django.core.management import call_command

from careers.models import Event, Registration
from demo.data.rounds import APPLICANT_COUNT, DRAFT_COUNT, OPEN_ROUND, PREVIOUS_ROUND
from feedback.models import Campaign, Invitation, Participation, PendingResponse, Response
from portal.models import User
from recruitment.models import Application, ApplicationRound, Choice, Posting

COUNTED = (User, Application, Choice, Event, Registration, Campaign, Invitation, Response)


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def seeded(seeded_demo):
    """The demo region, seeded once for the module (conftest.py)."""


def test_second_run_adds_nothing(seeded):
    first = counts()
    seed()
    assert counts() == first


def test_fictional_people_cannot_log_in(seeded):
    people = User.objects.filter(email__endswith="@legeportalen.example")
    assert people.count() == APPLICANT_COUNT
    assert not any(person.has_usable_password() for person in people)


def test_open_round_has_ranked_applications_and_some_drafts(seeded):
    open_round = ApplicationRound.objects.get(name=OPEN_ROUND)
    assert open_round.is_open()
    applications = Application.objects.filter(round=open_round)
    assert applications.filter(status=Application.Status.DRAFT).count() == DRAFT_COUNT
    for application in applications.filter(status=Application.Status.SUBMITTED):
        ranks = list(application.choices.values_list("rank", flat=True))
        assert ranks == list(range(1, len(ranks) + 1))
        assert 2 <= len(ranks) <= open_round.max_choices


def test_previous_round_is_closed_with_its_own_postings(seeded):
    previous = ApplicationRound.objects.get(name=PREVIOUS_ROUND)
    assert not previous.is_open()
    postings = Posting.objects.filter(round=previous)
    assert postings.count() == 4
    assert set(postings.values_list("status", flat=True)) == {Posting.Status.CLOSED}
    assert Application.objects.filter(round=previous).count() == 40


def test_events_include_a_full_one_with_a_waiting_list(seeded):
    assert Event.objects.count() == 5
    assert Registration.objects.filter(status=Registration.Status.WAITING).exists()


def test_survey_answers_are_released_and_never_linked(seeded):
    closed = Campaign.objects.get(title="LIS1-undersøkelsen høsten 2026")
    assert closed.finalised
    assert PendingResponse.objects.filter(campaign=closed).count() == 0
    assert Response.objects.filter(campaign=closed).count() == 57
    assert Participation.objects.filter(invitation__campaign=closed).count() == 57
    # Units with fewer than k answers were combined, never shown on their own.
    for unit_id in Response.objects.filter(campaign=closed).values_list("unit_id", flat=True):
        if unit_id is not None:
            assert Response.objects.filter(campaign=closed, unit_id=unit_id).count() >= closed.k
