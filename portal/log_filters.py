"""Keep secrets out of the logs.

Some URLs carry a secret in their path: the single-use survey link, the e-mail
confirmation key, the password-reset key, the sign-in link of a throttled address. Django
logs the path of every 4xx/5xx answer ("Not Found: /survey/…/"), so this filter, attached
to the log handlers in settings, replaces those secrets before a line is written anywhere.
Passwords and survey answers never reach a log call in the first place (views use
``sensitive_post_parameters``).
"""

import logging
import re

SECRET_IN_PATH = re.compile(
    r"(?P<prefix>/survey/|/confirm-email/|/password/reset/key/|/sign-in/link/)(?!thanks/)"
    r"[^/\s?\"']+"
)
SECRET_IN_QUERY = re.compile(r"(?P<prefix>[?&](?:token|key|code|password)=)[^&\s\"']+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    text = SECRET_IN_PATH.sub(lambda m: m["prefix"] + REDACTED, text)
    return SECRET_IN_QUERY.sub(lambda m: m["prefix"] + REDACTED, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call is not ours to fix here
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
