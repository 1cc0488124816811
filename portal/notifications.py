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

Most notifications go to a user. A few go to an address without an account (a survey
invitee who was invited by e-mail): their ``Due`` has no ``recipient_id`` and the occasion's
``address`` gives the e-mail address and language from the object at sending time, so no
copy of the address is kept here; the object itself then stands for the person.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

from portal.models import Notification, NotificationSetting, User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A row left "sending" this long belongs to a worker that died mid-send. Whether the mail
# left is unknown, so it is marked failed for a person to retry rather than re-sent blindly.
STALE_CLAIM = timedelta(minutes=15)
DELIVERY_BATCH = 200


@dataclass(frozen=True)
class Due:
    """One person who should hear about one object now. ``recipient_id`` is None for a
    person without an account; the occasion's ``address`` then finds where to write."""

    recipient_id: int | None
    obj: models.Model


@dataclass(frozen=True)
class Occasion:
    key: str
    label: str  # shown on the settings page
    reason: str  # "You get this e-mail because …" — every e-mail says why it was sent
    find_due: Callable[[datetime], Iterable[Due]]
    optional: bool = True  # legally or contractually required messages cannot be turned off
    # ``user`` is None for a recipient without an account (see ``address``).
    context: Callable[[models.Model, User | None], dict] = field(default=lambda obj, user: {})
    link: Callable[[models.Model, User | None], str] = field(
        default=lambda obj, user: obj.get_absolute_url()
    )
    attachments: Callable[[models.Model, User | None], list[tuple[str, bytes, str]]] | None = None
    # Templates under emails/<template>/ (default: the key), so related occasions can share.
    template: str = ""
    # Who sees this kind on the settings page (default: everyone).
    shown_to: Callable[[User], bool] | None = None
    # Context keys that go into the e-mail but never into the stored copy (a personal
    # single-use link): the inbox shows the message with them replaced by a placeholder.
    secret_context: tuple[str, ...] = ()
    # For recipients without an account: (e-mail address, language) found from the object.
    address: Callable[[models.Model], tuple[str, str] | None] | None = None
    # Asked again just before sending (a retry may come much later): False when the reason
    # has gone — the draft was sent, the survey answered — and the row is marked obsolete.
    still_due: Callable[[models.Model, User | None], bool] | None = None
    # How a delivery batch loads its objects, by id (default: in one query, with nothing
    # related). An occasion whose e-mail shows related rows loads them here for the whole
    # batch, so ``context`` can read them without a query per e-mail.
    load: Callable[[list[int]], dict[int, models.Model]] | None = None

    @property
    def template_prefix(self) -> str:
        return f"emails/{self.template or self.key}"

    def is_shown_to(self, user: User) -> bool:
        return self.shown_to is None or bool(self.shown_to(user))


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
    """Insert a row for everyone this occasion finds due who has none yet. Returns how
    many rows were added. Rows that exist are looked up first, so a sweep that finds the
    same people again writes nothing; the unique constraint settles any race."""
    due = list(occasion.find_due(now))
    if not due:
        return 0
    content_types = ContentType.objects.get_for_models(*{type(d.obj) for d in due})
    object_ids = sorted({d.obj.pk for d in due})
    existing = set()
    for start in range(0, len(object_ids), 500):
        existing |= set(
            Notification.objects.filter(
                occasion=occasion.key, object_id__in=object_ids[start : start + 500]
            ).values_list("recipient_id", "content_type_id", "object_id")
        )
    new: dict[tuple, Due] = {}
    for d in due:
        key = (d.recipient_id, content_types[type(d.obj)].pk, d.obj.pk)
        if key not in existing:
            new.setdefault(key, d)
    if not new:
        return 0
    muted = set()
    if occasion.optional:
        muted = set(
            NotificationSetting.objects.filter(
                occasion=occasion.key,
                enabled=False,
                user_id__in={d.recipient_id for d in new.values() if d.recipient_id},
            ).values_list("user_id", flat=True)
        )
    rows = [
        Notification(
            recipient_id=d.recipient_id,
            occasion=occasion.key,
            content_type_id=content_type_id,
            object_id=object_id,
            status=Notification.Status.SKIPPED
            if d.recipient_id in muted
            else Notification.Status.PENDING,
            next_attempt_at=now,
        )
        for (_recipient, content_type_id, object_id), d in new.items()
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
    """Find everything due and enqueue its delivery (after this transaction commits).

    An occasion that fails (a bug, a missing table) is logged and skipped, so it cannot
    hold up the others.
    """
    from portal.tasks import deliver_notifications

    now = now or timezone.now()
    created = {}
    for key, occasion in list(_registry.items()):
        try:
            with transaction.atomic():
                created[key] = materialise(occasion, now)
        except Exception:
            logger.exception("Finding who is due for %s failed", key)
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
    """Claim one row if it is still pending, in one conditional UPDATE; True if this caller
    now owns it (a concurrent worker's UPDATE finds it taken and gets False)."""
    return bool(
        Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
            status=Notification.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    )


def absolute(url: str) -> str:
    if not url:
        return ""
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def render_message(
    notification: Notification, occasion: Occasion, obj, to: str, language: str
) -> EmailMultiAlternatives:
    """The e-mail in the recipient's language; its stored copy (for the inbox) is set on
    ``notification`` without the occasion's secret context."""
    recipient = notification.recipient
    with translation.override(language):
        context = {
            "recipient": recipient,
            "object": obj,
            "link": absolute(occasion.link(obj, recipient)),
            # Someone without an account has no settings page; the e-mail says so instead.
            "settings_link": absolute(reverse("notification_settings")) if recipient else "",
            "reason": occasion.reason,
            "site_url": settings.SITE_URL,
            **occasion.context(obj, recipient),
        }
        prefix = occasion.template_prefix
        subject = " ".join(render_to_string(f"{prefix}/subject.txt", context).split())
        text = render_to_string(f"{prefix}/body.txt", context)
        html = render_to_string(f"{prefix}/body.html", context)
        stored = text
        if occasion.secret_context:
            hidden = gettext("(sent only in the e-mail)")
            stored = render_to_string(
                f"{prefix}/body.txt",
                {**context, **dict.fromkeys(occasion.secret_context, hidden)},
            )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
            # Lets people (and tests) filter by kind of reminder.
            "X-Legeportalen-Occasion": occasion.key,
        },
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in (
        occasion.attachments(obj, recipient) if occasion.attachments else ()
    ):
        message.attach(filename, content, mimetype)
    notification.subject, notification.body, notification.link = subject, stored, context["link"]
    return message


