"""Survey reminders: three and seven days after the invitation, only to people whose link
is unused, each with a fresh single-use link that is never stored readably. The reminders
depend on nothing but "this invitation was used"."""

import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import selectors, services
from feedback.models import Invitation, Participation
from portal import notifications
from portal.models import Notification
from tests import factories
from tests.feedback.conftest import LIS1_ANSWERS, answers_by_key, token_for
from tests.feedback.factories import CampaignFactory, InvitationFactory
from tests.reminders import materialise_at, messages_to, rows, sent, sweep_at

FIRST, SECOND = "survey_reminder_first", "survey_reminder_second"
# Reminders go out through the mailer's send_messages (one connection per batch).
SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"
LINK = re.compile(r"http://127\.0\.0\.1:8000/survey/([\w-]+)/")


@pytest.fixture
def sent_at():
    return timezone.now()


def invite(campaign, unit, email, *, sent_at, **kwargs) -> Invitation:
    invitation = InvitationFactory(campaign=campaign, unit=unit, email=email, **kwargs)
    services.new_link(invitation)  # the link the invitation e-mail carried
    Invitation.objects.filter(pk=invitation.pk).update(link_sent_at=sent_at)
    invitation.refresh_from_db()
    return invitation


def answer(invitation: Invitation) -> None:
    services.submit_response(
        token=token_for(invitation), answers=answers_by_key(invitation.campaign, LIS1_ANSWERS)
    )


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_reminders_after_three_and_seven_days_only_to_those_who_have_not_answered(
    campaign, units, sent_at
):
    doctor = factories.UserFactory(email="lege@example.no")
    invite(campaign, units[0], doctor.email, user=doctor, sent_at=sent_at)
    invite(campaign, units[0], "uten.konto@example.no", sent_at=sent_at)
    answer(invite(campaign, units[1], "svarte@example.no", sent_at=sent_at))
    late = invite(campaign, units[1], "svarte.sent@example.no", sent_at=sent_at)
    invite(campaign, units[2], "invitert.senere@example.no", sent_at=sent_at + timedelta(days=2))
    InvitationFactory(campaign=campaign, unit=units[2], email="aldri.sendt@example.no")

    sweep_at(sent_at + timedelta(days=3) - timedelta(minutes=1))
    assert mail.outbox == []
    sweep_at(sent_at + timedelta(days=3, minutes=1))
    assert sent(FIRST) == ["lege@example.no", "svarte.sent@example.no", "uten.konto@example.no"]

    answer(late)  # after the first reminder: no second one
    sweep_at(sent_at + timedelta(days=5, minutes=1))
    assert sent(FIRST) == [
        "invitert.senere@example.no",
        "lege@example.no",
        "svarte.sent@example.no",
        "uten.konto@example.no",
    ]
    sweep_at(sent_at + timedelta(days=7, minutes=1))
    assert sent(SECOND) == ["lege@example.no", "uten.konto@example.no"]
    for days in (8, 10, 13):  # at most two reminders, however often the sweep runs
        sweep_at(sent_at + timedelta(days=days))
    assert sent(SECOND) == [
        "invitert.senere@example.no",
        "lege@example.no",
        "uten.konto@example.no",
    ]
    assert len(messages_to("lege@example.no")) == 2
    assert messages_to("svarte@example.no") == []
    assert messages_to("aldri.sendt@example.no") == []


def test_no_reminders_once_the_campaign_has_closed(units, sent_at):
    today = timezone.localdate()
    campaign = CampaignFactory(
        units=units, opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=2)
    )
    invite(campaign, units[0], "sen@example.no", sent_at=sent_at)
    sweep_at(sent_at + timedelta(days=3, hours=1))
    sweep_at(sent_at + timedelta(days=8))
    assert Notification.objects.count() == 0


def test_only_the_used_link_matters_never_an_answer(campaign, units, sent_at):
    """A used invitation with no answer anywhere counts as answered, and the sweep and
    delivery never read a table that holds answers."""
    used = invite(campaign, units[0], "brukt@example.no", sent_at=sent_at)
    Participation.objects.create(invitation=used)
    invite(campaign, units[0], "ubrukt@example.no", sent_at=sent_at)
    with CaptureQueriesContext(connection) as queries:
        sweep_at(sent_at + timedelta(days=3, minutes=1))
    assert sent(FIRST) == ["ubrukt@example.no"]
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("feedback_pendingresponse", "feedback_response", "feedback_answer"):
        assert table not in sql


def test_someone_who_answers_before_the_reminder_leaves_is_not_reminded(campaign, units, sent_at):
    invitation = invite(campaign, units[0], "rask@example.no", sent_at=sent_at)
    materialise_at(sent_at + timedelta(days=3, minutes=1))
    answer(invitation)
    assert notifications.deliver(rows(FIRST).get().pk) == "obsolete"
    assert mail.outbox == []


