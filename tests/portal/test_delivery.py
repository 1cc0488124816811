"""The delivery policy against a real SMTP conversation with a misbehaving mail server.

Every test sends through Django's SMTP backend to ``MailServer`` (tests/portal/
mail_server.py), which keeps and counts every message it receives with its Message-ID,
and refuses, hangs, answers late or is not there at all. The client's timeout is made
short (``TIMEOUT``) so that "after the timeout" takes a fraction of a second. The rule
under test is in portal/notifications.py's docstring: at least once, every copy with the
same Message-ID; a second copy only after an unknown outcome; a failing server pauses
sending instead of failing everyone; a delivered message is never marked failed.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from portal import notifications
from portal.models import MailServerState, Notification
from recruitment.models import Posting
from tests import factories
from tests.portal.mail_server import MailServer
from tests.reminders import materialise_at, sweep_at

TIMEOUT = 0.3  # seconds the client waits for each answer
RELAYING_DENIED = (550, "5.7.1 Relaying denied")


def _due_postings(now):
    for posting in Posting.objects.filter(deadline__lte=now, created_by__isnull=False):
        yield notifications.Due(recipient_id=posting.created_by_id, obj=posting)


@pytest.fixture(autouse=True)
def occasion(monkeypatch):
    """Only this test occasion (the apps' own would fire for the same rows)."""
    monkeypatch.setattr(notifications, "_registry", {})
    return notifications.register(
        notifications.Occasion(
            key="test_deadline",
            label="Deadline passed",
            reason="You get this e-mail because you published the posting.",
            find_due=_due_postings,
        )
    )


@pytest.fixture
def server(settings):
    server = MailServer().start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": server.smtp_options(timeout=TIMEOUT),
        }
    }
    yield server
    server.stop()


def people_due(hospital, n: int) -> list[str]:
    """``n`` people, each due one reminder (about a posting of their own)."""
    addresses = [f"lege{i:02d}@example.no" for i in range(n)]
    for address in addresses:
        factories.PostingFactory(
            employer=hospital,
            created_by=factories.UserFactory(email=address),
            deadline=timezone.now() - timedelta(hours=1),
        )
    return addresses


def statuses() -> dict[str, int]:
    found: dict[str, int] = {}
    for status in Notification.objects.values_list("status", flat=True):
        found[status] = found.get(status, 0) + 1
    return found


def expected_message_ids() -> dict[str, set[str]]:
    """The one Message-ID each recipient's row was given when it was made."""
    return {
        row.recipient.email: {f"<{row.message_key}@legeportalen.no>"}
        for row in Notification.objects.select_related("recipient")
    }


def test_a_relay_refusing_everyone_pauses_sending_fails_nobody_and_then_delivers_each_once(
    server, hospital
):
    everyone = people_due(hospital, 10)
    server.refuse_rcpt = RELAYING_DENIED
    start = timezone.now()
    sweep_at(start)
    # Three refusals in a row: the server is failing, not the recipients.
    assert server.messages == []
    assert statuses() == {"deferred": 3, "pending": 7}
    paused_until = notifications.paused_until(start)
    assert start + timedelta(minutes=1) <= paused_until < start + timedelta(minutes=1, seconds=5)
    state = MailServerState.objects.get()
    assert (state.failures, state.pauses) == (3, 1)
    assert "5.7.1 Relaying denied" in state.last_error

    # While paused, a sweep sends nothing, and nothing is counted against anyone.
    sweep_at(start + timedelta(seconds=30))
    assert server.connections == 1
    assert statuses() == {"deferred": 3, "pending": 7}

    server.behave()
    sweep_at(start + timedelta(minutes=2))
    assert statuses() == {"sent": 10}
    assert sorted(server.per_recipient()) == everyone
    assert set(server.per_recipient().values()) == {1}
    assert server.message_ids() == expected_message_ids()
    assert notifications.mail_server_trouble() is None


