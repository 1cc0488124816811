"""The reminder demo: a draft whose first reminder falls due a minute after seeding."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from demo.reminders import ROUND_NAME, seed_reminder_demo
from recruitment.applications import services
from recruitment.models import Application, Posting, PostingKind
from tests import factories
from tests.recruitment.factories import ApplicantProfileFactory
from tests.reminders import sent, sweep_at

KEY = "draft_deadline_first"


@pytest.fixture
def demo_applicant(db):
    return factories.UserFactory(email="soker@demo.legeportalen.no")


@pytest.fixture
def summer_jobs(hospital, municipality):
    return [
        factories.PostingFactory(
            title=f"Sommervikar {n}",
            kind=PostingKind.SUMMER_JOB,
            employer=hospital,
            municipality=municipality,
        )
        for n in (1, 2, 3)
    ]


def test_the_demo_draft_is_reminded_a_minute_after_seeding_and_not_before(
    demo_applicant, summer_jobs, coordinator
):
    now = timezone.now()
    demo = seed_reminder_demo(demo_applicant, now, coordinator)
    assert demo.round.name == ROUND_NAME
    assert demo.round.closes_at == now + timedelta(
        days=settings.REMINDER_DRAFT_FIRST_DAYS, minutes=1
    )
    application = Application.objects.get(applicant=demo_applicant, round=demo.round)
    assert application.status == Application.Status.DRAFT
    assert application.choices.count() == 2
    in_round = Posting.objects.filter(round=demo.round)
    assert in_round.exists()
    assert set(in_round.values_list("deadline", flat=True)) == {None}
    assert {p.application_deadline() for p in in_round} == {demo.round.closes_at}
    sweep_at(now + timedelta(seconds=50))
    assert mail.outbox == []
    sweep_at(now + timedelta(seconds=61))
    assert sent(KEY) == ["soker@demo.legeportalen.no"]
    assert ROUND_NAME in mail.outbox[0].subject
    assert "Reminder demo: soker@demo.legeportalen.no" in demo.describe()


def test_seeding_again_sets_a_fresh_deadline_and_the_reminder_comes_again(
    demo_applicant, summer_jobs, coordinator
):
    first = timezone.now()
    seed_reminder_demo(demo_applicant, first, coordinator)
    sweep_at(first + timedelta(seconds=61))
    later = first + timedelta(hours=1)
    demo = seed_reminder_demo(demo_applicant, later, coordinator)
    assert Application.objects.filter(applicant=demo_applicant).count() == 1
    sweep_at(later + timedelta(seconds=61))
    assert sent(KEY) == ["soker@demo.legeportalen.no"] * 2
    assert demo.round.closes_at == later + timedelta(
        days=settings.REMINDER_DRAFT_FIRST_DAYS, minutes=1
    )


def test_a_demo_applicant_who_sent_the_application_gets_no_reminder(
    demo_applicant, summer_jobs, coordinator
):
    now = timezone.now()
    demo = seed_reminder_demo(demo_applicant, now, coordinator)
    ApplicantProfileFactory(user=demo_applicant)
    application = Application.objects.get(applicant=demo_applicant, round=demo.round)
    services.submit_application(user=demo_applicant, application=application)
    seed_reminder_demo(demo_applicant, now, coordinator)
    sweep_at(now + timedelta(seconds=61))
    assert sent(KEY) == []


def test_without_a_demo_applicant_or_coordinator_nothing_is_done(demo_applicant, coordinator):
    assert seed_reminder_demo(None, timezone.now(), coordinator) is None
    assert seed_reminder_demo(demo_applicant, timezone.now(), None) is None
