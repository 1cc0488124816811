"""Keep secrets out of the logs.

Some URLs carry a secret in their path: the single-use survey link (whose token hashes to
the invitation, and so to an e-mail address: a log line "POST /survey/<token>/" with its
time would tie an answer to a person), the e-mail confirmation key, the password-reset
key, the sign-in link e-mailed to a throttled address. Servers log every request line,
Django logs the path of every 4xx/5xx answer, and a link passed on shows up
percent-encoded in a ``next=`` or a Referer. ``redact`` replaces
those secrets, and secret-looking query parameters, with a placeholder.

``RedactSecrets`` applies it to a log record (message, traceback and stack). It is wired
to every handler by ``LOGGING`` in settings (Django, the development server), to Celery's
handlers in portal/celery.py and to gunicorn's loggers in portal/gunicorn_logging.py.
tests/portal/test_logging.py fails when a URL pattern with a secret-looking parameter has
no rule here. Passwords and survey answers never reach a log call in the first place
(views use ``sensitive_post_parameters``).
"""

import logging
import re

# The path segment after one of these is a secret ("/survey/thanks/" is a page, not a link).
SECRET_PATHS = (
    "survey",
    "confirm-email",
    "password/reset/key",
    "sign-in/link",
    "jobs/alerts/confirm",  # a job alert's confirmation link
    "unsubscribe",  # an optional e-mail's unsubscribe link
)
REDACTED = "[redacted]"

_prefixes = "|".join(re.escape(path) for path in SECRET_PATHS)
SECRET_IN_PATH = re.compile(rf"(?P<prefix>/(?:{_prefixes})/)(?!thanks/)[^/\s?#\"']+")
# The same path percent-encoded, as in "/accounts/login/?next=%2Fsurvey%2F…%2F".
SECRET_IN_ENCODED_PATH = re.compile(
    rf"(?P<prefix>%2F(?:{_prefixes.replace('/', '%2F')})%2F)(?!thanks%2F)(?:(?!%2F)[^/\s?#&\"'])+",
    re.IGNORECASE,
)
# A query string: after "?" or "&", or at the start (gunicorn's ``%(q)s`` has no "?").
SECRET_IN_QUERY = re.compile(
    r"(?P<prefix>(?:^|[?&;])(?:token|key|code|password|secret)=)[^&;\s#\"']+", re.IGNORECASE
)

_formatter = logging.Formatter()


def redact(text: str) -> str:
    for pattern in (SECRET_IN_PATH, SECRET_IN_ENCODED_PATH, SECRET_IN_QUERY):
        text = pattern.sub(lambda m: m["prefix"] + REDACTED, text)
    return text


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call is not ours to fix here
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        # An exception's text may hold the path too; formatters reuse exc_text when set.
        if record.exc_info and not record.exc_text:
            record.exc_text = _formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def redact_on(logger: logging.Logger) -> None:
    """Redact everything logged to ``logger`` by any of its handlers, now or later
    (for loggers whose handlers other code sets up: Celery's, gunicorn's)."""
    if not any(isinstance(f, RedactSecrets) for f in logger.filters):
        logger.addFilter(RedactSecrets())
    for handler in logger.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
