"""Every real occasion at once: one e-mail per person and occasion, however often and
however concurrently the sweep runs; failures retried; the coordinator's overview and the
settings page list them all."""

import smtplib
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from careers import services as careers_services
from feedback import services as feedback_services
from feedback.models import Choice as SurveyChoice
from feedback.models import Invitation, Question, SurveyTemplate, SurveyVersion
from feedback.seed_data import seed_default_templates
from portal import notifications
from portal.models import Notification
from recruitment.applications import services as application_services
from tests import factories
from tests.careers.factories import EventFactory
from tests.feedback.factories import CampaignFactory, InvitationFactory
from tests.recruitment.factories import ApplicantProfileFactory, ApplicationRoundFactory
from tests.reminders import occasion_of, sweep_at

# Reminders go out through the mailer's send_messages (one connection per batch).
SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"
REAL = {
    "draft_deadline_first",
    "draft_deadline_last",
    "posting_deadline_passed",
    "event_tomorrow",
    "survey_reminder_first",
    "survey_reminder_second",
}


def make_everything_due(hospital, municipality, recruiter) -> set[tuple[str, str]]:
    """One person due for each occasion (the same applicant for most of them), plus a
    survey invitee without an account. Returns the (address, occasion) pairs expected."""
    now = timezone.now()
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, SurveyChoice)
    applicant = factories.UserFactory(email="alt@example.no")
    ApplicantProfileFactory(user=applicant)
    for closes_in in (timedelta(days=5), timedelta(hours=12)):
        round = ApplicationRoundFactory(closes_at=now + closes_in)
        application_services.start_round_application(user=applicant, round=round)
    factories.PostingFactory(
        employer=hospital,
        municipality=municipality,
        created_by=recruiter,
        deadline=now - timedelta(hours=1),
    )
    event = EventFactory(starts_at=now + timedelta(hours=20))
    careers_services.register(user=applicant, event=event)
    # The place's receipt (an immediate occasion, tested in tests/careers) is not a reminder.
    # (A transactional test delivers it at once, on commit: it leaves the outbox too.)
    Notification.objects.filter(occasion="event_registered").delete()
    mail.outbox[:] = [m for m in mail.outbox if occasion_of(m) != "event_registered"]
    unit = factories.UnitFactory(organisation=hospital)
    for days, email, user in ((4, applicant.email, applicant), (8, "ingen.konto@example.no", None)):
        campaign = CampaignFactory(units=[unit])
        invitation = InvitationFactory(campaign=campaign, unit=unit, email=email, user=user)
        feedback_services.new_link(invitation)
        Invitation.objects.filter(pk=invitation.pk).update(link_sent_at=now - timedelta(days=days))
    return {
        ("alt@example.no", "draft_deadline_first"),
        ("alt@example.no", "draft_deadline_last"),
        (recruiter.email, "posting_deadline_passed"),
        ("alt@example.no", "event_tomorrow"),
        ("alt@example.no", "survey_reminder_first"),
        ("ingen.konto@example.no", "survey_reminder_second"),
    }


def delivered() -> list[tuple[str, str]]:
    return sorted((address, occasion_of(m)) for m in mail.outbox for address in m.to)


@pytest.fixture
def everything_due(hospital, municipality, recruiter):
    return make_everything_due(hospital, municipality, recruiter)


def test_every_occasion_is_registered():
    assert set(notifications.occasions()) >= REAL


