"""Production settings as a deployment would set them, for `check --deploy` in `make lint`
and in the test suite."""

import os

os.environ.update(
    {
        "DEBUG": "false",
        "SECRET_KEY": "deploy-check-" + "x" * 60,
        "SURVEY_HOLD_KEY": "ZGVwbG95LWNoZWNrLXN1cnZleS1ob2xkLWtleS0zMmI=",
        "ALLOWED_HOSTS": "legeportalen.example.no",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/legeportalen",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SECURE_SSL_REDIRECT": "true",
    }
)

from portal.settings import *  # noqa: F403
