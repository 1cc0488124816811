"""The portal under gunicorn, its connection pool on, on a PostgreSQL cluster of the test's
own (``initdb``/``pg_ctl`` on a free port, tests/faults/servers.py) that is restarted and
stopped under it. The shared PostgreSQL is only read from (its test database's schema is
copied, faster than migrating).

- After a restart, which cuts every pooled connection, no page load fails: each connection
  is checked as it leaves the pool and a dead one is replaced.
- While the database is down, a page answers the friendly 503 (Bokmål and English, no
  details) within ``DATABASE_POOL_TIMEOUT`` and ``/healthz`` a 503 naming the database in
  under 3 s.
- When it is back, the site recovers by itself within seconds."""

import json
import time
from urllib.parse import quote

import pytest
from django.db import connection

from tests.faults.servers import Gunicorn, PrivatePostgres, wait_for

pytestmark = [pytest.mark.fault]

PAGES = ["/", "/jobs/", "/events/", "/healthz"]
POOL_TIMEOUT = 3  # the default


def source_url() -> str:
    db = connection.settings_dict
    user, password = quote(db["USER"] or ""), quote(db["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def cluster():
    pg = PrivatePostgres()
    try:
        pg.init()
        pg.start()
        pg.copy_schema_from(source_url(), "site")
        yield pg
    finally:
        pg.destroy()


@pytest.fixture
def server(cluster, tmp_path):
    site = Gunicorn(
        {
            "DATABASE_URL": cluster.url("site"),
            "DATABASE_POOL_MIN": "2",
            "DATABASE_POOL_MAX": "4",
            "DATABASE_POOL_TIMEOUT": str(POOL_TIMEOUT),
        },
        tmp_path / "gunicorn.log",
    )
    site.start()
    yield site
    site.stop()


def load(server, rounds: int) -> list[tuple[str, int]]:
    return [(path, server.get(path)[0]) for _ in range(rounds) for path in PAGES]


def test_a_restart_leaves_no_errors_and_an_outage_answers_fast(server, cluster, tmp_path):
    log = tmp_path / "gunicorn.log"
    assert {status for _, status in load(server, 3)} == {200}, log.read_text()

    cluster.restart()  # every pooled connection is cut

    after_restart = load(server, 8)
    assert [hit for hit in after_restart if hit[1] != 200] == [], log.read_text()

    cluster.stop()

    status, body, seconds = server.get("/healthz")
    assert status == 503
    assert json.loads(body)["checks"]["database"] == "down"
    assert seconds < 3

    # (The board may still be served from its cached fragments; the front page asks the
    # database.)
    status, body, seconds = server.get("/")
    assert status == 503
    assert seconds < POOL_TIMEOUT + 1.5
    assert "Legeportalen er midlertidig utilgjengelig" in body
    assert "Legeportalen is temporarily unavailable" in body
    assert "Traceback" not in body
    assert "psycopg" not in body

    status, body, _ = server.get("/events/", Accept="application/json")
    assert status == 503
    assert json.loads(body)["error"] == "unavailable"

    cluster.start()
    started = time.monotonic()
    wait_for(lambda: server.get("/healthz")[0] == 200, 20, "recovery after the database returns")
    recovered_in = time.monotonic() - started

    after_return = load(server, 5)
    assert [hit for hit in after_return if hit[1] != 200] == [], log.read_text()
    assert recovered_in < 15
