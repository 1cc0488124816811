"""Fixtures for the employer workflow: submitted applications in the LIS1 round (see
tests/recruitment/conftest.py), slots, offers and waves."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recruitment.hiring import services
from recruitment.models import OfferWave
from tests import factories


@pytest.fixture
def applied(applicant, make_application, hospital_postings, other_posting, municipality_posting):
    """Ola ranks: 1. the other hospital, 2. our first posting, 3. the municipality."""
    return make_application(
        applicant, [other_posting, hospital_postings[0], municipality_posting], submit=True
    )


@pytest.fixture
def our_choice(applied, hospital_postings):
    return applied.choices.get(posting=hospital_postings[0])


@pytest.fixture
def candidates(make_application, hospital_postings):
    """Three more candidates for our first posting (its only choice)."""

    def _make(n=3):
        users = [factories.UserFactory(full_name=f"Kandidat {i}") for i in range(n)]
        return [
            make_application(user, [hospital_postings[0]], submit=True).choices.get()
            for user in users
        ]

    return _make


@pytest.fixture
def slot(recruiter, hospital_postings):
    return services.create_slots(
        user=recruiter,
        posting=hospital_postings[0],
        starts_at=timezone.now() + timedelta(days=5),
        duration_minutes=30,
        place="Kalnes, rom 2",
    )[0]


@pytest.fixture
def invited(recruiter, hospital_postings, our_choice, slot):
    services.invite_to_interview(
        user=recruiter, posting=hospital_postings[0], choices=[our_choice], message="Velkommen!"
    )
    return our_choice.interview_invitation


@pytest.fixture
def make_wave(lis1_round):
    """A wave written straight to the database (tests travel in time around it; the
    calendar rules are tested through ``services.save_wave``)."""

    def _make(offers_at, *, answer_days=3, answer_after=None, round=None):
        round = round or lis1_round
        number = round.offer_waves.count() + 1
        answer_by = offers_at + (answer_after or timedelta(days=answer_days))
        return OfferWave.objects.create(
            round=round,
            number=number,
            offers_at=offers_at,
            answer_by=answer_by,
            marking_at=answer_by + timedelta(days=1),
        )

    return _make
