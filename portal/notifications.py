"""Reminders and notifications: every occasion, each person, at most once.

An *occasion* (``Occasion``) is a small function that finds, from the database, who is due
a message about which object right now — "round closes in 7 days → applicants with an
unsent draft". Apps register their occasions in an ``occasions.py`` module.

The periodic sweep (``sweep``) asks every occasion who is due and inserts one
``Notification`` row per (recipient, occasion, object); the unique constraint turns a second
or concurrent sweep into a no-op. Delivery claims a row with a conditional UPDATE before
sending, so a row is sent once even if two workers get the same task. Transient SMTP
failures put the row back with a later ``next_attempt_at`` (the next sweep re-enqueues it:
no long countdown tasks, and a flushed broker loses nothing); permanent ones mark it failed.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules

from portal.models import Notification, NotificationSetting, User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A row left "sending" this long belongs to a worker that died mid-send. Whether the mail
# left is unknown, so it is marked failed for a person to retry rather than re-sent blindly.
STALE_CLAIM = timedelta(minutes=15)
DELIVERY_BATCH = 200


@dataclass(frozen=True)
class Due:
    """One person who should hear about one object now."""

    recipient_id: int
    obj: models.Model


@dataclass(frozen=True)
class Occasion:
    key: str
    label: str  # shown on the settings page
    reason: str  # "You get this e-mail because …" — every e-mail says why it was sent
    find_due: Callable[[datetime], Iterable[Due]]
    optional: bool = True  # legally or contractually required messages cannot be turned off
    context: Callable[[models.Model, User], dict] = field(default=lambda obj, user: {})
    link: Callable[[models.Model, User], str] = field(
        default=lambda obj, user: obj.get_absolute_url()
    )
    attachments: Callable[[models.Model, User], list[tuple[str, bytes, str]]] | None = None

    @property
    def template_prefix(self) -> str:
        return f"emails/{self.key}"


_registry: dict[str, Occasion] = {}


def register(occasion: Occasion) -> Occasion:
    _registry[occasion.key] = occasion
    return occasion


def occasions() -> dict[str, Occasion]:
    return dict(_registry)


def discover() -> None:
    autodiscover_modules("occasions")


# --- Sweeping ----------------------------------------------------------------------------


def materialise(occasion: Occasion, now: datetime) -> int:
    """Insert a row for everyone this occasion finds due. Returns how many were new."""
    due = list(occasion.find_due(now))
    if not due:
        return 0
    muted = set()
    if occasion.optional:
        muted = set(
            NotificationSetting.objects.filter(
                occasion=occasion.key,
                enabled=False,
                user_id__in={d.recipient_id for d in due},
            ).values_list("user_id", flat=True)
        )
    content_types = ContentType.objects.get_for_models(*{type(d.obj) for d in due})
    rows = [
        Notification(
            recipient_id=d.recipient_id,
            occasion=occasion.key,
            content_type=content_types[type(d.obj)],
            object_id=d.obj.pk,
            status=Notification.Status.SKIPPED
            if d.recipient_id in muted
            else Notification.Status.PENDING,
            next_attempt_at=now,
        )
        for d in due
    ]
    before = Notification.objects.filter(occasion=occasion.key).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return Notification.objects.filter(occasion=occasion.key).count() - before


def expire_stale_claims(now: datetime) -> int:
    return Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(
        status=Notification.Status.FAILED,
        last_error="Interrupted while sending; delivery uncertain. Retry by hand if needed.",
    )


def pending_ids(now: datetime) -> list[int]:
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Find everything due and enqueue its delivery (after this transaction commits)."""
    from portal.tasks import deliver_notifications

    now = now or timezone.now()
    created = {key: materialise(occasion, now) for key, occasion in _registry.items()}
    expire_stale_claims(now)
    ids = pending_ids(now)
    for start in range(0, len(ids), DELIVERY_BATCH):
        batch = ids[start : start + DELIVERY_BATCH]
        transaction.on_commit(lambda batch=batch: deliver_notifications.delay(batch))
    return created


# --- Delivery ------------------------------------------------------------------------------


class PermanentFailure(Exception):
    pass


def is_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPException | ConnectionError | TimeoutError | OSError)


def backoff(attempts: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min … between attempts."""
    return timedelta(seconds=30 * 4 ** max(attempts - 1, 0))


def claim(notification_id: int, now: datetime) -> bool:
    return bool(
        Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
            status=Notification.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    )


def absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def render_message(notification: Notification, occasion: Occasion, obj) -> EmailMultiAlternatives:
    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {
            "recipient": recipient,
            "object": obj,
            "link": absolute(occasion.link(obj, recipient)),
            "settings_link": absolute(reverse("notification_settings")),
            "reason": occasion.reason,
            "site_url": settings.SITE_URL,
            **occasion.context(obj, recipient),
        }
        prefix = occasion.template_prefix
        subject = " ".join(render_to_string(f"{prefix}/subject.txt", context).split())
        text = render_to_string(f"{prefix}/body.txt", context)
        html = render_to_string(f"{prefix}/body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in (
        occasion.attachments(obj, recipient) if occasion.attachments else ()
    ):
        message.attach(filename, content, mimetype)
    notification.subject, notification.body, notification.link = subject, text, context["link"]
    return message


def deliver(notification_id: int, now: datetime | None = None) -> str:
    """Send one notification if it can be claimed. Returns the resulting status."""
    now = now or timezone.now()
    if not claim(notification_id, now):
        return "not-claimed"
    notification = Notification.objects.select_related("recipient", "content_type").get(
        pk=notification_id
    )
    occasion = _registry.get(notification.occasion)
    obj = (
        notification.content_type.model_class()
        ._default_manager.filter(pk=notification.object_id)
        .first()
    )
    try:
        if occasion is None or obj is None or not notification.recipient.is_active:
            raise PermanentFailure("The occasion, object or recipient no longer exists.")
        render_message(notification, occasion, obj).send()
    except Exception as error:
        transient = not isinstance(error, PermanentFailure) and is_transient(error)
        retry = transient and notification.attempts < MAX_ATTEMPTS
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.PENDING if retry else Notification.Status.FAILED,
            next_attempt_at=now + backoff(notification.attempts) if retry else None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning(
            "Notification %s (%s) %s: %s",
            notification_id,
            notification.occasion,
            "will be retried" if retry else "failed",
            type(error).__name__,
        )
        return "retry" if retry else "failed"
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        subject=notification.subject[:250],
        body=notification.body,
        link=notification.link[:500],
        last_error="",
    )
    return "sent"


def retry_failed(ids: Iterable[int] | None = None) -> int:
    """Put failed notifications back in the queue (the coordinator's retry button)."""
    failed = Notification.objects.filter(status=Notification.Status.FAILED)
    if ids is not None:
        failed = failed.filter(pk__in=list(ids))
    return failed.update(
        status=Notification.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
    )


# --- Preferences -----------------------------------------------------------------------------


def preferences(user: User) -> list[tuple[Occasion, bool]]:
    disabled = set(
        NotificationSetting.objects.filter(user=user, enabled=False).values_list(
            "occasion", flat=True
        )
    )
    return [
        (occasion, occasion.key not in disabled)
        for occasion in sorted(_registry.values(), key=lambda o: str(o.label))
    ]


@transaction.atomic
def set_preferences(user: User, enabled_keys: set[str]) -> None:
    """Store which optional occasions the user wants. Required ones cannot be turned off."""
    for occasion in _registry.values():
        if not occasion.optional:
            continue
        NotificationSetting.objects.update_or_create(
            user=user, occasion=occasion.key, defaults={"enabled": occasion.key in enabled_keys}
        )
