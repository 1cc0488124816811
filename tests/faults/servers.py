"""Private servers for the fault tests: a Redis and a PostgreSQL cluster of their own, on
free ports, started and stopped by the test; the shared ones (6379, 5432) are never touched.
And the portal itself under gunicorn, pointed at them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class PrivateRedis:
    """``redis-server`` on a free port, no persistence; stop() and start() again keep the
    port, so clients configured with it reconnect by themselves."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _accepts(self.port), 10, "redis-server start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None
        wait_for(lambda: not _accepts(self.port), 10, "redis-server stop")

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2)


class PrivatePostgres:
    """A PostgreSQL cluster of its own (``initdb``, ``pg_ctl``) in a temporary directory,
    on a free port, trusting local connections. Run as the ``postgres`` user when the
    tests run as root (PostgreSQL refuses root)."""

    def __init__(self):
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="legeportalen-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self._as_postgres = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres")
            self._as_postgres = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self._as_postgres, *command], capture_output=True, text=True, check=check
        )

    def init(self) -> None:
        self._run(
            str(PG_BIN / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
            "--no-sync",
        )

    def start(self) -> None:
        self._ctl("start", "-w", "-l", str(self.log), "-o", self._options())

    def stop(self) -> None:
        self._ctl("stop", "-w", "-m", "fast")

    def restart(self) -> None:
        """A fast restart: every connection is cut, as in a failover or an upgrade."""
        self._ctl("restart", "-w", "-m", "fast", "-l", str(self.log), "-o", self._options())

    def _options(self) -> str:
        return (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )

    def _ctl(self, *arguments: str) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), *arguments)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> None:
        subprocess.run(
            [str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url(database)],
            input=sql,
            capture_output=True,
            text=True,
            check=True,
        )

    def copy_schema_from(self, source_url: str, database: str) -> None:
        """The test database's tables, constraints and seeded rows, into ``database`` here:
        much faster than running the migrations again."""
        self.psql(f'CREATE DATABASE "{database}"')
        dump = subprocess.run(
            [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", source_url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        self.psql(dump, database)

    def destroy(self) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "stop", "-m", "immediate", check=False
        )
        shutil.rmtree(self.directory, ignore_errors=True)


class Gunicorn:
    """The portal under gunicorn (one worker, a few threads), on a free port."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
            "DEBUG": "false",
            "SECRET_KEY": "fault-test-only-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
            "SURVEY_HOLD_KEY": "dGVzdHMtb25seS1zdXJ2ZXktaG9sZC1rZXktMzJieXQ=",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": "",
            **env,
        }
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                *("-m", "gunicorn", "portal.wsgi:application"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4"),
                *("--timeout", "60", "--graceful-timeout", "2"),
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: self.get("/healthz")[0] in (200, 503), 60, "gunicorn start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        self._log_file.close()

    def get(self, path: str, timeout: float = 30, **headers) -> tuple[int, str, float]:
        """(status, body, seconds); 0 when the server did not answer at all."""
        started = time.monotonic()
        request = urllib.request.Request(self.base + path, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        except (urllib.error.URLError, OSError):
            status, body = 0, ""
        return status, body, time.monotonic() - started
