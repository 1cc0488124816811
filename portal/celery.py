"""The Celery app and the portal's one static beat schedule.

With no REDIS_URL, settings make every task run eagerly in-process and
``manage.py run_scheduler`` plays the part of beat with this same schedule.
Every periodic task is a short sweep that derives what is due from the database, so a
missed or repeated run does no harm (no long ETA/countdown tasks: Redis redelivers them).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

BEAT_SCHEDULE = {
    "scheduler-heartbeat": {"task": "portal.tasks.heartbeat", "schedule": 60.0},
    "sweep-notifications": {"task": "portal.tasks.sweep_notifications", "schedule": 120.0},
}
app.conf.beat_schedule = BEAT_SCHEDULE
