"""The Celery app and the portal's one static beat schedule.

With no REDIS_URL, settings make every task run eagerly in-process and
``manage.py run_scheduler`` plays the part of beat with this same schedule.
Every periodic task is a short sweep that derives what is due from the database, so a
missed or repeated run does no harm (no long ETA/countdown tasks: Redis redelivers them).
"""

import logging
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import after_setup_logger, after_setup_task_logger
from celery.utils.log import get_multiprocessing_logger

from portal import discovery
from portal.log_filters import redact_on

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The tasks of every app and sub-package (``recruitment/hiring/tasks.py``), found as
# portal/discovery.py finds occasions and GDPR parts.
app.autodiscover_tasks(lambda: discovery.packages_with("tasks"))


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_secrets(logger, **kwargs):
    """A worker replaces the root logger's handlers (settings.LOGGING) with its own: they
    must redact secrets in URLs as well (portal/log_filters.py)."""
    redact_on(logger)
    if logger is logging.getLogger():  # the pool's logger is set up with the root's
        redact_on(get_multiprocessing_logger())


BEAT_SCHEDULE = {
    "scheduler-heartbeat": {"task": "portal.tasks.heartbeat", "schedule": 60.0},
    "sweep-notifications": {"task": "portal.tasks.sweep_notifications", "schedule": 120.0},
    # Work queued after a commit while the broker was away (portal/outbox.py).
    "sweep-outbox": {"task": "portal.tasks.sweep_outbox", "schedule": 60.0},
    "feedback-release-pending-responses": {
        "task": "feedback.tasks.release_pending_responses",
        "schedule": 15 * 60.0,
    },
    # Offer waves are released within a minute of their time; unanswered offers expire.
    "recruitment-release-offer-waves": {
        "task": "recruitment.hiring.tasks.release_offer_waves",
        "schedule": 60.0,
    },
    "recruitment-expire-offers": {
        "task": "recruitment.hiring.tasks.expire_offers",
        "schedule": 60.0,
    },
    # GDPR retention: delete or anonymise what is past its retention period, nightly.
    "portal-apply-retention": {
        "task": "portal.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
