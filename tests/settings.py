"""Test settings: the real stack (PostgreSQL, Redis) with the slow parts made fast."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SURVEY_HOLD_KEY", "dGVzdHMtb25seS1zdXJ2ZXktaG9sZC1rZXktMzJieXQ=")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/legeportalen")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# Each pytest-xdist worker has its own PostgreSQL database (pytest-django) and, from here,
# its own Redis database counting down from the one given (15, 14, …), so the tests that
# flush Redis (throttling, the real Celery worker) never touch another worker's data.
if (_worker := os.environ.get("PYTEST_XDIST_WORKER", "gw0")) != "gw0":
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    os.environ["REDIS_URL"] = f"{_base}/{(int(_db or 0) - int(_worker[2:])) % 16}"
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from portal.settings import *  # noqa: F403

# Tests assert on the English source strings, so they read the same whoever translates;
# the Norwegian default is tested explicitly (tests/portal/test_shell.py).
LANGUAGE_CODE = "en"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"  # the live server is plain HTTP: no "__Host-" cookies
CSRF_COOKIE_NAME = "csrftoken"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ACCOUNT_RATE_LIMITS = False
LOGIN_FAILED_NETWORK_LIMIT = ""  # throttling is tested with the production limits
JOB_ALERT_IP_LIMIT = JOB_ALERT_ADDRESS_LIMIT = ""  # their own tests set limits
# Survey tests write responses straight into the tables, which a cached unit score would
# not see; tests/performance/test_caching.py turns the cache on where it is tested.
UNIT_SCORES_CACHE_SECONDS = 0
# The pool is per process; tests open few connections and pytest-django recreates them.
DATABASES["default"].pop("OPTIONS", None)  # noqa: F405
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405
