from datetime import datetime

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from portal import gdpr, notifications, outbox, throttle
from portal.dashboard import data

HEARTBEAT_KEY = "portal:scheduler-heartbeat"


@shared_task(name="portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Lets /healthz tell whether the scheduler and a worker are running."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=60 * 60)


@shared_task(name="portal.tasks.sweep_notifications", ignore_result=True)
def sweep_notifications() -> dict[str, int]:
    """Every few minutes: find who is due a reminder and enqueue delivery."""
    return notifications.sweep()


@shared_task(name="portal.tasks.sweep_outbox", ignore_result=True)
def sweep_outbox() -> dict[str, int]:
    """Every minute: queue the work the broker missed at commit (portal/outbox.py)."""
    return outbox.sweep()


@shared_task(name="portal.tasks.deliver_notifications", ignore_result=True)
def deliver_notifications(notification_ids: list[int], at: str | None = None) -> None:
    """Send the given notifications. Each is claimed first, so running twice is harmless.
    ``at``: the moment a sweep was run at, when it was given one (ISO 8601)."""
    notifications.deliver_batch(notification_ids, datetime.fromisoformat(at) if at else None)


@shared_task(name="portal.tasks.apply_retention", ignore_result=True)
def apply_retention() -> dict[str, int]:
    """Nightly: delete or anonymise personal data past its retention period (GDPR)."""
    return gdpr.apply_retention()


@shared_task(name="portal.tasks.refresh_dashboard", ignore_result=True)
def refresh_dashboard(organisation_ids: list[int] | None, filters: dict, language: str) -> None:
    """Rebuild a dashboard whose cached figures have aged (see portal/dashboard/data.py)."""
    data.refresh(organisation_ids, filters, language)


@shared_task(name="portal.tasks.send_sign_in_link", ignore_result=True)
def send_sign_in_link(user_id: int | None) -> None:
    """E-mail the link that finishes a sign-in from a throttled address (portal/throttle.py).
    Queued for wrong passwords too, as ``None``, so that both answers cost the same."""
    if user_id is None:
        return
    throttle.send_link(user_id)
