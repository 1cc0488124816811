"""No log line gives away a secret from a URL (issue 17, attack 5).

A survey link's token hashes to its invitation's ``token_hash``, and so to an e-mail
address: a line "POST /survey/<token>/" with its time would tie an answer to a person. An
e-mail confirmation or password-reset key lets whoever reads it into an account. Every
logger that writes a request's path – Django's development server, its request and security
loggers, the Celery worker, gunicorn's access and error logs – must write them redacted.

These tests configure logging as the processes do at start-up and read what the handlers
actually write, rather than asking the filter alone.
"""

import contextlib
import io
import logging
import re
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from celery.app.log import Logging as CeleryLogging
from celery.utils.log import get_multiprocessing_logger, get_task_logger
from django.core.servers.basehttp import WSGIRequestHandler
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.log import configure_logging
from gunicorn.app.wsgiapp import WSGIApplication

from portal.celery import app as celery_app
from portal.log_filters import RedactSecrets, redact

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Tq3vX9kLmN0pR7sW2yZ4aB6cD8eF1gH5iJ0kL2mN4oP"  # shaped like secrets.token_urlsafe(32)
KEY = "MTA:1vXyZa:Qm9vX2lzX2Fu_c2VjcmV0"  # shaped like an allauth confirmation key
RESET_KEY = "cj1x2y-3f9a8b7c6d5e4f3a2b1c"
RESET = f"4d-{RESET_KEY}"  # the user's id in base 36, then the reset key


@pytest.fixture
def restore_logging(settings):
    """Put the portal's logging back as it was after a test has set it up its own way."""
    before = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    yield
    with contextlib.redirect_stderr(before[0].stream if before else sys.stderr):
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.fixture(params=[True, False], ids=["DEBUG", "production"])
def written(request, settings, restore_logging):
    """What the portal's logging, configured as ``django.setup()`` does it, writes."""
    settings.DEBUG = request.param
    stream = io.StringIO()
    with contextlib.redirect_stderr(stream):  # every StreamHandler made now writes here
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    return stream


def assert_redacted(output: str, *secrets: str) -> None:
    assert "[redacted]" in output, f"nothing was logged, so nothing is proven:\n{output}"
    for secret in secrets:
        assert secret not in output, f"{secret!r} was written:\n{output}"


# --- Django: the development server, requests, security -------------------------------------


def test_the_development_server_writes_a_survey_post_without_its_token(written):
    # What runserver does after each request: BaseHTTPRequestHandler.log_request ->
    # WSGIRequestHandler.log_message -> the "django.server" logger.
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.requestline = f"POST /survey/{TOKEN}/ HTTP/1.1"
    handler.log_request(302, 0)
    output = written.getvalue()
    assert '"POST /survey/[redacted]/ HTTP/1.1" 302 0' in output
    assert_redacted(output, TOKEN)


@pytest.mark.parametrize(
    ("method", "path", "line"),
    [
        ("get", f"/survey/{TOKEN}/", "Not Found: /survey/[redacted]/"),
        (
            "post",
            f"/accounts/confirm-email/{KEY}/",
            "Not Found: /accounts/confirm-email/[redacted]/",
        ),
    ],
)
def test_djangos_request_log_writes_secret_paths_redacted(written, method, path, line):
    assert getattr(Client(), method)(path).status_code == 404
    output = written.getvalue()
    assert line in output
    assert_redacted(output, TOKEN, KEY)


@pytest.mark.parametrize(
    ("path", "redacted"),
    [
        (f"/survey/{TOKEN}/", "/survey/[redacted]/"),
        (f"/accounts/password/reset/key/{RESET}/", "/accounts/password/reset/key/[redacted]/"),
    ],
)
def test_djangos_security_log_writes_a_refused_post_redacted(written, path, redacted):
    response = Client(enforce_csrf_checks=True).post(path, {"q1": "4"})
    assert response.status_code == 403
    output = written.getvalue()
    assert f"Forbidden (CSRF cookie not set.): {redacted}" in output
    assert_redacted(output, TOKEN, RESET_KEY)


def test_a_server_error_on_a_survey_link_is_logged_redacted_traceback_and_all(written, monkeypatch):
    from feedback import views

    def broken(token_hash):
        raise LookupError(f"no invitation behind /survey/{TOKEN}/")

    monkeypatch.setattr(views.selectors, "invitation_for_token", broken)
    response = Client(raise_request_exception=False).get(f"/survey/{TOKEN}/")
    assert response.status_code == 500
    output = written.getvalue()
    assert "Internal Server Error: /survey/[redacted]/" in output
    assert "LookupError: no invitation behind /survey/[redacted]/" in output
    assert_redacted(output, TOKEN)


