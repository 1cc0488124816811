"""Reminders through a REAL Celery worker on Redis, started by this test.

The worker is a separate process (``celery -A portal worker``, solo pool) on the test
database and the test run's Redis database, writing e-mail to files. The test shows:

1. a due reminder is delivered;
2. a worker killed (SIGKILL) in the middle of a batch ...
3. ... while deliveries queued in Redis are lost too (FLUSHDB), then started again,
   delivers all the rest at the next sweep, and nobody gets an e-mail twice.

It FLUSHes the Redis database named by REDIS_URL (``make test``: 15 or 14, one per xdist
worker), which the test settings use for nothing else. It takes about half a minute.
"""

import os
import re
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
from tests.recruitment.factories import ApplicationFactory, ApplicationRoundFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # send_task always goes to the broker, which is the point here.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

KEY = "draft_deadline_first"
WAIT = 45  # seconds, for any one thing to happen
TO = re.compile(rb"^To: (.+)$", re.MULTILINE)


def database_url() -> str:
    db = connection.settings_dict
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One ``celery worker`` process; killed with its whole process group."""

    def __init__(self, tmp_path: Path, mail_dir: Path):
        self.tmp_path, self.mail_dir = tmp_path, mail_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, slow_mail: float = 0.0) -> None:
        self.starts += 1
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "DEBUG": "false",
            "SECRET_KEY": "celery-worker-test-only-0123456789-abcdefghijklmnopqrstuvwxyz",
            "EMAIL_BACKEND": "tests.portal.slow_mail.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "SLOW_MAIL_SECONDS": str(slow_mail),
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


def mails(mail_dir: Path) -> list[str]:
    """Every address any e-mail file was written to (one entry per e-mail)."""
    return [
        match.decode()
        for path in sorted(mail_dir.glob("*.log"))
        for match in TO.findall(path.read_bytes())
    ]


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


def test_a_real_worker_delivers_each_reminder_once_through_kills_and_a_flushed_broker(
    tmp_path,
):
    assert connection.vendor == "postgresql"
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = Worker(tmp_path, mail_dir)
    # Closes in three days: every unsent draft in it is due its first reminder now.
    round = ApplicationRoundFactory(closes_at=timezone.now() + timedelta(days=3))
    try:
        # 1. A due reminder is delivered.
        first = drafts_due(round, 1, start=0)
        worker.start(slow_mail=0.25)
        sweep_on_worker()
        wait_until(lambda: count(status="sent") == 1, "the first reminder", worker)
        assert mails(mail_dir) == first

        # 2. Killed in the middle of a batch ...
        batch = drafts_due(round, 24, start=1)
        sweep_on_worker()
        wait_until(lambda: count(status="sent") >= 5, "part of the batch", worker)
        worker.kill()
        assert count(status="pending") > 0, "the worker finished before it could be killed"
        in_flight = set(
            Notification.objects.filter(occasion=KEY, status="sending").values_list(
                "recipient__email", flat=True
            )
        )
        assert len(in_flight) <= 1  # solo pool: at most one e-mail was being sent

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

        # Started again, the next sweep delivers the rest and the lost ones, once each.
        worker.start()
        sweep_on_worker()
        wait_until(
            lambda: count(status="sent") == 25 + len(late) - len(in_flight),
            "the rest of the batch and the deliveries lost in the flush",
            worker,
        )
        assert count(status="pending") == 0
        sent_to = set(
            Notification.objects.filter(occasion=KEY, status="sent").values_list(
                "recipient__email", flat=True
            )
        )
        assert sent_to | in_flight == set(first + batch + late)
        delivered = mails(mail_dir)
        assert len(delivered) == len(set(delivered)), "someone got an e-mail twice"
        # The one in flight may or may not have left before the kill: never sent again.
        assert sent_to <= set(delivered) <= sent_to | in_flight
        # Its claim is not re-sent blindly: it is marked failed, for the coordinator to
        # look at (and retry by hand if the person did not get it).
        notifications.expire_stale_claims(timezone.now() + timedelta(minutes=16))
        assert count(status="sending") == 0
        assert count(status="failed") == len(in_flight)
    finally:
        worker.kill()
        broker.flushdb()
