from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "portal:scheduler-heartbeat"


@shared_task(name="portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Lets /healthz tell whether the scheduler and a worker are running."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=60 * 60)


@shared_task(name="portal.tasks.sweep_notifications", ignore_result=True)
def sweep_notifications() -> dict[str, int]:
    """Every few minutes: find who is due a reminder and enqueue delivery."""
    from portal import notifications

    return notifications.sweep()


@shared_task(name="portal.tasks.deliver_notifications", ignore_result=True)
def deliver_notifications(notification_ids: list[int]) -> None:
    """Send the given notifications. Each is claimed first, so running twice is harmless."""
    from portal import notifications

    for notification_id in notification_ids:
        notifications.deliver(notification_id)
