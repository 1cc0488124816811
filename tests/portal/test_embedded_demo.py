"""The embedded setup that ``make demo`` uses when nothing is configured: SQLite, tasks
in-process and ``run_scheduler`` for the periodic jobs, each in a fresh process as there.

The rest of the suite runs on PostgreSQL, so this is where SQL that only PostgreSQL
understands, or a scheduled task that no module registers, shows up.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = """
import django
django.setup()
from django.test import Client
client = Client()
for url in ["/", "/jobs/", "/careers/", "/events/", "/healthz"]:
    response = client.get(url)
    print(url, response.status_code)
"""


@pytest.fixture
def embedded(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND"}
        and not key.startswith(("PYTEST", "DJANGO_ALLOW"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),  # the debug default: files, not the console
        MEDIA_ROOT=str(tmp_path / "private"),
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    return run


def test_the_demo_seeds_schedules_and_serves_on_sqlite_with_tasks_in_process(embedded, tmp_path):
    for command in (["migrate", "--no-input"], ["seed_demo"], ["run_scheduler", "--once"]):
        result = embedded("manage.py", *command)
        assert result.returncode == 0, f"{command}: {result.stderr[-3000:]}"
        assert "failed" not in result.stderr, f"{command}: {result.stderr[-3000:]}"
        # The mail it sends is written to files; no e-mail source on the console.
        for marker in ("Content-Type:", "Message-ID:", "MIME-Version:"):
            assert marker not in result.stdout + result.stderr, command
        # Nor a line per delivered message: tasks run in-process and keep quiet unless they fail.
        assert " succeeded in " not in result.stderr, command
    assert any((tmp_path / "mail").iterdir())
    pages = embedded("-c", PAGES)
    assert pages.returncode == 0, pages.stderr[-3000:]
    assert pages.stdout.split() == [
        *("/", "200", "/jobs/", "200", "/careers/", "200", "/events/", "200"),
        *("/healthz", "200"),
    ]
