import smtplib
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from portal import notifications
from portal.models import Notification, NotificationSetting
from recruitment.models import Posting
from tests import factories
from tests.security.writes import forbidden_on_get, recording_writes

# Reminders go out through the mailer's send_messages (one connection per batch).
SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def _due_postings(now):
    """Test occasion: every posting whose deadline has passed → its creator."""
    for posting in Posting.objects.filter(deadline__lte=now, created_by__isnull=False):
        yield notifications.Due(recipient_id=posting.created_by_id, obj=posting)


@pytest.fixture(autouse=True)
def _only_test_occasions(monkeypatch):
    """These tests exercise the machinery with test occasions only; the apps' real
    occasions (tests/*/test_occasions.py) would otherwise fire for the same rows."""
    monkeypatch.setattr(notifications, "_registry", {})


@pytest.fixture
def occasion():
    occasion = notifications.register(
        notifications.Occasion(
            key="test_deadline",
            label="Deadline passed",
            reason="You get this e-mail because you published the posting.",
            find_due=_due_postings,
        )
    )
    yield occasion
    notifications._registry.pop("test_deadline")


@pytest.fixture
def required_occasion(occasion):
    required = notifications.register(
        notifications.Occasion(
            key="test_required",
            label="Required",
            reason="Required.",
            find_due=lambda now: [],
            optional=False,
        )
    )
    yield required
    notifications._registry.pop("test_required")


@pytest.fixture
def due_posting(recruiter, hospital):
    return factories.PostingFactory(
        employer=hospital,
        created_by=recruiter,
        deadline=timezone.now() - timedelta(hours=1),
        start_date=None,
    )


def run_sweep():
    with transaction.atomic():
        notifications.sweep()


