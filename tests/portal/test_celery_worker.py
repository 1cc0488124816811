"""Reminders through a REAL Celery worker on Redis, started by this test.

The worker is a separate process (``celery -A portal worker``, solo pool) on the test
database and the test run's Redis database, sending by SMTP to the test's mail server
(tests/portal/mail_server.py), which counts every message it receives. The test shows:

1. a due reminder is delivered;
2. a worker killed (SIGKILL) in the middle of a batch, while the mail server holds a
   message it has not yet answered for (the outcome the worker never learns) ...
3. ... while deliveries queued in Redis are lost too (FLUSHDB), then started again,
   delivers all the rest at the next sweep, and the one whose outcome was unknown again
   once its claim's lease has run out, with the same Message-ID: everyone gets the
   reminder, the only duplicate is that one, and nothing is left for a person to retry.

The second test does the same for an immediate occasion (a receipt written by the change
that causes it, handed to the broker after commit): the delivery task queued three times,
a worker killed mid-batch, a mail server that stops listening and comes back – each
person gets their receipt once.

It FLUSHes the Redis database named by REDIS_URL (``make test``: 15 or 14, one per xdist
worker), which the test settings use for nothing else. It takes about half a minute.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal import notifications
from portal.celery import app as celery_app
from portal.models import Notification
from tests import factories
from tests.portal.mail_server import MailServer
from tests.recruitment.factories import ApplicationFactory, ApplicationRoundFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # send_task always goes to the broker, which is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

KEY = "draft_deadline_first"
WAIT = 45  # seconds, for any one thing to happen


def database_url() -> str:
    db = connection.settings_dict
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One ``celery worker`` process; killed with its whole process group."""

    def __init__(self, tmp_path: Path, mail_server: MailServer):
        self.tmp_path, self.mail_server = tmp_path, mail_server
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "DEBUG": "false",
            "SECRET_KEY": "celery-worker-test-only-0123456789-abcdefghijklmnopqrstuvwxyz",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.mail_server.port),
            "EMAIL_TIMEOUT": "20",  # longer than it takes the test to kill it
            "DATABASE_POOL_MIN": "1",
            "DATABASE_POOL_MAX": "2",
        }
        log = open(self.tmp_path / f"worker-{self.starts}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=reminders-test-{os.getpid()}-{self.starts}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def kill(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)
        self.process = None

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-3000:]
            for path in sorted(self.tmp_path.glob("worker-*.log"))
        )


def wait_until(predicate, what: str, worker: Worker, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker.process is not None and worker.process.poll() is not None:
            pytest.fail(f"The worker exited while waiting for {what}:\n{worker.logs()}")
        time.sleep(0.1)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}:\n{worker.logs()}")


def drafts_due(round, n: int, start: int) -> list[str]:
    emails = [f"soker{i:03d}@example.no" for i in range(start, start + n)]
    for email in emails:
        ApplicationFactory(
            applicant=factories.UserFactory(email=email, verified=False), round=round
        )
    return emails


def count(**filters) -> int:
    return Notification.objects.filter(occasion=KEY, **filters).count()


def sweep_on_worker() -> None:
    celery_app.send_task("portal.tasks.sweep_notifications")


def test_a_real_worker_delivers_each_reminder_through_kills_and_a_flushed_broker(tmp_path):
    assert connection.vendor == "postgresql"
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    server = MailServer().start()
    worker = Worker(tmp_path, server)
    # Closes in three days: every unsent draft in it is due its first reminder now.
    round = ApplicationRoundFactory(closes_at=timezone.now() + timedelta(days=3))
    try:
        # 1. A due reminder is delivered.
        first = drafts_due(round, 1, start=0)
        worker.start()
        sweep_on_worker()
        wait_until(lambda: count(status="sent") == 1, "the first reminder", worker)
        assert sorted(server.per_recipient()) == first

        # 2. Killed in the middle of a batch, the fifth message of it kept by the mail
        # server but not yet answered for.
        batch = drafts_due(round, 24, start=1)
        server.hang(after=4)
        sweep_on_worker()
        wait_until(lambda: len(server.messages) == 1 + 5, "the fifth of the batch", worker)
        worker.kill()
        in_flight = list(
            Notification.objects.filter(occasion=KEY, status="sending").values_list(
                "recipient__email", flat=True
            )
        )
        assert in_flight == [server.messages[-1].recipients[0]]
        assert (count(status="sent"), count(status="pending")) == (5, 19)

        # 3. ... and while it is down, deliveries queued in Redis are lost with its data.
        late = drafts_due(round, 6, start=100)
        notifications.materialise(notifications.occasions()[KEY], timezone.now())
        queued = list(
            Notification.objects.filter(occasion=KEY, status="pending").values_list("pk", flat=True)
        )
        celery_app.send_task("portal.tasks.deliver_notifications", args=[queued])
        assert broker.llen("celery") == 1
        broker.flushdb()
        assert broker.dbsize() == 0

        # Started again, the next sweep delivers the rest and the lost ones ...
        server.release()
        worker.start()
        sweep_on_worker()
        wait_until(
            lambda: count(status="sent") == 30,
            "the rest of the batch and the deliveries lost in the flush",
            worker,
        )
        assert count(status="sending") == 1  # its lease has not run out yet
        # ... and the next after the claim's lease has run out (the sweep does what it
        # would do then), the one whose outcome was unknown, once more.
        notifications.recover_stale_claims(timezone.now() + notifications.CLAIM_LEASE)
        sweep_on_worker()
        wait_until(lambda: count(status="sent") == 31, "the unknown one", worker)

        everyone = first + batch + late
        assert count() == count(status="sent") == len(everyone)
        assert sorted(server.per_recipient()) == sorted(everyone)
        # 32 messages for 31 people: the one the server kept while the worker was killed
        # came twice, with the same Message-ID, which mail clients show as one.
        assert len(server.messages) == 32
        assert server.duplicates() == 1
        assert server.per_recipient()[in_flight[0]] == 2
        assert server.message_ids() == {
            email: {f"<{key}@legeportalen.no>"}
            for email, key in Notification.objects.filter(occasion=KEY).values_list(
                "recipient__email", "message_key"
            )
        }
    finally:
        worker.kill()
        server.stop()
        broker.flushdb()


