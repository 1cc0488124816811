"""Settings for Legeportalen, read from the environment.

Every value that differs between a laptop, CI and production comes from an environment
variable through the small typed helpers below. A malformed value stops the process at
start-up with a message naming the variable, instead of surfacing later as odd behaviour.

With nothing set the portal runs on SQLite with tasks executed in-process (the embedded
default used by ``make demo``); with ``DATABASE_URL``/``REDIS_URL`` set it uses PostgreSQL
and a Celery worker on Redis, as in tests and production.
"""

import base64
import hashlib
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {value}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


_RATE = re.compile(r"^[1-9]\d*/(?:\d+(?:\.\d+)?)?[smhd](?:/(ip|key))?$")


def env_rates(name: str, default: str) -> dict[str, str]:
    """Rate limits such as ``20/10m/ip,5/5m/key`` (allauth's notation), grouped by what
    they count: ``ip``, the client's address (the default), or ``key``, the account."""
    grouped: dict[str, list[str]] = {"ip": [], "key": []}
    for part in env_list(name, default):
        match = _RATE.match(part)
        if match is None:
            raise ImproperlyConfigured(
                f"{name} must be rates such as 20/10m/ip,5/5m/key, got {part!r}"
            )
        grouped[match[1] or "ip"].append(part)
    return {per: ",".join(rates) for per, rates in grouped.items()}


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105

# The key that seals survey answers while they are held before release (feedback/sealing.py):
# 32 random bytes, URL-safe base64 (``manage.py survey_hold_key`` makes one). Whoever holds it
# could read held answers; without it neither the database nor its backups can (SECURITY.md).
# SURVEY_HOLD_OLD_KEYS lists earlier keys, still accepted for opening, while answers sealed
# with them wait. In development only, a key is derived from SECRET_KEY.
SURVEY_HOLD_KEY = env_str("SURVEY_HOLD_KEY")
if not SURVEY_HOLD_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SURVEY_HOLD_KEY must be set when DEBUG is off (manage.py survey_hold_key makes one)"
        )
    SURVEY_HOLD_KEY = base64.urlsafe_b64encode(
        hashlib.sha256(b"legeportalen-survey-hold:" + SECRET_KEY.encode()).digest()
    ).decode()
SURVEY_HOLD_OLD_KEYS = env_list("SURVEY_HOLD_OLD_KEYS")
for _name, _key in [("SURVEY_HOLD_KEY", SURVEY_HOLD_KEY)] + [
    ("SURVEY_HOLD_OLD_KEYS", key) for key in SURVEY_HOLD_OLD_KEYS
]:
    try:
        if len(base64.urlsafe_b64decode(_key.encode())) != 32:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            f"{_name} must be 32 bytes in URL-safe base64 (manage.py survey_hold_key)"
        ) from None

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The portal's name in e-mails and on the Site row (allauth's mails greet from it); the
# Site row is set from SITE_NAME and SITE_URL after every migrate (portal/site.py).
SITE_NAME = env_str("SITE_NAME", "Legeportalen")
SITE_ID = 1

INSTALLED_APPS = [
    "portal",
    "recruitment",
    "careers",
    "feedback",
    "demo",  # demo and scale data commands; the runtime apps never import it
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
]

MIDDLEWARE = [
    "portal.clock.ArrivalMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.sessions.SessionMiddleware",  # Django's, with no session for the survey
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.security.SessionSecurityMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "recruitment.context_processors.applicant_menu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
# Seconds a request waits for a pooled connection, and for a new connection to open.
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", 3, minimum=1)
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 2, minimum=1)
if DATABASE_URL:
    from portal.dbpool import check_connection

    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's pool keeps connections open between requests; CONN_MAX_AGE must be 0.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"] = {
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN", 2),
                "max_size": env_int("DATABASE_POOL_MAX", 10),
                # How long a request waits for a connection: short, so that with the
                # database away a page answers a friendly 503 in seconds instead of
                # hanging (portal/outage.py).
                "timeout": DATABASE_POOL_TIMEOUT,
                # A connection is checked (an empty query) as it leaves the pool: those
                # a database restart killed are replaced instead of failing a request
                # (portal/dbpool.py).
                "check": check_connection,
                # A failed reconnection backs off (1, 2, 4 s …) and is given up after
                # this long; the next request starts afresh. Short, so that once the
                # database is back the site recovers within seconds, not minutes.
                "reconnect_timeout": 10,
            },
            # A database that does not answer is given up on after this many seconds.
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            # PostgreSQL's default (4) assumes spinning disks; on SSDs, or with the working
            # set in memory, index lookups are nearly as cheap as sequential reads. With 4
            # the planner scanned all 70,000 applications for a busy posting's applicant
            # list instead of looking up its 1,000 (10 ms against 3 ms, bench/README.md).
            # JIT compilation off: the board's queries are estimated dear (the open and
            # restplass rules), so PostgreSQL compiled them each time, 0.8–7 s of a
            # 0.1 s query on 5,000 postings (README, "Job board search").
            "options": (
                f"-c random_page_cost={env_str('DATABASE_RANDOM_PAGE_COST') or '1.1'} -c jit=off"
            ),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "db.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# Seconds to wait for Redis (cache, broker, /healthz) before treating it as away.
