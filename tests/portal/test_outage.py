"""Degrading instead of failing, in-process and fast: the cache failing soft, the outbox,
the friendly 503 for a database outage, the pool's settings. The same under real outages
is in tests/faults/."""

import importlib
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import outbox
from portal.cache import RedisCache, unreachable
from portal.models import OutboxTask

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


# --- The cache ------------------------------------------------------------------------------


def test_every_cache_call_fails_soft_while_redis_cannot_be_reached(caplog):
    cache = RedisCache(NOWHERE, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})
    started = time.monotonic()
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("k", 1) is None
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.add("k", 1) is True  # a lock that protects nothing is not waited for
    assert cache.get_or_set("k", lambda: "drawn") == "drawn"
    assert cache.delete("k") is False
    assert cache.has_key("k") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")
    assert time.monotonic() - started < 2
    assert unreachable(cache)
    warnings = [r for r in caplog.records if "Redis cache unreachable" in r.getMessage()]
    assert len(warnings) == 1  # logged once, not once a call


def test_the_cache_is_reachable_again_after_one_call_succeeds(settings):
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "outage-test"})
    cache._failed("get", ConnectionError())
    assert unreachable(cache)
    cache.set("k", 1)
    assert not unreachable(cache)
    assert cache.get("k") == 1


# --- The outbox -----------------------------------------------------------------------------


@pytest.fixture
def task():
    from portal.tasks import send_sign_in_link

    return send_sign_in_link


def test_work_queued_after_commit_is_handed_over_and_its_row_removed(
    task, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(task, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.after_commit(task, 7)
        assert OutboxTask.objects.get().args == [7]  # written in the transaction
    apply_async.assert_called_once_with(args=[7])
    assert not OutboxTask.objects.exists()


def test_a_rolled_back_change_queues_nothing(task):
    def change_then_fail():
        with transaction.atomic():
            outbox.after_commit(task, 7)
            raise RuntimeError("roll back")

    with mock.patch.object(task, "apply_async") as apply_async:
        with pytest.raises(RuntimeError):
            change_then_fail()
        apply_async.assert_not_called()
    assert not OutboxTask.objects.exists()


def test_the_broker_away_keeps_the_row_and_the_sweep_sends_it_later(
    task, django_capture_on_commit_callbacks
):
    down = mock.patch.object(task, "apply_async", side_effect=OSError("broker away"))
    with down, django_capture_on_commit_callbacks(execute=True):
        outbox.after_commit(task, 7)  # no exception reaches the caller
    row = OutboxTask.objects.get()
    assert row.attempts == 1
    assert "broker away" in row.last_error

    with mock.patch.object(task, "apply_async") as apply_async:
        # Not before its grace: its own commit may still be handing it over.
        assert outbox.sweep(timezone.now()) == {"sent": 0, "unsent": 0}
        assert outbox.sweep(timezone.now() + outbox.GRACE + timedelta(seconds=1)) == {
            "sent": 1,
            "unsent": 0,
        }
    apply_async.assert_called_once_with(args=[7])
    assert not OutboxTask.objects.exists()


def test_the_sweep_stops_at_the_first_failure_and_keeps_the_rest(task):
    for n in range(3):
        outbox.after_commit(task, n)  # the test's transaction never commits: rows only
    later = timezone.now() + outbox.GRACE + timedelta(seconds=1)
    with mock.patch.object(task, "apply_async", side_effect=OSError("away")):
        assert outbox.sweep(later) == {"sent": 0, "unsent": 1}
    assert OutboxTask.objects.count() == 3
    assert sorted(OutboxTask.objects.values_list("attempts", flat=True)) == [0, 0, 1]


def test_the_sweep_runs_every_minute():
    from portal.celery import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["sweep-outbox"] == {"task": "portal.tasks.sweep_outbox", "schedule": 60.0}


def test_work_without_a_row_fails_soft_too(task, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(task, "apply_async", side_effect=OSError("away")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.after_commit(task, 7, durable=False)
    assert not OutboxTask.objects.exists()


# --- The database away ----------------------------------------------------------------------


@pytest.fixture
def database_away(monkeypatch):
    from portal import views

    def away(*args, **kwargs):
        raise OperationalError("couldn't get a connection after 3.00 sec")

    monkeypatch.setattr(views.recruitment_selectors, "open_postings", away)


def test_a_database_outage_answers_a_friendly_503_page(database_away):
    response = Client(raise_request_exception=False).get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Legeportalen er midlertidig utilgjengelig" in html
    assert "Legeportalen is temporarily unavailable" in html
    assert "couldn't get a connection" not in html


def test_a_script_gets_the_503_as_json(database_away):
    response = Client(raise_request_exception=False).get(
        reverse("home"), headers={"accept": "application/json"}
    )
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"


def test_other_errors_stay_the_plain_500_page(monkeypatch):
    from portal import views

    def bug(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.recruitment_selectors, "open_postings", bug)
    response = Client(raise_request_exception=False).get(reverse("home"))
    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()


def test_an_error_raised_from_a_database_error_counts_as_an_outage():
    from django.db import InterfaceError

    from portal.outage import is_outage

    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = InterfaceError("connection already closed")
    assert is_outage(wrapped)
    assert not is_outage(ValueError())


def test_the_pool_checks_connections_and_waits_briefly(monkeypatch):
    import portal.settings
    from portal.dbpool import check_connection

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x")
    monkeypatch.setenv("DATABASE_POOL_TIMEOUT", "2")
    monkeypatch.setenv("DEBUG", "true")
    try:
        fresh = importlib.reload(portal.settings)
        pool = fresh.DATABASES["default"]["OPTIONS"]["pool"]
        assert pool["check"] is check_connection
        assert pool["timeout"] == 2
        assert fresh.DATABASES["default"]["OPTIONS"]["connect_timeout"] <= 3
    finally:
        monkeypatch.undo()
        importlib.reload(portal.settings)


def test_every_task_is_queued_through_the_outbox():
    """No ``.delay(`` or ``apply_async(`` outside portal/outbox.py: work queued from a
    request goes through its helper, which fails soft and keeps what the broker missed."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    direct = re.compile(r"\.(delay|apply_async)\(")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in ("portal", "recruitment", "careers", "feedback")
        for path in sorted((root / app).rglob("*.py"))
        if path != root / "portal" / "outbox.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if direct.search(line)
    ]
    assert offenders == []
