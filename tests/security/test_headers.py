"""Headers and cookies as production sends them. Per page (CSP nonces on every script, no
inline handlers, X-Frame-Options, nosniff, no-store) the access matrix checks every URL;
here: the policy itself, HSTS, and the production settings read in a separate process."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

PRODUCTION_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "MEDIA_ROOT",
    "STATIC_ROOT",
]


@pytest.fixture(scope="module")
def production():
    """The settings a deployment runs with (tests/deploy_settings.py), read in a fresh
    process so nothing of the test settings leaks in."""
    leaky = {"DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in leaky}
    env["DJANGO_SETTINGS_MODULE"] = "tests.deploy_settings"
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: str(getattr(s, n)) for n in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_uses_https_only_with_hsts_for_a_year_and_subdomains(production):
    assert production["DEBUG"] == "False"
    assert production["SECURE_SSL_REDIRECT"] == "True"
    assert int(production["SECURE_HSTS_SECONDS"]) >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "True"


def test_production_cookies_are_secure_httponly_samesite_and_host_bound(production):
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert production[f"{cookie}_COOKIE_SECURE"] == "True", cookie
        assert production[f"{cookie}_COOKIE_HTTPONLY"] == "True", cookie
        assert production[f"{cookie}_COOKIE_SAMESITE"] in {"Lax", "Strict"}, cookie
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production["CSRF_COOKIE_NAME"].startswith("__Host-")


def test_production_framing_sniffing_and_referrer_rules(production):
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] == "True"
    assert production["SECURE_REFERRER_POLICY"] in {"same-origin", "strict-origin", "no-referrer"}
    assert production["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"


def test_uploaded_files_live_outside_the_static_files(production):
    media, static = production["MEDIA_ROOT"], production["STATIC_ROOT"]
    assert not media.startswith(static)
    assert not static.startswith(media)


def test_the_session_cookie_is_sent_with_its_protections(applicant, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": applicant.email, "password": "correct-horse-battery-staple"},
        secure=True,
    )
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_hsts_is_sent_on_https(client):
    response = client.get(reverse("home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_content_security_policy_allows_no_inline_script_or_foreign_source(client):
    response = client.get(reverse("home"))
    policy = dict(
        ([*part.split(" ", 1), ""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == "'self'"
    assert "'nonce-" in policy["script-src"]
    for directive in policy.values():
        assert "unsafe-inline" not in directive
        assert "unsafe-eval" not in directive
        assert "*" not in directive.split()
        assert "http:" not in directive
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"


def test_every_page_gets_a_fresh_nonce(client):
    first = client.get(reverse("home"))["Content-Security-Policy"]
    second = client.get(reverse("home"))["Content-Security-Policy"]
    assert first != second


def test_the_survey_page_is_never_cached_even_without_a_login(world):
    response = Client().get(reverse("feedback:survey", args=[world.survey_token]))
    assert "no-store" in response["Cache-Control"]