def test_the_reminder_carries_a_fresh_single_use_link_that_replaces_the_old(
    client, campaign, units, sent_at
):
    invitation = invite(campaign, units[0], "lenke@example.no", sent_at=sent_at)
    old_token = token_for(invitation)
    sweep_at(sent_at + timedelta(days=3, minutes=1))
    (message,) = mail.outbox
    token = link_in(message)
    assert token != old_token
    invitation.refresh_from_db()
    assert invitation.token_hash == services.hash_token(token)
    assert selectors.invitation_for_token(services.hash_token(old_token)) is None
    assert client.get(reverse("feedback:survey", kwargs={"token": token})).status_code == 200
    assert f'href="http://127.0.0.1:8000/survey/{token}/"' in message.alternatives[0].content


def test_the_link_is_never_stored_readably(login, campaign, units, sent_at):
    doctor = factories.UserFactory(email="innboks@example.no", language="en")
    invite(campaign, units[0], doctor.email, user=doctor, sent_at=sent_at)
    sweep_at(sent_at + timedelta(days=3, minutes=1))
    token = link_in(mail.outbox[0])
    row = rows(FIRST).get()
    assert row.status == Notification.Status.SENT
    assert token not in row.body
    assert "(sent only in the e-mail)" in row.body
    assert row.link == ""
    for value in Notification.objects.values_list("subject", "body", "link", "last_error"):
        assert all(token not in str(column) for column in value)
    inbox = login(doctor).get(reverse("notification_inbox")).content.decode()
    assert "LIS1 høst 2026" in inbox
    assert token not in inbox


def test_someone_without_an_account_is_written_to_at_the_invitation_address_in_its_language(
    campaign, units, sent_at
):
    invite(campaign, units[0], "exit@example.no", language="en", sent_at=sent_at)
    sweep_at(sent_at + timedelta(days=3, minutes=1))
    (message,) = mail.outbox
    assert message.to == ["exit@example.no"]
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject.startswith("Reminder: anonymous survey")
    assert "Hello," in message.body
    assert "your link has not been used yet" in message.body
    assert reverse("notification_settings") not in message.body  # no account, no settings
    row = rows(FIRST).get()
    assert row.recipient is None
    assert row.status == Notification.Status.SENT


def test_the_same_invitation_is_reminded_once_per_reminder_even_without_an_account(
    campaign, units, sent_at
):
    invite(campaign, units[0], "en.gang@example.no", sent_at=sent_at)
    later = sent_at + timedelta(days=3, minutes=1)
    materialise_at(later)
    materialise_at(later)
    assert rows(FIRST).count() == 1
    sweep_at(later)
    sweep_at(later)
    assert sent(FIRST) == ["en.gang@example.no"]


def test_a_failed_send_keeps_the_previous_link_working(campaign, units, sent_at):
    invitation = invite(campaign, units[0], "feil@example.no", sent_at=sent_at)
    before = Invitation.objects.get(pk=invitation.pk).token_hash
    materialise_at(sent_at + timedelta(days=3, minutes=1))
    row = rows(FIRST).get()
    with mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("gone")):
        assert notifications.deliver(row.pk) == "deferred"
    assert Invitation.objects.get(pk=invitation.pk).token_hash == before
    row.refresh_from_db()
    assert notifications.deliver(row.pk, now=row.next_attempt_at) == "sent"
    assert len(mail.outbox) == 1
    token = link_in(mail.outbox[0])
    assert Invitation.objects.get(pk=invitation.pk).token_hash == services.hash_token(token)


def test_a_doctor_can_turn_survey_reminders_off(campaign, units, sent_at):
    doctor = factories.UserFactory(email="av@example.no")
    invite(campaign, units[0], doctor.email, user=doctor, sent_at=sent_at)
    notifications.set_preferences(doctor, enabled_keys={SECOND})
    sweep_at(sent_at + timedelta(days=3, minutes=1))
    sweep_at(sent_at + timedelta(days=7, minutes=1))
    assert rows(FIRST).get().status == Notification.Status.SKIPPED
    assert sent(FIRST) == []
    assert sent(SECOND) == ["av@example.no"]


def test_the_reminder_says_nothing_about_any_answer(campaign, units, sent_at):
    answer(invite(campaign, units[0], "svar@example.no", sent_at=sent_at))
    invite(campaign, units[0], "venter@example.no", sent_at=sent_at)
    sweep_at(sent_at + timedelta(days=3, minutes=1))
    (message,) = mail.outbox
    for text in (message.body, message.alternatives[0].content):
        assert "Godt fagmiljø" not in text
        assert "svar@example.no" not in text