def _destination(notification: Notification, occasion: Occasion, obj) -> tuple[str, str]:
    """(address, language) to write to, or PermanentFailure."""
    recipient = notification.recipient
    if recipient is not None:
        if not recipient.is_active:
            raise PermanentFailure("The recipient's account is closed.")
        return recipient.email, recipient.language or settings.LANGUAGE_CODE
    found = occasion.address(obj) if occasion.address else None
    if not found or not found[0]:
        raise PermanentFailure("There is no address to send to.")
    return found[0], found[1] or settings.LANGUAGE_CODE


def deliver(notification_id: int, now: datetime | None = None) -> str:
    """Send one notification if it can be claimed. Returns the resulting status."""
    return deliver_batch([notification_id], now).get(notification_id, "not-claimed")


def _load_objects(notifications: list[Notification]) -> dict[tuple[int, int], models.Model]:
    """Every notification's object, a query per occasion and kind of object."""
    wanted: dict[tuple[str, int], set[int]] = {}
    for notification in notifications:
        key = (notification.occasion, notification.content_type_id)
        wanted.setdefault(key, set()).add(notification.object_id)
    content_types = {n.content_type_id: n.content_type for n in notifications}
    found: dict[tuple[int, int], models.Model] = {}
    for (key, content_type_id), ids in wanted.items():
        occasion = _registry.get(key)
        model = content_types[content_type_id].model_class()
        if model is None:
            continue
        if occasion is not None and occasion.load is not None:
            objects = occasion.load(sorted(ids))
        else:
            objects = model._default_manager.in_bulk(sorted(ids))
        found.update(((content_type_id, pk), obj) for pk, obj in objects.items())
    return found


def deliver_batch(notification_ids: Iterable[int], now: datetime | None = None) -> dict[int, str]:
    """Send the given notifications that can be claimed; returns each one's status
    ("sent", "retry", "failed", "obsolete"). The sweep hands workers batches of ids.

    Everything a batch needs is loaded up front: the rows, their recipients and objects,
    and what the occasion's ``load`` adds. Each e-mail is rendered, sent and marked sent in
    its own transaction, so
    whatever rendering wrote (a survey reminder issues a fresh single-use link) is undone
    if it could not be sent, and a worker that dies leaves at most one row uncertain.
    """
    now = now or timezone.now()
    notifications = list(
        Notification.objects.select_related("recipient", "content_type")
        .filter(pk__in=list(notification_ids), status=Notification.Status.PENDING)
        .order_by("pk")
    )
    if not notifications:
        return {}
    objects = _load_objects(notifications)
    results = {}
    # One connection to the mail server for the whole batch, opened by the first message
    # (opening one, with TLS and a login, costs more than sending a message over it).
    mailer = mailers.default
    try:
        for notification in notifications:
            # Claimed one at a time, right before sending: a worker killed mid-batch
            # leaves the rest pending for the next sweep, not stuck as "sending".
            if not claim(notification.pk, now):
                continue  # another worker has it
            notification.attempts += 1
            obj = objects.get((notification.content_type_id, notification.object_id))
            results[notification.pk] = _deliver_claimed(notification, obj, now, mailer)
    finally:
        _close(mailer)
    return results


