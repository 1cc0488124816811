from django.urls import reverse


def test_healthz_reports_database_and_redis_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "broker": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_names_redis_when_it_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["checks"] == {"database": "ok", "redis": "down", "broker": "ok"}
    assert response.json()["down"] == ["redis"]


def test_healthz_names_the_database_when_it_is_down(client, monkeypatch):
    from portal import views

    def broken():
        raise ConnectionError("database gone")

    monkeypatch.setattr(views, "_check_database", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


def test_heartbeat_task_is_reported(client):
    from portal.tasks import heartbeat

    heartbeat.delay()
    assert client.get(reverse("healthz")).json()["scheduler_heartbeat"]


def test_run_scheduler_once_runs_every_periodic_task(db):
    from io import StringIO

    from django.core.cache import cache
    from django.core.management import call_command

    from portal.tasks import HEARTBEAT_KEY

    cache.delete(HEARTBEAT_KEY)
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert cache.get(HEARTBEAT_KEY)