# --- An immediate occasion: written by the change, delivered after its commit ----------------

IMMEDIATE = "event_registered"  # a place at an event: a receipt with a calendar file


def places(event, n: int, start: int) -> list[str]:
    """``n`` people take a place, each in a transaction of their own (committed: the test
    is transactional), which writes their receipt and hands it to the broker."""
    from careers import services as careers_services

    emails = [f"deltaker{i:03d}@example.no" for i in range(start, start + n)]
    for email in emails:
        careers_services.register(
            user=factories.UserFactory(email=email, verified=False), event=event
        )
    return emails


def receipts(**filters) -> int:
    return Notification.objects.filter(occasion=IMMEDIATE, **filters).count()


def test_a_real_worker_delivers_each_immediate_message_once_through_kills_repeats_and_outages(
    tmp_path,
):
    """Receipts written by a change (``notify``), not found by a sweep: delivered when the
    change commits; a delivery task queued twice sends once; a worker killed mid-batch
    loses nothing; a mail server that fails and recovers fails nobody. Each person gets
    their receipt once (the one whose outcome was unknown twice, same Message-ID)."""
    from tests.careers.factories import EventFactory

    assert connection.vendor == "postgresql"
    # The change hands its rows to the broker after commit, as in production.
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    server = MailServer().start()
    worker = Worker(tmp_path, server)
    event = EventFactory(starts_at=timezone.now() + timedelta(days=10), capacity=500)
    try:
        # 1. Delivered when the change commits: no sweep involved.
        worker.start()
        first = places(event, 2, start=0)
        wait_until(lambda: receipts(status="sent") == 2, "the first receipts", worker)

        # 2. The same delivery task three times (the change's own and two repeats, as a
        # broker redelivering it would): each receipt once.
        worker.kill()
        repeated = places(event, 3, start=10)
        ids = list(
            Notification.objects.filter(occasion=IMMEDIATE, status="pending").values_list(
                "pk", flat=True
            )
        )
        for _ in range(2):
            celery_app.send_task("portal.tasks.deliver_notifications", args=[ids])
        worker.start()
        wait_until(lambda: receipts(status="sent") == 5, "the repeated deliveries", worker)

        # 3. Killed mid-batch, the third receipt kept by the server but not answered for.
        server.hang(after=2)
        batch = places(event, 6, start=20)
        wait_until(lambda: len(server.messages) == 5 + 3, "the third of the batch", worker)
        worker.kill()
        in_flight = list(
            Notification.objects.filter(occasion=IMMEDIATE, status="sending").values_list(
                "recipient__email", flat=True
            )
        )
        assert in_flight == [server.messages[-1].recipients[0]]
        server.release()
        broker.flushdb()  # whatever the killed worker had queued or reserved is gone

        # 4. The mail server fails (nobody listening) while more people take a place …
        server.stop()
        worker.start()
        during = places(event, 3, start=40)
        wait_until(
            lambda: notifications.paused_until(timezone.now()) is not None,
            "sending to pause after three failures of the server",
            worker,
        )
        assert receipts(status="failed") == 0
        # … and recovers: the sweep after the pause delivers everything waiting, and the
        # one whose outcome was unknown once its claim's lease has run out.
        server.start()
        later = timezone.now() + notifications.CLAIM_LEASE + timedelta(minutes=1)
        notifications.sweep(later)
        everyone = first + repeated + batch + during
        wait_until(lambda: receipts(status="sent") == len(everyone), "everyone's receipt", worker)

        assert receipts() == len(everyone)
        assert sorted(server.per_recipient()) == sorted(everyone)
        assert server.duplicates() == 1
        assert server.per_recipient()[in_flight[0]] == 2
        assert len(server.messages) == len(everyone) + 1
        assert server.message_ids() == {
            email: {f"<{key}@legeportalen.no>"}
            for email, key in Notification.objects.filter(occasion=IMMEDIATE).values_list(
                "recipient__email", "message_key"
            )
        }
    finally:
        worker.kill()
        server.stop()
        broker.flushdb()
        celery_app.conf.task_always_eager = eager