def test_every_handler_the_portal_configures_carries_the_filter(written):
    """Whatever a future logger writes, it goes through a handler that redacts."""
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    unfiltered = [
        f"{logger.name}: {type(handler).__name__}"
        for logger in loggers
        if isinstance(logger, logging.Logger)
        for handler in logger.handlers
        if not isinstance(handler, logging.NullHandler)
        and not type(handler).__module__.startswith("_pytest")  # pytest's own capture
        and not any(isinstance(f, RedactSecrets) for f in [*handler.filters, *logger.filters])
    ]
    assert unfiltered == []


# --- Celery ---------------------------------------------------------------------------------


@pytest.fixture
def celery_written(restore_logging, monkeypatch):
    """What a worker's logging writes: Celery replaces the root handler with its own."""
    names = ["", "celery", "celery.task", "celery.redirected", "multiprocessing"]
    loggers = [logging.getLogger(name) for name in names]
    saved = [
        {**vars(logger), "handlers": logger.handlers[:], "filters": logger.filters[:]}
        for logger in loggers
    ]
    for variable in ("_MP_FORK_LOGLEVEL_", "_MP_FORK_LOGFILE_", "_MP_FORK_LOGFORMAT_"):
        monkeypatch.setenv(variable, "")  # the worker sets these; put them back after
    monkeypatch.setattr(CeleryLogging, "_setup", False)
    stream = io.StringIO()
    celery_app.log.setup_logging_subsystem(loglevel="INFO", logfile=stream, colorize=False)
    yield stream
    for logger, state in zip(loggers, saved, strict=True):
        vars(logger).update(state)  # handlers, filters, level, propagate


def test_the_celery_worker_writes_links_redacted(celery_written):
    link = f"https://legeportalen.no/survey/{TOKEN}/"
    logging.getLogger("celery.app.trace").info(
        "Task %(name)s[%(id)s] succeeded in %(runtime)ss: %(return_value)s",
        {"name": "feedback.tasks.x", "id": "1", "runtime": 0.1, "return_value": repr(link)},
    )
    get_task_logger("feedback.tasks").warning("Could not send %s", link)
    logging.getLogger("feedback.services").info("Sent %s", link)
    output = celery_written.getvalue()
    assert output.count("/survey/[redacted]/") == 3
    assert_redacted(output, TOKEN)


def test_every_handler_of_the_celery_worker_carries_the_filter(celery_written):
    loggers = [logging.getLogger(), get_multiprocessing_logger(), logging.getLogger("celery.task")]
    unfiltered = [
        f"{logger.name}: {type(handler).__name__}"
        for logger in loggers
        for handler in logger.handlers
        if not type(handler).__module__.startswith("_pytest")
        and not any(isinstance(f, RedactSecrets) for f in handler.filters)
    ]
    assert unfiltered == []


# --- gunicorn -------------------------------------------------------------------------------


@pytest.fixture
def gunicorn_logger(monkeypatch):
    """The logger gunicorn's arbiter makes, from a command line as in production."""
    made = []

    def make(*options: str):
        monkeypatch.chdir(ROOT)
        monkeypatch.setattr(sys, "argv", ["gunicorn", *options, "portal.wsgi"])
        cfg = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg
        made.append(cfg.logger_class(cfg))
        return made[-1]

    yield make
    for log in made:
        for logger in (log.error_log, log.access_log):
            for handler in logger.handlers[:]:
                logger.removeHandler(handler)
                handler.close()


def gunicorn_request(path: str, query: str = ""):
    """A request as gunicorn's workers hand it to ``Logger.access``."""
    referer = f"https://legeportalen.no{path}"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(headers=[("REFERER", referer), ("USER-AGENT", "Mozilla/5.0")])
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", path)])
    return response, request, environ, timedelta(milliseconds=12)


