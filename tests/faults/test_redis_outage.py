"""The portal with Redis stopped under it: a real ``redis-server`` of the test's own (cache
and broker), stopped and started again by the test (tests/faults/servers.py).

While Redis is away the board, the front page and sign-in work (uncached, throttled from
the database), ``/healthz`` answers 503 JSON naming Redis and the broker within 2 s, and a
submit succeeds with its receipt and other after-commit work kept in the database; once
Redis is back, caching resumes and the sweeps queue what the broker missed."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import notifications, outbox
from portal.celery import app as celery_app
from portal.models import AuditEvent, Notification, OutboxTask
from recruitment.models import Application
from tests import factories
from tests.factories import PASSWORD
from tests.faults.servers import PrivateRedis
from tests.recruitment.editor import editor_url

pytestmark = [
    pytest.mark.fault,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site_on_redis(settings, redis_server):
    """The portal's cache and broker on the private Redis, as in production (the broker for
    real: tasks are queued in Redis, not run in-process)."""
    # Read before the settings change: Celery's conf reads Django's settings lazily.
    conf = celery_app.conf
    saved = {
        "broker_url": conf.broker_url,
        "task_always_eager": conf.task_always_eager,
        "broker_transport_options": conf.broker_transport_options,
        "task_publish_retry_policy": conf.task_publish_retry_policy,
    }
    settings.REDIS_URL = settings.CELERY_BROKER_URL = redis_server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "fault",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.BOARD_CACHE_SECONDS = 60
    conf.update(
        broker_url=redis_server.url,
        task_always_eager=False,
        # Production's: a web request gives up on an absent broker in about a second.
        broker_transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        task_publish_retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
    )
    _forget_broker_connections()
    yield redis_server
    conf.update(saved)
    _forget_broker_connections()


def _forget_broker_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def queued(redis_server) -> int:
    """Tasks waiting in the broker's default queue."""
    return redis_server.client().llen("celery")


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_board_home_sign_in_and_healthz_while_redis_is_down(site_on_redis, posting, applicant):
    redis_server = site_on_redis
    visitor = Client()
    assert visitor.get(reverse("recruitment:board")).status_code == 200
    assert visitor.get(reverse("home")).status_code == 200
    assert redis_server.client().dbsize() > 0  # the board's fragments are cached

    redis_server.stop()

    board, seconds = timed(lambda: visitor.get(reverse("recruitment:board")))
    assert board.status_code == 200
    assert posting.title in board.content.decode()  # drawn afresh, uncached
    assert seconds < 3
    assert Client().get(reverse("home")).status_code == 200

    health, seconds = timed(lambda: Client().get(reverse("healthz")))
    assert health.status_code == 503
    assert health["Content-Type"] == "application/json"
    assert health.json()["checks"] == {"database": "ok", "redis": "down", "broker": "down"}
    assert health.json()["down"] == ["redis", "broker"]
    assert seconds < 2

    person = Client()
    response, seconds = timed(
        lambda: person.post(
            reverse("account_login"), {"login": applicant.email, "password": PASSWORD}
        )
    )
    assert response.status_code == 302
    assert seconds < 2  # no waiting for a lock in the unreachable cache
    assert person.session.get("_auth_user_id") == str(applicant.pk)
    assert person.get(reverse("home")).status_code == 200
    wrong = Client().post(
        reverse("account_login"), {"login": applicant.email, "password": "wrong-password"}
    )
    assert wrong.status_code == 200  # the form again, with its message: no error page

    redis_server.start()

    assert Client().get(reverse("healthz")).status_code == 200
    redis_server.client().flushdb()
    assert visitor.get(reverse("recruitment:board")).status_code == 200
    assert redis_server.client().dbsize() > 0  # caching resumed by itself