def test_due_person_gets_one_email_with_link_and_reason(
    occasion, due_posting, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [recruiter.email]
    assert due_posting.title in message.subject
    assert due_posting.get_absolute_url() in message.body
    assert "because you published the posting" in message.body
    assert reverse("notification_settings") in message.body
    assert message.alternatives[0].mimetype == "text/html"
    row = Notification.objects.get()
    assert row.status == Notification.Status.SENT
    assert row.sent_at is not None


def test_not_due_people_get_nothing(
    occasion, recruiter, hospital, django_capture_on_commit_callbacks
):
    factories.PostingFactory(employer=hospital, created_by=recruiter)  # deadline in the future
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    assert mail.outbox == []


def test_the_same_sweep_twice_sends_once(occasion, due_posting, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            run_sweep()
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_delivering_the_same_row_twice_sends_once(occasion, due_posting):
    with transaction.atomic():
        notifications.sweep()  # on_commit callbacks are dropped: nothing enqueued here
    row = Notification.objects.get()
    assert notifications.deliver(row.pk) == "sent"
    assert notifications.deliver(row.pk) == "not-claimed"
    assert len(mail.outbox) == 1


def test_a_rolled_back_sweep_enqueues_nothing(occasion, due_posting):
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


def test_opted_out_person_is_skipped(
    occasion, due_posting, recruiter, django_capture_on_commit_callbacks
):
    notifications.set_preferences(recruiter, enabled_keys=set())
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    assert mail.outbox == []
    assert Notification.objects.get().status == Notification.Status.SKIPPED


def test_required_occasions_cannot_be_turned_off(required_occasion, recruiter):
    notifications.set_preferences(recruiter, enabled_keys=set())
    assert not NotificationSetting.objects.filter(occasion="test_required").exists()
    prefs = {o.key: enabled for o, enabled in notifications.preferences(recruiter)}
    assert prefs["test_required"] is True


def test_a_dropped_connection_is_sent_again_later_with_the_same_message_id(occasion, due_posting):
    with transaction.atomic():
        notifications.sweep()
    row = Notification.objects.get()
    with mock.patch(SEND, side_effect=smtplib.SMTPServerDisconnected("gone")) as send:
        assert notifications.deliver(row.pk) == "deferred"
    tried = send.call_args.args[0][0]
    row.refresh_from_db()
    assert row.status == Notification.Status.DEFERRED
    assert row.last_error == "Outcome unknown: SMTPServerDisconnected: gone"
    assert row.next_attempt_at > timezone.now()
    # Not yet due again: a sweep now does not pick it up.
    assert row.pk not in notifications.due_ids(timezone.now())
    later = row.next_attempt_at + timedelta(seconds=1)
    assert row.pk in notifications.due_ids(later)
    assert notifications.deliver(row.pk, now=later) == "sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == tried.extra_headers["Message-ID"]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.unknown_outcomes) == (Notification.Status.SENT, 2, 1)


class CountingConnections:
    """A mailer that counts the connections it opens, and can break one send."""

    def __init__(self, fail_on=()):
        self.opened, self.sent, self.fail_on, self.connected = 0, [], set(fail_on), False

    def open(self):
        if not self.connected:
            self.connected = True
            self.opened += 1

    def close(self):
        if not self.connected:
            raise OSError("closing what is already broken")
        self.connected = False

    def send_messages(self, messages):
        if len(self.sent) + 1 in self.fail_on:
            self.fail_on.discard(len(self.sent) + 1)
            self.connected = False  # the server hung up
            raise smtplib.SMTPServerDisconnected("gone")
        self.sent.extend(messages)
        return len(messages)


def test_a_batch_shares_one_connection_and_reconnects_after_a_broken_one(
    occasion, recruiter, hospital
):
    for n in range(4):
        factories.PostingFactory(
            employer=hospital,
            created_by=recruiter,
            deadline=timezone.now() - timedelta(hours=n + 1),
        )
    run_sweep()
    ids = list(Notification.objects.values_list("pk", flat=True))
    mailer = CountingConnections(fail_on={2})
    with mock.patch.object(notifications, "mailers", mock.Mock(default=mailer)):
        results = notifications.deliver_batch(ids)
    assert sorted(results.values()) == ["deferred", "sent", "sent", "sent"]
    assert len(mailer.sent) == 3
    assert mailer.opened == 2  # the first, and one more after the server hung up
    assert not mailer.connected  # closed at the end of the batch


def test_a_lone_refusal_waits_until_the_server_shows_it_works_and_can_be_sent_again(
    occasion, due_posting
):
    """Refused with nothing delivered after it, it may be the server refusing everyone:
    it is tried again, and given up as failed only after the last attempt."""
    with transaction.atomic():
        notifications.sweep()
    row = Notification.objects.get()
    refused = smtplib.SMTPRecipientsRefused({"x@example.no": (550, b"no such user")})
    with mock.patch(SEND, side_effect=refused):
        results = [
            notifications.deliver(row.pk, now=timezone.now() + timedelta(days=n))
            for n in range(notifications.MAX_ATTEMPTS)
        ]
    assert results == ["deferred"] * 4 + ["failed"]
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert "SMTPRecipientsRefused" in row.last_error
    assert notifications.send_again() == 1
    assert notifications.deliver(row.pk, now=timezone.now() + timedelta(days=6)) == "sent"


@pytest.mark.parametrize(
    ("error", "given_up_as"),
    [
        (TimeoutError("slow"), "unconfirmed"),  # may have arrived
        (smtplib.SMTPRecipientsRefused({"x@example.no": (452, b"mailbox full")}), "failed"),
    ],
)
def test_failures_for_the_message_give_up_after_max_attempts(
    occasion, due_posting, error, given_up_as
):
    with transaction.atomic():
        notifications.sweep()
    row = Notification.objects.get()
    with mock.patch(SEND, side_effect=error):
        results = [
            notifications.deliver(row.pk, now=timezone.now() + timedelta(days=n))
            for n in range(notifications.MAX_ATTEMPTS)
        ]
    assert results == ["deferred"] * (notifications.MAX_ATTEMPTS - 1) + [given_up_as]


def test_failures_of_the_mail_server_itself_never_give_a_message_up(occasion, due_posting):
    with transaction.atomic():
        notifications.sweep()
    row = Notification.objects.get()
    refused = smtplib.SMTPSenderRefused(550, b"5.7.1 Sender not allowed", "noreply@x.no")
    with mock.patch(SEND, side_effect=refused):
        results = {
            notifications.deliver(row.pk, now=timezone.now() + timedelta(days=n))
            for n in range(3 * notifications.MAX_ATTEMPTS)
        }
    assert results == {"deferred"}
    row.refresh_from_db()
    assert row.attempts == 0


def test_a_claim_left_by_a_dead_worker_is_sent_again_with_the_same_message_id(
    occasion, due_posting
):
    with transaction.atomic():
        notifications.sweep()
    row = Notification.objects.get()
    assert notifications.claim(row.pk, timezone.now() - timedelta(hours=1))
    assert notifications.recover_stale_claims(timezone.now() - timedelta(minutes=50)) == 0
    assert notifications.recover_stale_claims(timezone.now()) == 1
    row.refresh_from_db()
    assert (row.status, row.unknown_outcomes) == (Notification.Status.DEFERRED, 1)
    assert "Outcome unknown" in row.last_error
    assert row.pk in notifications.due_ids(timezone.now())
    assert notifications.deliver(row.pk) == "sent"
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{row.message_key}@legeportalen.no>"


def test_a_claim_left_on_the_last_attempt_is_unconfirmed_not_failed(occasion, due_posting):
    with transaction.atomic():
        notifications.sweep()
    row = Notification.objects.get()
    Notification.objects.filter(pk=row.pk).update(attempts=notifications.MAX_ATTEMPTS - 1)
    assert notifications.claim(row.pk, timezone.now() - timedelta(hours=1))
    notifications.recover_stale_claims(timezone.now())
    row.refresh_from_db()
    assert row.status == Notification.Status.UNCONFIRMED


def test_email_is_in_the_recipients_language(
    occasion, due_posting, recruiter, django_capture_on_commit_callbacks
):
    recruiter.language = "en"
    recruiter.save()
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    assert mail.outbox[0].subject.startswith("Deadline:")
    Notification.objects.all().delete()
    recruiter.language = "nb"
    recruiter.save()
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    assert mail.outbox[1].subject.startswith("Søknadsfrist:")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_one_email_per_person(occasion, recruiter, hospital):
    for _ in range(20):
        factories.PostingFactory(
            employer=hospital,
            created_by=recruiter,
            deadline=timezone.now() - timedelta(hours=1),
            start_date=None,
        )
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                notifications.sweep()
        except Exception as error:  # pragma: no cover - surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(mail.outbox) == 20
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 20


def test_opening_the_inbox_shows_new_messages_and_writes_nothing(
    login, occasion, due_posting, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    client = login(recruiter)
    with recording_writes() as writes:
        response = client.get(reverse("notification_inbox"))
    assert forbidden_on_get(writes) == []
    assert due_posting.title in response.text
    assert response.text.count(">New</span>") == 1
    assert Notification.objects.get().read_at is None
    # Seen again, still new: only the person's "Mark as read" says they have read it.
    assert client.get(reverse("notification_inbox")).text.count(">New</span>") == 1


def test_marking_messages_read_is_a_post_that_changes_only_the_ones_shown(
    login, occasion, due_posting, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    shown = Notification.objects.get()
    # A message that arrived after the page was shown stays new.
    later = Notification.objects.create(
        recipient=recruiter,
        occasion="test_deadline",
        content_type=shown.content_type,
        object_id=shown.object_id + 1,
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        subject="Later",
    )
    client = login(recruiter)
    response = client.post(reverse("notification_inbox"), {"read": [shown.pk, later.pk + 99]})
    assert response.status_code == 302
    shown.refresh_from_db()
    later.refresh_from_db()
    assert shown.read_at is not None
    assert later.read_at is None
    assert client.get(reverse("notification_inbox")).text.count(">New</span>") == 1


def test_nobody_marks_another_persons_messages_read(
    login, occasion, due_posting, recruiter, outsider_recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    theirs = Notification.objects.get(recipient=recruiter)
    response = login(outsider_recruiter).post(reverse("notification_inbox"), {"read": theirs.pk})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_ignores_ids_that_are_not_numbers(login, recruiter):
    response = login(recruiter).post(
        reverse("notification_inbox"), {"read": ["x", "", "-1", "²", "9" * 40]}
    )
    assert response.status_code == 302


def test_settings_page_saves_choices(login, occasion, recruiter):
    client = login(recruiter)
    assert client.get(reverse("notification_settings")).status_code == 200
    client.post(reverse("notification_settings"), {})
    assert (
        NotificationSetting.objects.get(user=recruiter, occasion="test_deadline").enabled is False
    )
    client.post(reverse("notification_settings"), {"enabled": ["test_deadline"]})
    assert NotificationSetting.objects.get(user=recruiter, occasion="test_deadline").enabled is True


def test_only_the_coordinator_sees_the_overview(login, recruiter, coordinator):
    assert login(recruiter).get(reverse("notification_overview")).status_code == 404
    assert login(coordinator).get(reverse("notification_overview")).status_code == 200


def test_coordinator_sends_given_up_notifications_again(login, coordinator, occasion, due_posting):
    with transaction.atomic():
        notifications.sweep()
    row = Notification.objects.get()
    Notification.objects.filter(pk=row.pk).update(status="failed", last_error="boom")
    response = login(coordinator).post(reverse("notification_send_again"), {"ids": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING


def test_inbox_requires_login(client):
    response = client.get(reverse("notification_inbox"))
    assert response.status_code == 302
