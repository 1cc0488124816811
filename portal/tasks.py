from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "portal:scheduler-heartbeat"


@shared_task(name="portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Lets /healthz tell whether the scheduler and a worker are running."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=60 * 60)