def test_a_refusal_for_one_recipient_among_deliveries_fails_only_that_one(server, hospital):
    everyone = people_due(hospital, 5)
    materialise_at(timezone.now())
    second = Notification.objects.order_by("pk").select_related("recipient")[1].recipient.email
    server.refuse_addresses = {second: (550, "5.1.1 No such user")}
    sweep_at()
    assert statuses() == {"sent": 4, "failed": 1}
    failed = Notification.objects.get(status="failed")
    assert failed.recipient.email == second
    assert "5.1.1 No such user" in failed.last_error
    assert sorted(server.per_recipient()) == sorted(set(everyone) - {second})
    assert notifications.mail_server_trouble() is None  # no pause for one bad address
    # It is final: later sweeps leave it alone.
    sweep_at(timezone.now() + timedelta(hours=2))
    assert len(server.messages) == 4


def test_a_refusal_for_now_for_one_recipient_is_sent_again_later(server, hospital):
    people_due(hospital, 3)
    materialise_at(timezone.now())
    first = Notification.objects.order_by("pk").select_related("recipient")[0]
    server.refuse_addresses = {first.recipient.email: (451, "4.7.1 Greylisted, try later")}
    sweep_at()
    assert statuses() == {"sent": 2, "deferred": 1}
    first.refresh_from_db()
    assert first.next_attempt_at > timezone.now()
    server.behave()
    sweep_at(timezone.now() + timedelta(minutes=1))
    assert statuses() == {"sent": 3}
    assert set(server.per_recipient().values()) == {1}


@pytest.mark.parametrize("misbehaviour", ["answers late", "hangs"])
def test_a_relay_that_keeps_the_message_but_does_not_answer_in_time_gets_it_again_with_the_same_message_id(  # noqa: E501
    server, hospital, misbehaviour
):
    everyone = people_due(hospital, 6)
    if misbehaviour == "answers late":
        server.answer_after = 3 * TIMEOUT
    else:
        server.hang()
    start = timezone.now()
    sweep_at(start)
    # Each attempt kept by the server, unanswered in time: unknown, and after three the
    # server is taken to be failing.
    assert len(server.messages) == 3
    assert statuses() == {"deferred": 3, "pending": 3}
    assert set(
        Notification.objects.filter(status="deferred").values_list("unknown_outcomes", flat=True)
    ) == {1}
    assert notifications.paused_until(start) is not None

    server.behave()
    sweep_at(start + timedelta(minutes=2))
    assert statuses() == {"sent": 6}
    # Nine messages for six people: the three unknown ones came twice, each time with the
    # same Message-ID, which a mail client shows as one message.
    assert len(server.messages) == 9
    assert server.duplicates() == 3
    assert sorted(server.per_recipient()) == everyone
    assert server.message_ids() == expected_message_ids()


def test_a_mail_server_that_is_down_fails_nobody_however_long_it_is_down(server, hospital):
    people_due(hospital, 6)
    server.stop()
    start = timezone.now()
    sweep_at(start)
    assert statuses() == {"deferred": 3, "pending": 3}
    # Nothing was handed over, and it was not the messages' fault: no attempt counted.
    assert set(Notification.objects.values_list("attempts", flat=True)) == {0}
    # Still down after the pause: one more try, and a longer pause.
    sweep_at(start + timedelta(minutes=2))
    assert statuses() == {"deferred": 4, "pending": 2}
    assert MailServerState.objects.get().pauses == 2
    for hours in range(1, 12):  # half a day, each pause ended by one more try
        sweep_at(start + timedelta(hours=hours))
    assert MailServerState.objects.get().pauses == 13
    # The tries went round the queue, and still none of them counted.
    assert statuses() == {"deferred": 6}
    assert set(Notification.objects.values_list("attempts", flat=True)) == {0}

    server.start()
    sweep_at(start + timedelta(hours=13))
    assert statuses() == {"sent": 6}
    assert len(server.messages) == 6