@pytest.mark.parametrize(
    "access_format",
    [
        None,  # gunicorn's default: '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
        '"%(r)s" %(U)s %(q)s %({referer}i)s %({location}o)s %({raw_uri}e)s',
    ],
    ids=["default format", "every atom that holds a path"],
)
def test_gunicorns_access_log_writes_paths_and_queries_redacted(
    gunicorn_logger, tmp_path, access_format
):
    access = tmp_path / "access.log"
    options = ["--access-logfile", str(access)]
    if access_format:
        options += ["--access-logformat", access_format]
    log = gunicorn_logger(*options)
    log.access(*gunicorn_request(f"/survey/{TOKEN}/", f"token={TOKEN}&page=2"))
    log.access(*gunicorn_request(f"/accounts/confirm-email/{KEY}/"))
    output = access.read_text()
    assert "/survey/[redacted]/" in output
    assert "/accounts/confirm-email/[redacted]/" in output
    if access_format:
        assert "token=[redacted]&page=2" in output
    assert_redacted(output, TOKEN, KEY)


def test_gunicorns_error_log_writes_a_failed_request_redacted(gunicorn_logger, tmp_path):
    errors = tmp_path / "error.log"
    log = gunicorn_logger("--error-logfile", str(errors))
    try:
        raise ValueError(f"bad request line: GET /survey/{TOKEN}/ HTTP/1.1")
    except ValueError:
        # as gunicorn's workers do in handle_error
        log.exception("Error handling request %s", f"/survey/{TOKEN}/?key={KEY}")
    output = errors.read_text()
    assert "Error handling request /survey/[redacted]/?key=[redacted]" in output
    assert_redacted(output, TOKEN, KEY)


def test_reloading_gunicorns_logger_does_not_stack_filters(gunicorn_logger, tmp_path):
    log = gunicorn_logger("--access-logfile", str(tmp_path / "access.log"))
    log.setup(log.cfg)
    for logger in (log.error_log, log.access_log):
        assert sum(isinstance(f, RedactSecrets) for f in logger.filters) == 1


@pytest.mark.parametrize(
    ("where", "command"),
    [
        ("Dockerfile", re.compile(r"^CMD \[.*\"gunicorn\".*\]$", re.MULTILINE)),
        ("docker-compose.yml", re.compile(r"gunicorn [^\"\]]+", re.MULTILINE)),
        ("bench/run.py", re.compile(r'str\(VENV / "gunicorn"\),[^\]]+\]', re.MULTILINE)),
    ],
)
def test_gunicorn_is_started_with_the_redacting_configuration(where, command):
    [started] = command.findall((ROOT / where).read_text())
    assert "gunicorn.conf.py" in started, f"{where} starts gunicorn without its config"


# --- Every secret URL of the project has a redaction rule -----------------------------------

SECRET_NAME = re.compile(r"token|key|\buid|code|secret|signature|nonce|hash", re.IGNORECASE)
# Parameters whose names look secret but are not; each with the reason.
NOT_SECRET = {
    # names one of the person's own consents ("track-<slug>"), behind their login
    ("privacy_consent_withdraw", "key"),
}
SAMPLE = "S3cr3tSampleValue9"


def named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def secret_urls():
    """(name, URL with SAMPLE in each secret-looking parameter) for every such pattern."""
    found = {}
    for name, pattern in named_patterns(get_resolver().url_patterns):
        parameters = pattern.pattern.regex.groupindex
        secret = [
            p
            for p in parameters
            if SECRET_NAME.search(p) and (name.rsplit(":", 1)[-1], p) not in NOT_SECRET
        ]
        if secret:
            kwargs = {p: SAMPLE if p in secret else "1" for p in parameters}
            found[name] = reverse(name, kwargs=kwargs)
    return sorted(found.items())


def test_the_secret_urls_are_found():
    assert dict(secret_urls()) == {
        "account_confirm_email": f"/accounts/confirm-email/{SAMPLE}/",
        "account_reset_password_from_key": f"/accounts/password/reset/key/{SAMPLE}-{SAMPLE}/",
        "feedback:survey": f"/survey/{SAMPLE}/",
        "sign_in_link": f"/sign-in/link/{SAMPLE}/",
        "recruitment:alert_confirm": f"/jobs/alerts/confirm/{SAMPLE}/",
        "unsubscribe": f"/unsubscribe/{SAMPLE}/",
    }


@pytest.mark.parametrize(("name", "url"), secret_urls())
def test_every_url_with_a_secret_in_its_path_is_redacted(name, url):
    lines = [
        f'10.0.0.7 - - [23/Nov/2026:12:00:00 +0100] "GET {url} HTTP/1.1" 200 512',
        f"Not Found: {url}",
        f"https://legeportalen.no{url}?page=2",
        f"/accounts/login/?next={quote(url, safe='')}",  # a link passed on, percent-encoded
    ]
    for line in lines:
        assert SAMPLE not in redact(line), f"{name}: {redact(line)}"