def _close(mailer) -> None:
    """Close the connection, which may already be broken (that is why it is closed)."""
    try:
        mailer.close()
    except (smtplib.SMTPException, OSError):
        logger.info("Closing a broken connection to the mail server failed", exc_info=True)


def _deliver_claimed(notification: Notification, obj, now: datetime, mailer) -> str:
    occasion = _registry.get(notification.occasion)
    rows = Notification.objects.filter(pk=notification.pk)
    try:
        if occasion is None or obj is None:
            raise PermanentFailure("The occasion or its object no longer exists.")
        to, language = _destination(notification, occasion, obj)
        if occasion.still_due and not occasion.still_due(obj, notification.recipient):
            rows.update(status=Notification.Status.OBSOLETE, next_attempt_at=None)
            return "obsolete"
        with transaction.atomic():
            message = render_message(notification, occasion, obj, to, language)
            mailer.open()  # connects for the first message, or after a failure
            mailer.send_messages([message])
            rows.update(
                status=Notification.Status.SENT,
                sent_at=timezone.now(),
                subject=notification.subject[:250],
                body=notification.body,
                link=notification.link[:500],
                last_error="",
            )
    except Exception as error:
        transient = not isinstance(error, PermanentFailure) and is_transient(error)
        if transient:
            _close(mailer)  # it may be broken: the next message opens a new one
        retry = transient and notification.attempts < MAX_ATTEMPTS
        rows.update(
            status=Notification.Status.PENDING if retry else Notification.Status.FAILED,
            next_attempt_at=now + backoff(notification.attempts) if retry else None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning(
            "Notification %s (%s) %s: %s",
            notification.pk,
            notification.occasion,
            "will be retried" if retry else "failed",
            type(error).__name__,
        )
        return "retry" if retry else "failed"
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
    """The kinds of e-mail this person can get, and whether each is on."""
    disabled = set(
        NotificationSetting.objects.filter(user=user, enabled=False).values_list(
            "occasion", flat=True
        )
    )
    return [
        (occasion, occasion.key not in disabled)
        for occasion in sorted(_registry.values(), key=lambda o: str(o.label))
        if occasion.is_shown_to(user)
    ]


@transaction.atomic
def set_preferences(user: User, enabled_keys: set[str]) -> None:
    """Store which optional occasions the user wants. Required ones cannot be turned off,
    and kinds the person is not shown (staff-only ones) are left as they were."""
    for occasion in _registry.values():
        if not occasion.optional or not occasion.is_shown_to(user):
            continue
        NotificationSetting.objects.update_or_create(
            user=user, occasion=occasion.key, defaults={"enabled": occasion.key in enabled_keys}
        )


def mark_read(user: User, ids: Iterable[str | int], now: datetime) -> int:
    """Mark the person's own messages read: those they were shown and asked to mark (a
    message that arrived since stays new). Ids that are not the person's are ignored."""
    wanted = {int(i) for i in map(str, ids) if i.isdecimal() and len(i) <= 18}
    return Notification.objects.filter(
        pk__in=wanted, recipient=user, status=Notification.Status.SENT, read_at__isnull=True
    ).update(read_at=now)


# --- Figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OccasionCount:
    key: str
    label: str
    counts: dict[str, int]  # per Notification.Status value

    @property
    def sent(self) -> int:
        return self.counts.get(Notification.Status.SENT, 0)

    @property
    def failed(self) -> int:
        return self.counts.get(Notification.Status.FAILED, 0)

    @property
    def waiting(self) -> int:
        return self.counts.get(Notification.Status.PENDING, 0) + self.counts.get(
            Notification.Status.SENDING, 0
        )

    @property
    def skipped(self) -> int:
        return self.counts.get(Notification.Status.SKIPPED, 0)


def occasion_counts(
    *, since: datetime | None = None, until: datetime | None = None
) -> list[OccasionCount]:
    """Notifications per occasion and status, created in [since, until). One query."""
    rows = Notification.objects.all()
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    counts: dict[str, dict[str, int]] = {}
    for occasion, status, n in (
        rows.values_list("occasion", "status").annotate(n=models.Count("pk")).order_by()
    ):
        counts.setdefault(occasion, {})[status] = n
    labels = {key: str(occasion.label) for key, occasion in _registry.items()}
    return [
        OccasionCount(key=key, label=labels.get(key, key), counts=status_counts)
        for key, status_counts in sorted(
            counts.items(), key=lambda item: labels.get(item[0], item[0])
        )
    ]