def test_sign_in_throttling_counts_from_the_database_while_redis_is_down(
    site_on_redis, settings, applicant
):
    settings.LOGIN_FAILED_NETWORK_LIMIT = "3/10m/ip"
    site_on_redis.stop()
    address = "203.0.113.77"

    def attempt(password):
        return Client(REMOTE_ADDR=address).post(
            reverse("account_login"), {"login": applicant.email, "password": password}
        )

    for _ in range(3):
        assert "Too many failed sign-ins" not in attempt("wrong-password").content.decode()
    assert AuditEvent.objects.filter(action="login_failed", ip_address=address).count() == 3
    refused = attempt("wrong-password")
    assert refused.status_code == 200
    assert "Too many failed sign-ins from your network" in refused.content.decode()
    # A right password is not let in directly either, but gets its link (queued through the
    # outbox: the broker is away, so it waits there).
    right = Client(REMOTE_ADDR=address)
    response = right.post(
        reverse("account_login"), {"login": applicant.email, "password": PASSWORD}
    )
    assert "Too many failed sign-ins from your network" in response.content.decode()
    assert "_auth_user_id" not in right.session
    assert OutboxTask.objects.filter(task="portal.tasks.send_sign_in_link").count() == 2
    # Another address is not held up.
    assert (
        "Too many"
        not in Client(REMOTE_ADDR="198.51.100.1")
        .post(reverse("account_login"), {"login": applicant.email, "password": "wrong"})
        .content.decode()
    )


def test_a_submit_with_the_broker_away_succeeds_and_nothing_queued_is_lost(
    site_on_redis, login, applicant, make_application, hospital_postings, settings
):
    redis_server = site_on_redis
    application = make_application(applicant, hospital_postings)
    client = login(applicant)
    redis_server.stop()

    response, seconds = timed(
        lambda: client.post(
            editor_url(application, "submit"),
            {"motivation": ""},
        )
    )
    assert response.status_code == 302  # not an error page
    assert seconds < 3
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    # The receipt is a Notification row: the notification sweep's outbox.
    receipts = Notification.objects.filter(recipient=applicant, status="pending")
    assert receipts.exists()

    # Other after-commit work: its outbox row outlives the failed hand-over.
    from portal import tasks as portal_tasks

    outbox.after_commit(portal_tasks.send_sign_in_link, None)
    [row] = OutboxTask.objects.filter(task="portal.tasks.send_sign_in_link")
    assert row.attempts == 1
    assert outbox.sweep(timezone.now() + timedelta(minutes=1)) == {"sent": 0, "unsent": 1}

    redis_server.start()

    # Once Redis is back, the sweeps queue what the broker missed …
    assert outbox.sweep(timezone.now() + timedelta(minutes=1))["sent"] >= 1
    assert not OutboxTask.objects.filter(task="portal.tasks.send_sign_in_link").exists()
    assert queued(redis_server) >= 1
    # … and the receipt goes out (delivered here in-process, as a worker would).
    celery_app.conf.task_always_eager = True
    mail.outbox.clear()
    notifications.sweep()
    assert any(applicant.email in message.to for message in mail.outbox)
    assert not Notification.objects.filter(recipient=applicant, status="pending").exists()


def test_the_per_account_limit_counts_from_the_database_while_redis_is_down(
    site_on_redis, settings, applicant
):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/key"}
    site_on_redis.stop()

    def attempt(password, address):
        return Client(REMOTE_ADDR=address).post(
            reverse("account_login"), {"login": applicant.email, "password": password}
        )

    for n in range(3):  # a guess from each of three addresses
        assert (
            "Too many failed login attempts"
            not in attempt("wrong-password", f"198.51.100.{n + 1}").content.decode()
        )
    assert (
        AuditEvent.objects.filter(action="login_failed", subject_user_id=applicant.pk).count() == 3
    )
    refused = attempt(PASSWORD, "198.51.100.9")
    assert "Too many failed login attempts" in refused.content.decode()
    # Another account is not held up.
    other = factories.UserFactory()
    response = Client().post(reverse("account_login"), {"login": other.email, "password": PASSWORD})
    assert response.status_code == 302