def test_the_same_sweep_twice_sends_one_email_per_person_and_occasion(everything_due):
    sweep_at()
    sweep_at()
    sweep_at(timezone.now() + timedelta(minutes=5))
    assert delivered() == sorted(everything_due)
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_on_postgresql_send_one_email_per_person_and_occasion(
    hospital, municipality, recruiter
):
    assert connection.vendor == "postgresql"
    expected = make_everything_due(hospital, municipality, recruiter)
    barrier = threading.Barrier(3)
    errors = []

    def worker():
        try:
            barrier.wait()
            for _ in range(3):
                with transaction.atomic():
                    notifications.sweep()
        except Exception as error:  # pragma: no cover - surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert delivered() == sorted(expected)
    assert Notification.objects.count() == 6
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_dropped_connection_pauses_sending_and_then_each_is_sent_once(everything_due):
    start = timezone.now()
    with mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("gone")):
        sweep_at(start)
    assert mail.outbox == []
    # Three in a row without an answer: the server is failing, and sending pauses.
    assert Notification.objects.filter(status="deferred").count() == 3
    assert Notification.objects.filter(status="pending").count() == 3
    sweep_at(start + timedelta(seconds=50))  # too early: paused, nothing is re-sent
    assert mail.outbox == []
    sweep_at(start + timedelta(minutes=2))
    assert delivered() == sorted(everything_due)
    assert sorted(Notification.objects.values_list("attempts", flat=True)) == [1, 1, 1, 2, 2, 2]


def test_a_refusal_for_everyone_pauses_sending_instead_of_failing_everyone(everything_due):
    start = timezone.now()
    refused = smtplib.SMTPRecipientsRefused({"x@example.no": (550, b"relaying denied")})
    with mock.patch(SEND, side_effect=refused):
        sweep_at(start)
    assert not Notification.objects.filter(status="failed").exists()
    sweep_at(start + timedelta(minutes=2))
    assert delivered() == sorted(everything_due)


def test_a_rolled_back_transaction_enqueues_nothing(everything_due):
    def sweep_then_fail():
        with transaction.atomic():
            notifications.sweep()
            raise RuntimeError("roll back")

    with mock.patch("portal.tasks.deliver_notifications.apply_async") as delay:
        with pytest.raises(RuntimeError):
            sweep_then_fail()
        delay.assert_not_called()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_one_broken_occasion_does_not_hold_up_the_others(everything_due, monkeypatch):
    def broken(now):
        raise RuntimeError("bug")

    monkeypatch.setitem(
        notifications._registry,
        "broken",
        notifications.Occasion(key="broken", label="Broken", reason="-", find_due=broken),
    )
    sweep_at()
    assert delivered() == sorted(everything_due)


def test_the_coordinator_sees_sent_and_failed_counts_for_every_occasion(
    login, coordinator, everything_due, django_assert_max_num_queries
):
    sweep_at()
    Notification.objects.filter(occasion="event_tomorrow").update(
        status="failed", last_error="SMTPRecipientsRefused: 550"
    )
    Notification.objects.filter(occasion="survey_reminder_second").update(
        status="failed", last_error="SMTPRecipientsRefused: 550"
    )
    client = login(coordinator)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("notification_overview")).content.decode()
    for key, occasion in notifications.occasions().items():
        assert escape(str(occasion.label)) in page, key
    assert "Events you are registered for: a reminder the day before" in page
    assert "(no account: the address of the invitation)" in page  # the survey invitee
    assert "SMTPRecipientsRefused: 550" in page
    retried = client.post(reverse("notification_send_again"), {})
    assert retried.status_code == 302
    assert Notification.objects.filter(status="pending").count() == 2
    sweep_at()
    assert Notification.objects.filter(status="sent").count() == 6


def test_the_settings_page_lists_what_each_person_can_get(login, applicant, recruiter):
    required = notifications.register(
        notifications.Occasion(
            key="test_required_deadline",
            label="Offer deadline (required)",
            reason="Required.",
            find_due=lambda now: [],
            optional=False,
        )
    )
    try:
        page = login(applicant).get(reverse("notification_settings")).content.decode()
        for key in REAL - {"posting_deadline_passed"}:
            assert f'value="{key}"' in page
        assert 'value="posting_deadline_passed"' not in page
        assert f'id="occasion-{required.key}" checked disabled' in page
        staff_page = login(recruiter).get(reverse("notification_settings")).content.decode()
        assert 'value="posting_deadline_passed"' in staff_page
    finally:
        notifications._registry.pop(required.key)