REDIS_SOCKET_TIMEOUT = env_int("REDIS_SOCKET_TIMEOUT", 1, minimum=1)
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, reusing its Redis client, failing soft while Redis is away.
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "legeportalen",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    # Shared by the web process and the in-process scheduler (a locmem cache is not).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / "var" / "cache",
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Oslo"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queueing a task from a web request gives up quickly when the broker is away: the work
# waits in the outbox (portal/outbox.py) for the sweep instead of holding the request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": max(REDIS_SOCKET_TIMEOUT, 5),  # above the worker's 1 s BRPOP
    # Reconnecting to publish: once, at once (kombu's default waits 2 s, then again …).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Legeportalen] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
# Failed logins are throttled per account and per address for a time window only, so an
# attacker can slow an account down but never lock its owner out for good. allauth counts
# per account; the per-address limit is portal/throttle.py's, which never refuses a right
# password: a hospital's staff share one address.
_LOGIN_FAILED = env_rates("LOGIN_FAILED_RATE_LIMIT", "20/10m/ip,5/5m/key")
LOGIN_FAILED_NETWORK_LIMIT = _LOGIN_FAILED["ip"]
# Job alerts created (recruitment/alerts.py): per network address, and confirmation
# e-mails per e-mail address (beyond it the same answer is given, and nothing is sent).
JOB_ALERT_IP_LIMIT = env_str("JOB_ALERT_IP_LIMIT", "20/1h/ip")
JOB_ALERT_ADDRESS_LIMIT = env_str("JOB_ALERT_ADDRESS_LIMIT", "3/1h/key")
# How long the confirmation link of a job alert works.
JOB_ALERT_CONFIRM_DAYS = env_int("JOB_ALERT_CONFIRM_DAYS", 7, minimum=1)
# How long the link that finishes a sign-in from a throttled address works (once).
SIGN_IN_LINK_SECONDS = env_int("SIGN_IN_LINK_SECONDS", 15 * 60, minimum=60)
ACCOUNT_RATE_LIMITS = {
    "login_failed": _LOGIN_FAILED["key"],
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
}
# Behind a reverse proxy that sets X-Forwarded-For, how many proxies to trust. With a
# trusted proxy, its X-Request-Start header (which it must set itself) is when a request
# reached the portal, for deadlines (portal/clock.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# An X-Request-Start older than this many seconds is not believed.
REQUEST_START_MAX_AGE = env_int("REQUEST_START_MAX_AGE", 60, minimum=1)
# Seconds after a deadline in which a submission that reaches the portal is still
# accepted (shown with the deadline on the application page). 0: none.
DEADLINE_GRACE_SECONDS = env_int("DEADLINE_GRACE_SECONDS", 0, minimum=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Legeportalen"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Uploaded documents are private: never under STATIC_ROOT, never served by a URL prefix.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Applicants' PDFs: the most a single upload may weigh.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Each upload is parsed and rewritten in a process of its own (recruitment/applications/
# pdf.py); a PDF that needs more than this is refused as too complex. Objects: every
# dictionary, array, number, name and string. Decoded bytes: all streams together, and the
# most one stream may decode to. Memory and seconds: the process's address space and CPU.
DOCUMENT_PDF_MAX_OBJECTS = env_int("DOCUMENT_PDF_MAX_OBJECTS", 1_000_000, minimum=1000)
DOCUMENT_PDF_MAX_DECODED_BYTES = env_int(
    "DOCUMENT_PDF_MAX_DECODED_BYTES", 256 * 1024 * 1024, minimum=1024 * 1024
)
DOCUMENT_PDF_MAX_MEMORY_BYTES = env_int(
    "DOCUMENT_PDF_MAX_MEMORY_BYTES", 768 * 1024 * 1024, minimum=128 * 1024 * 1024
)
DOCUMENT_PDF_MAX_SECONDS = env_int("DOCUMENT_PDF_MAX_SECONDS", 15, minimum=1)

# Ranked choices use a deferrable unique rank so a reorder can swap ranks in one
# transaction. SQLite (the embedded demo) cannot defer it; PostgreSQL, which tests and
# production use, enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W038"]

# --- E-mail --------------------------------------------------------------------------------
# Django 6.1 mailers. EMAIL_BACKEND picks the backend; with DEBUG on, mail is written to
# files under EMAIL_FILE_PATH (var/mail), one per message, never printed to the console
# (seeding the demo sends receipts and invitations, whose sources would flood it).
EMAIL_BACKEND_NAME = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mailer_options: dict = {}
if EMAIL_BACKEND_NAME.endswith("smtp.EmailBackend"):
    _mailer_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
elif EMAIL_BACKEND_NAME.endswith("filebased.EmailBackend"):
    _mailer_options = {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_NAME, "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Legeportalen <noreply@legeportalen.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security --------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Scripts read the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# "__Host-" cookies are only accepted over HTTPS, for this host, on every path.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# A session ends after an hour unused, and in any case twelve hours after login.
# The anonymous survey's pages neither read nor write a session (portal/sessions.py).
SESSIONLESS_PATHS = ["/survey/"]
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
# The page warns this many seconds before the session would end unused, with a button to
# stay signed in (WCAG 2.2.1); at most half the idle timeout.
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 2 * 60, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Forms ----------------------------------------------------------------------------------
FORM_RENDERER = "portal.forms.FormRenderer"  # lang="en" on the English half of bilingual texts
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Domain settings --------------------------------------------------------------------------
JOB_BOARD_PAGE_SIZE = env_int("JOB_BOARD_PAGE_SIZE", 20)
# How long the job board's rendered filter form and results are reused (recruitment/caching.py).
BOARD_CACHE_SECONDS = env_int("BOARD_CACHE_SECONDS", 60)
# How long a unit's published survey scores are reused on its postings (feedback_tags).
UNIT_SCORES_CACHE_SECONDS = env_int("UNIT_SCORES_CACHE_SECONDS", 60 * 60)
# `make bench` only: routes the baseline page (base.html, no queries) it measures against.
BENCH = env_bool("BENCH", default=False)

# Employer workflow (recruitment/hiring): days to answer an offer made outside the waves;
# the reminder before an answer deadline; how long before an interview a booking can be
# made, moved or cancelled; how long after refusing a request to be left off the public
# applicant list before it may be published (the applicant may withdraw meanwhile).
HIRING_OFFER_RESPONSE_DAYS = env_int("HIRING_OFFER_RESPONSE_DAYS", 3)
HIRING_OFFER_REMINDER_DAYS = env_int("HIRING_OFFER_REMINDER_DAYS", 2)
HIRING_INTERVIEW_CHANGE_HOURS = env_int("HIRING_INTERVIEW_CHANGE_HOURS", 24)
HIRING_EXEMPTION_NOTICE_HOURS = env_int("HIRING_EXEMPTION_NOTICE_HOURS", 48)
# GDPR retention: days after a posting closes before an unsuccessful application is
# deleted, or anonymised where the employer must keep a record (see portal/gdpr.py).
APPLICATION_RETENTION_DAYS = env_int("APPLICATION_RETENTION_DAYS", 120)
APPLICATION_RETENTION_DAYS_INTERVIEWED = env_int("APPLICATION_RETENTION_DAYS_INTERVIEWED", 540)
# Coupled tracks (careers/tracks/coupling.py): at most this per cent of a hospital trust's
# LIS1 posts in a round may be coupled to a municipal post ("up to about half", DESIGN.md CT).
TRACK_COUPLING_LIMIT_PERCENT = env_int("TRACK_COUPLING_LIMIT_PERCENT", 50, minimum=0, maximum=100)
# Dashboards (portal/dashboard/): how long figures are reused, how far ahead "upcoming" looks.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 60)  # then refreshed by a task
DASHBOARD_STALE_SECONDS = env_int("DASHBOARD_STALE_SECONDS", 15 * 60)  # shown while refreshing
DASHBOARD_UPCOMING_DAYS = env_int("DASHBOARD_UPCOMING_DAYS", 30)

# Reminders (portal/notifications.py and each app's occasions.py): when each one is due.
REMINDER_DRAFT_FIRST_DAYS = env_int("REMINDER_DRAFT_FIRST_DAYS", 7)  # before a round closes
REMINDER_DRAFT_LAST_DAYS = env_int("REMINDER_DRAFT_LAST_DAYS", 1)
REMINDER_POSTING_CLOSED_WITHIN_DAYS = env_int("REMINDER_POSTING_CLOSED_WITHIN_DAYS", 2)
REMINDER_SURVEY_FIRST_DAYS = env_int("REMINDER_SURVEY_FIRST_DAYS", 3)  # after the link was sent
REMINDER_SURVEY_SECOND_DAYS = env_int("REMINDER_SURVEY_SECOND_DAYS", 7)
REMINDER_EVENT_HOURS = env_int("REMINDER_EVENT_HOURS", 24)  # before an event starts

# Every handler carries the filter that redacts secrets in URLs (portal/log_filters.py).
# Django's defaults give the "django" and "django.server" loggers handlers of their own
# that it would not see, so both are replaced: "django" only propagates to the root (no
# DEBUG console copy; no e-mail to ADMINS, whose report holds the request's path), and the
# development server keeps its format through a filtered handler. "django" stays at INFO
# whatever LOG_LEVEL says: its DEBUG lines include SQL with parameters (a token's hash).
# Celery's and gunicorn's own handlers are filtered in portal/celery.py and
# portal/gunicorn_logging.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "portal.log_filters.RedactSecrets"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run in-process (the embedded set-up): a line per finished task would bury the
    # console (seeding the demo delivers each message as a task). Failures still show.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