def test_a_delivered_message_whose_sent_mark_was_lost_is_sent_again_and_never_failed(
    server, hospital
):
    """The database went away between the server's 250 and recording "sent"."""
    people_due(hospital, 1)
    materialise_at(timezone.now())
    row = Notification.objects.get()
    real_update = QuerySet.update

    def database_gone_when_marking_sent(queryset, **values):
        if values.get("status") == Notification.Status.SENT:
            raise OperationalError("server closed the connection unexpectedly")
        return real_update(queryset, **values)

    with (
        mock.patch.object(QuerySet, "update", database_gone_when_marking_sent),
        pytest.raises(OperationalError),
    ):
        notifications.deliver(row.pk)
    assert len(server.messages) == 1
    row.refresh_from_db()
    assert row.status == Notification.Status.SENDING  # not "failed": it may have arrived

    sweep_at(timezone.now() + timedelta(minutes=5))  # within the lease: left alone
    assert len(server.messages) == 1

    sweep_at(timezone.now() + notifications.CLAIM_LEASE + timedelta(seconds=1))
    row.refresh_from_db()
    assert (row.status, row.attempts, row.unknown_outcomes) == ("sent", 2, 1)
    assert len(server.messages) == 2
    assert server.duplicates() == 1
    assert server.message_ids() == expected_message_ids()


def test_a_message_never_answered_is_given_up_as_unconfirmed_not_failed(server, hospital):
    people_due(hospital, 1)
    materialise_at(timezone.now())
    row = Notification.objects.get()
    server.answer_after = 3 * TIMEOUT
    results = [
        notifications.deliver(row.pk, now=timezone.now() + timedelta(days=n))
        for n in range(notifications.MAX_ATTEMPTS)
    ]
    assert results == ["deferred"] * 4 + ["unconfirmed"]
    # At most MAX_ATTEMPTS copies, all the same message to a mail client.
    assert len(server.messages) == notifications.MAX_ATTEMPTS
    assert server.message_ids() == expected_message_ids()
    row.refresh_from_db()
    assert row.unknown_outcomes == notifications.MAX_ATTEMPTS

    server.behave()
    assert notifications.send_again([row.pk]) == 1
    assert notifications.deliver(row.pk, now=timezone.now() + timedelta(days=6)) == "sent"
    assert server.message_ids() == expected_message_ids()


def test_each_pause_is_twice_the_last_up_to_half_an_hour():
    lengths = [notifications.pause_length(n) for n in range(7)]
    assert lengths == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 30, 30)]


def test_an_email_with_a_single_use_link_has_a_message_id_per_attempt(occasion):
    """Its link is new at each attempt: a client must not hide the copy whose link works."""
    row = Notification(attempts=1)
    secret = notifications.Occasion(
        key="secret", label="-", reason="-", find_due=lambda now: [], secret_context=("link",)
    )
    assert notifications.message_id(row, occasion) == f"<{row.message_key}@legeportalen.no>"
    first = notifications.message_id(row, secret)
    row.attempts = 2
    assert notifications.message_id(row, secret) != first
    assert first == f"<{row.message_key}.1@legeportalen.no>"


def test_the_coordinator_sees_that_sending_is_paused_and_what_waits(
    login, coordinator, server, hospital
):
    people_due(hospital, 4)
    server.refuse_rcpt = RELAYING_DENIED
    sweep_at()
    page = login(coordinator).get(reverse("notification_overview")).content.decode()
    assert "Sending is paused: the mail server is failing" in page
    assert "The mail server refused or did not answer 3 messages in a row." in page
    assert "Nothing is lost" in page
    assert page.count("5.7.1 Relaying denied") == 4  # the banner, and each waiting row
    assert "No failed notifications." in page  # nothing for a person to retry


def test_the_dashboard_says_so_while_sending_is_paused(login, coordinator):
    client = login(coordinator)
    assert "Sending is paused" not in client.get(reverse("dashboard:coordinator")).content.decode()
    MailServerState.objects.create(
        pk=1, failures=3, pauses=1, paused_until=timezone.now() + timedelta(minutes=1)
    )
    page = client.get(reverse("dashboard:coordinator")).content.decode()
    assert "Sending is paused until" in page
    assert reverse("notification_overview") in page
