"""Every e-mail the portal sends: every occasion, each person, once.

An *occasion* (``Occasion``) is a kind of message. Apps register theirs in an
``occasions.py`` module. Most are found by time: a small function finds, from the
database, who is due a message about which object right now — "round closes in 7 days →
applicants with an unsent draft" — and the periodic sweep (``sweep``) inserts one
``Notification`` row per (recipient, occasion, object); the unique constraint turns a second
or concurrent sweep into a no-op. The others are *immediate*: the change that causes the
message (a submitted application, a buddy named) writes its row with ``notify``, in the
same transaction, and delivery starts once it commits – or at the next sweep, if the broker
is away. A change that rolls back leaves no message behind.

Delivery claims a row with a conditional UPDATE before sending, so one worker at a time
sends it; retries are rows due again later, found by the next sweep (no long countdown
tasks, and a flushed broker loses nothing).

The delivery promise: every message is delivered at least once, and every copy of it
carries the same Message-ID, made once with the row, so a mail client shows a copy that
came twice as one message. A second copy is sent only when the fate of the first is
unknown. One rule decides what each attempt leads to, for every occasion:

- delivered (the mail server said 250): sent.
- the mail server failed — could not be reached, or refused at connecting, login or
  sender, or said 421 (closing) — before the message was handed over: sent again later;
  the attempt does not count, the message is not at fault.
- refused for this message for now (4xx to the recipient or the data): sent again later,
  with a growing wait; the attempt counts.
- refused for this message for good (5xx to the recipient or the data): failed, once the
  server delivers the next message and so shows that it works. Until then it waits like a
  4xx: a server that refuses everyone must not fail everyone.
- unknown — the server's answer never came (a timeout or a dropped connection while
  sending), or the sender stopped between sending and recording (a killed worker, a lost
  database), found when its claim, a lease of ``CLAIM_LEASE``, runs out: sent again with
  the same Message-ID; the attempt counts. A message is never marked failed after it may
  have been delivered.
- after ``MAX_ATTEMPTS`` counted attempts it is given up: failed if none of them can have
  arrived, *unconfirmed* if one may have.

``PAUSE_AFTER`` failures in a row from the mail server, with nothing delivered between
them (from any worker), mean the server itself is failing: delivery pauses
(``MailServerState``, shown in the reminders overview), the batch stops, and the sweep
tries again after 1, 2, 4 … 30 minutes; one more failure then pauses again, for longer.
Nothing in this needs a person: "send again" is only for messages given up.

An e-mail with a single-use link in it (an occasion with ``secret_context``) is written
afresh at each attempt, with a new link, so its Message-ID carries the attempt's number:
a mail client must not hide the copy whose link works behind one whose link was replaced.

Most notifications go to a user. A few go to an address without an account (a survey
invitee who was invited by e-mail): their ``Due`` has no ``recipient_id`` and the occasion's
``address`` gives the e-mail address and language from the object at sending time, so no
copy of the address is kept here; the object itself then stands for the person.
"""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal import discovery, outbox
from portal.models import MailServerState, Notification, NotificationSetting, User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The task that sends rows (portal/tasks.py, which builds on this module), by its name.
DELIVER_TASK = "portal.tasks.deliver_notifications"
# A claim is a lease. A row still "sending" this long after it was claimed belongs to a
# sender that stopped, so its outcome is unknown and it is sent again. Far longer than one
# send can take: connecting, TLS, login and each SMTP command wait at most EMAIL_TIMEOUT.
CLAIM_LEASE = timedelta(minutes=15)
# Failures in a row, with nothing delivered between them, that pause delivery.
PAUSE_AFTER = 3
FIRST_PAUSE, LONGEST_PAUSE = timedelta(minutes=1), timedelta(minutes=30)
DELIVERY_BATCH = 200

WAITING = (Notification.Status.PENDING, Notification.Status.DEFERRED)
GIVEN_UP = (Notification.Status.FAILED, Notification.Status.UNCONFIRMED)
# Never tried first, then the least recently tried: after a pause, the messages that test
# the server again are not the ones it refused just before.
SENDING_ORDER = (F("claimed_at").asc(nulls_first=True), "pk")


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
    # Who is due now; None for an immediate occasion, whose rows ``notify`` writes.
    find_due: Callable[[datetime], Iterable[Due]] | None = None
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
    # What the unsubscribe link of an optional occasion stops, when it is not "this kind
    # of e-mail for this person": ``unsubscribe_key`` names it from the object (a job
    # alert's id) and goes into the signed link; ``unsubscribe`` stops it, idempotently.
    unsubscribe_key: Callable[[models.Model], str] | None = None
    unsubscribe: Callable[[str], None] | None = None

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
    """Register the occasions of every app and sub-package (their ``occasions.py``)."""
    discovery.discover("occasions")


# --- Sweeping ----------------------------------------------------------------------------


def materialise(occasion: Occasion, now: datetime) -> int:
    """Insert a row for everyone this occasion finds due who has none yet. Returns how
    many rows were added. Rows that exist are looked up first, so a sweep that finds the
    same people again writes nothing; the unique constraint settles any race."""
    if occasion.find_due is None:
        return 0  # immediate: its rows are written by ``notify``
    due = list(occasion.find_due(now))
    if not due:
        return 0
    content_types = ContentType.objects.get_for_models(*{type(d.obj) for d in due})
    object_ids = sorted({d.obj.pk for d in due})
    existing = set()
    for start in range(0, len(object_ids), 500):
        existing |= set(
            Notification.objects.filter(
                occasion=occasion.key, event="", object_id__in=object_ids[start : start + 500]
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


def notify(
    key: str,
    obj: models.Model,
    recipients: Iterable[User | None],
    *,
    event: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    """Write the immediate occasion ``key``'s message about ``obj`` to each recipient (None:
    someone without an account, found by the occasion's ``address``), in the caller's
    transaction; delivery starts after it commits. A recipient who already has this
    message about this object and ``event`` gets nothing more; one who turned an optional
    occasion off gets a row marked skipped, as the sweep does."""
    occasion = _registry[key]
    if occasion.find_due is not None:
        raise ValueError(f"{key} is found by the sweep, not written by notify()")
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(obj)
    people = list(dict.fromkeys(recipients))
    muted = set()
    if occasion.optional:
        muted = set(
            NotificationSetting.objects.filter(
                occasion=key, enabled=False, user__in=[p for p in people if p is not None]
            ).values_list("user_id", flat=True)
        )
    rows = [
        Notification(
            recipient=person,
            occasion=key,
            content_type=content_type,
            object_id=obj.pk,
            event=event,
            status=Notification.Status.SKIPPED
            if person is not None and person.pk in muted
            else Notification.Status.PENDING,
            next_attempt_at=now,
        )
        for person in people
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    written = list(  # this message's rows still waiting: the new ones, and any before them
        Notification.objects.filter(
            occasion=key,
            content_type=content_type,
            object_id=obj.pk,
            event=event,
            status=Notification.Status.PENDING,
        ).values_list("pk", flat=True)
    )
    if written:
        transaction.on_commit(lambda: _start_delivery(written))
    return rows


def supersede(keys: Iterable[str], obj: models.Model) -> int:
    """Mark the messages of these immediate occasions about ``obj`` that are still waiting
    obsolete: a newer change (another buddy named, a meeting cancelled right after it was
    agreed) is about to write the message that replaces them. Call it in the change's
    transaction, before ``notify``."""
    return Notification.objects.filter(
        occasion__in=list(keys),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        status__in=WAITING,
    ).update(status=Notification.Status.OBSOLETE, next_attempt_at=None)


def _start_delivery(ids: list[int]) -> None:
    """Hand the rows to a worker; if the broker is away, the next sweep finds them due (the
    rows are the outbox: portal/outbox.py)."""
    outbox.after_commit(DELIVER_TASK, ids, durable=False)


def recover_stale_claims(now: datetime) -> int:
    """Claims past their lease: their outcome is unknown, so they are due again at once
    (with the same Message-ID), or given up as unconfirmed after the last attempt."""
    stale = Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - CLAIM_LEASE
    )
    error = (
        "Outcome unknown: sending stopped before the mail server's answer was recorded "
        "(a worker or the database went away). Sent again with the same Message-ID."
    )
    given_up = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Notification.Status.UNCONFIRMED,
        unknown_outcomes=F("unknown_outcomes") + 1,
        next_attempt_at=None,
        last_error=error,
    )
    return given_up + stale.update(
        status=Notification.Status.DEFERRED,
        unknown_outcomes=F("unknown_outcomes") + 1,
        next_attempt_at=None,  # at once
        last_error=error,
    )


def due(now: datetime) -> QuerySet[Notification]:
    """Rows waiting to be sent whose time has come."""
    return Notification.objects.filter(status__in=WAITING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def due_ids(now: datetime) -> list[int]:
    return list(due(now).order_by(*SENDING_ORDER).values_list("pk", flat=True))


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Find everything due and enqueue its delivery (after this transaction commits).

    An occasion that fails (a bug, a missing table) is logged and skipped, so it cannot
    hold up the others. A sweep run "at" a given moment (tests, time travel) has its
    batches delivered as of that moment too; the beat's sweep leaves workers to their clock.
    """
    at = now.isoformat() if now else None
    now = now or timezone.now()
    created = {}
    for key, occasion in list(_registry.items()):
        try:
            with transaction.atomic():
                created[key] = materialise(occasion, now)
        except Exception:
            logger.exception("Finding who is due for %s failed", key)
    recover_stale_claims(now)
    if until := paused_until(now):
        logger.info("Delivery is paused until %s: the mail server is failing", until)
        return created
    ids = due_ids(now)
    for start in range(0, len(ids), DELIVERY_BATCH):
        batch = ids[start : start + DELIVERY_BATCH]
        outbox.after_commit(DELIVER_TASK, batch, at, durable=False)
    return created


# --- The mail server ------------------------------------------------------------------------


def paused_until(now: datetime) -> datetime | None:
    """When delivery resumes, if it is paused now."""
    return (
        MailServerState.objects.filter(pk=1, paused_until__gt=now)
        .values_list("paused_until", flat=True)
        .first()
    )


def mail_server_trouble() -> MailServerState | None:
    """The mail server's state while it is failing or paused, else None (for staff)."""
    return (
        MailServerState.objects.filter(pk=1)
        .filter(Q(failures__gt=0) | Q(paused_until__isnull=False))
        .first()
    )


def pause_length(pauses: int) -> timedelta:
    """1, 2, 4 … minutes, at most LONGEST_PAUSE: ``pauses`` is how many came before."""
    return min(FIRST_PAUSE * 2 ** min(pauses, 16), LONGEST_PAUSE)


def _server_failed(error: str, now: datetime) -> bool:
    """Count one more failure in a row; pause delivery at the PAUSE_AFTER-th. True if
    delivery is paused now. The row is locked, so workers failing together count right."""
    with transaction.atomic():
        state, _ = MailServerState.objects.select_for_update().get_or_create(pk=1)
        state.failures += 1
        state.failing_since = state.failing_since or now
        state.last_error = error[:2000]
        paused = state.paused_until is not None and state.paused_until > now
        if state.failures >= PAUSE_AFTER and not paused:
            state.paused_until = now + pause_length(state.pauses)
            state.pauses += 1
            paused = True
            logger.warning(
                "Delivery paused until %s after %d failures in a row from the mail server",
                state.paused_until,
                state.failures,
            )
        state.save()
    return paused


def _server_delivered() -> None:
    """The server delivered a message: whatever it had, it works now."""
    MailServerState.objects.filter(pk=1).filter(
        Q(failures__gt=0) | Q(paused_until__isnull=False)
    ).update(failures=0, failing_since=None, paused_until=None, pauses=0, last_error="")


# --- Delivery ------------------------------------------------------------------------------


class PermanentFailure(Exception):
    """Not the mail server's doing, and no retry will help: no address, a closed account,
    an e-mail that cannot be written."""


class Failure(Exception):
    """An attempt the mail server did not accept, of one of these kinds (see the module's
    docstring for what each leads to)."""

    SERVER = "The mail server failed"
    LATER = "Refused for now"
    REFUSED = "Refused"
    UNKNOWN = "Outcome unknown"

    def __init__(self, kind: str, error: Exception):
        super().__init__(kind)
        self.kind, self.error = kind, error

    def __str__(self) -> str:
        return f"{self.kind}: {type(self.error).__name__}: {self.error}"[:2000]


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        # One recipient per message; a 4xx among several would make it "for now".
        return min((code for code, _text in error.recipients.values()), default=None)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    return None


def classify(error: Exception, *, connecting: bool) -> str | None:
    """Which kind of ``Failure`` an exception from the mail backend is, or None when it
    is not the mail server's answer at all (a bad address caught before sending)."""
    smtp_trouble = isinstance(error, smtplib.SMTPException | OSError)
    if connecting:
        return Failure.SERVER if smtp_trouble else None
    code = _smtp_code(error)
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPHeloError) or code == 421:
        return Failure.SERVER
    if code is not None:
        return Failure.REFUSED if code >= 500 else Failure.LATER
    # A timeout or a dropped connection while sending: the server may have the message.
    return Failure.UNKNOWN if smtp_trouble else None


def backoff(attempts: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min … between counted attempts."""
    return timedelta(seconds=30 * 4 ** max(attempts - 1, 0))


def claim(notification_id: int, now: datetime) -> bool:
    """Claim one row if it is still waiting, in one conditional UPDATE; True if this
    caller now owns it (a concurrent worker's UPDATE finds it taken and gets False)."""
    return bool(
        Notification.objects.filter(pk=notification_id, status__in=WAITING).update(
            status=Notification.Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    )


def message_id(notification: Notification, occasion: Occasion) -> str:
    """The row's one Message-ID; per attempt for an e-mail with a single-use link."""
    key = str(notification.message_key)
    if occasion.secret_context:
        key = f"{key}.{notification.attempts}"
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"<{key}@{domain or 'legeportalen.invalid'}>"


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
    unsubscribe_link = ""
    if occasion.optional:
        unsubscribe_link = absolute(
            reverse("unsubscribe", args=[unsubscribe_token(notification, occasion, obj)])
        )
    with translation.override(language):
        context = {
            "recipient": recipient,
            "object": obj,
            "link": absolute(occasion.link(obj, recipient)),
            # Someone without an account has no settings page; the e-mail says so instead.
            "settings_link": absolute(reverse("notification_settings")) if recipient else "",
            # Optional messages only: one click stops this kind (transactional ones cannot).
            "unsubscribe_link": unsubscribe_link,
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
            "Message-ID": message_id(notification, occasion),
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
            # Lets people (and tests) filter by kind of reminder.
            "X-Legeportalen-Occasion": occasion.key,
            # RFC 2369 and RFC 8058: mail clients offer "unsubscribe", and may do it with
            # one POST, for every message the person can turn off. Never on transactional
            # ones (receipts, offers, security mail), which cannot be turned off.
            **(
                {
                    "List-Unsubscribe": f"<{unsubscribe_link}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                }
                if unsubscribe_link
                else {}
            ),
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
    """Send the given notifications that can be claimed; returns each one's status (a
    ``Notification.Status`` value). The sweep hands workers batches of ids.

    Everything a batch needs is loaded up front: the rows, their recipients and objects,
    and what the occasion's ``load`` adds. Each e-mail is rendered, sent and marked sent in
    its own transaction, so whatever rendering wrote (a survey reminder issues a fresh
    single-use link) is undone if it could not be sent, and a worker that dies leaves at
    most one row claimed. What is due, and whether delivery is paused, the sweep decided
    when it handed out the batch; the batch stops when a failure of its own pauses it.
    """
    started = time.monotonic()
    now = now or timezone.now()

    def clock() -> datetime:  # ``now``, moving on as the batch takes its time
        return now + timedelta(seconds=time.monotonic() - started)

    notifications = list(
        Notification.objects.select_related("recipient", "content_type")
        .filter(pk__in=list(notification_ids), status__in=WAITING)
        .order_by(*SENDING_ORDER)
    )
    if not notifications:
        return {}
    objects = _load_objects(notifications)
    results = {}
    # The last message refused for good: final once the server delivers the next one.
    refused: Notification | None = None
    server_works = False
    # One connection to the mail server for the whole batch, opened by the first message
    # (opening one, with TLS and a login, costs more than sending a message over it).
    mailer = mailers.default
    try:
        for notification in notifications:
            # Claimed one at a time, right before sending: a worker killed mid-batch
            # leaves the rest waiting for the next sweep, not claimed.
            moment = clock()
            if not claim(notification.pk, moment):
                continue  # another worker has it
            notification.attempts += 1
            notification.claimed_at = moment
            obj = objects.get((notification.content_type_id, notification.object_id))
            status, failure = _deliver_claimed(notification, obj, moment, mailer)
            results[notification.pk] = status
            if failure is None:
                if status == Notification.Status.SENT:
                    if refused is not None:
                        results[refused.pk] = _refused_for_good(refused)
                        refused = None
                    if not server_works:
                        _server_delivered()
                        server_works = True
                continue
            server_works = False
            refused = notification if failure.kind == Failure.REFUSED else None
            if failure.kind in (Failure.SERVER, Failure.UNKNOWN):
                _close(mailer)  # it may be broken: the next message opens a new one
            if _server_failed(str(failure), clock()):
                break  # the rest wait for the pause to end
    finally:
        _close(mailer)
    return results


def _close(mailer) -> None:
    """Close the connection, which may already be broken (that is why it is closed)."""
    try:
        mailer.close()
    except (smtplib.SMTPException, OSError):
        logger.info("Closing a broken connection to the mail server failed", exc_info=True)


def _send(mailer, message: EmailMultiAlternatives) -> None:
    """Hand one message to the mail server; ``Failure`` if it was not accepted."""
    try:
        mailer.open()  # connects for the first message, or after a failure
    except Exception as error:
        if kind := classify(error, connecting=True):
            raise Failure(kind, error) from error
        raise
    try:
        mailer.send_messages([message])
    except Exception as error:
        if kind := classify(error, connecting=False):
            raise Failure(kind, error) from error
        raise PermanentFailure(f"{type(error).__name__}: {error}") from error


def _deliver_claimed(
    notification: Notification, obj, now: datetime, mailer
) -> tuple[str, Failure | None]:
    """Send one claimed row; its new status, and the mail server's failure if any.

    Once the message has been handed over, nothing here marks the row failed: if
    recording "sent" fails (the database went away), the error propagates and the row
    stays claimed until its lease runs out and it is sent again, same Message-ID.
    """
    occasion = _registry.get(notification.occasion)
    # Only this claim: a late answer must not overwrite what a later claim recorded.
    rows = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING, claimed_at=notification.claimed_at
    )
    handed_over = False
    try:
        if occasion is None or obj is None:
            raise PermanentFailure("The occasion or its object no longer exists.")
        to, language = _destination(notification, occasion, obj)
        if occasion.still_due and not occasion.still_due(obj, notification.recipient):
            rows.update(status=Notification.Status.OBSOLETE, next_attempt_at=None)
            return Notification.Status.OBSOLETE, None
        with transaction.atomic():
            message = render_message(notification, occasion, obj, to, language)
            _send(mailer, message)
            handed_over = True
            rows.update(
                status=Notification.Status.SENT,
                sent_at=timezone.now(),
                next_attempt_at=None,
                subject=notification.subject[:250],
                body=notification.body,
                link=notification.link[:500],
                last_error="",
            )
    except Failure as failure:
        return _record_failure(notification, failure, now, rows), failure
    except Exception as error:
        if handed_over or isinstance(error, OperationalError | InterfaceError):
            raise  # the row stays claimed: its lease decides
        # Not sent, and not the mail server's doing: an address that cannot be written to,
        # a closed account, a bug in an e-mail's template. Staff can send it again.
        rows.update(
            status=Notification.Status.FAILED,
            next_attempt_at=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning(
            "Notification %s (%s) failed: %s",
            notification.pk,
            notification.occasion,
            type(error).__name__,
        )
        return Notification.Status.FAILED, None
    return Notification.Status.SENT, None


def _record_failure(notification: Notification, failure: Failure, now: datetime, rows) -> str:
    """What a failed attempt leads to (the rule in the module's docstring)."""
    counted = failure.kind != Failure.SERVER
    if not counted:
        notification.attempts -= 1  # given back: the message is not at fault
    notification.unknown_outcomes += failure.kind == Failure.UNKNOWN
    if counted and notification.attempts >= MAX_ATTEMPTS:
        status, next_attempt_at = _given_up(notification), None
    else:
        status = Notification.Status.DEFERRED
        next_attempt_at = now + backoff(notification.attempts)
    rows.update(
        status=status,
        attempts=notification.attempts,
        unknown_outcomes=notification.unknown_outcomes,
        next_attempt_at=next_attempt_at,
        last_error=str(failure),
    )
    # The kind and the exception's name only: the server's answer may hold the address.
    logger.warning(
        "Notification %s (%s): %s (%s) → %s",
        notification.pk,
        notification.occasion,
        failure.kind,
        type(failure.error).__name__,
        status,
    )
    return status


def _given_up(notification: Notification) -> str:
    """Failed, or unconfirmed if one of its attempts may have arrived."""
    if notification.unknown_outcomes:
        return Notification.Status.UNCONFIRMED
    return Notification.Status.FAILED


def _refused_for_good(notification: Notification) -> str:
    """The server refused this message and then delivered the next: the refusal was
    about this recipient, and it is final."""
    status = _given_up(notification)
    Notification.objects.filter(
        pk=notification.pk,
        status=Notification.Status.DEFERRED,
        claimed_at=notification.claimed_at,
    ).update(status=status, next_attempt_at=None)
    return status


def send_again(ids: Iterable[int] | None = None) -> int:
    """Put given-up notifications back in the queue (the coordinator's button). They keep
    their Message-ID, so a copy that did arrive is taken for the same message."""
    given_up = Notification.objects.filter(status__in=GIVEN_UP)
    if ids is not None:
        given_up = given_up.filter(pk__in=list(ids))
    return given_up.update(
        status=Notification.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
    )


# --- Unsubscribing ---------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscription:
    """What one unsubscribe link stops (from its signed token)."""

    occasion: Occasion
    user_id: int | None
    key: str  # the occasion's ``unsubscribe_key``, or "content_type_id:object_id"


def unsubscribe_token(notification: Notification, occasion: Occasion, obj) -> str:
    """A signed, non-expiring token naming what this message's unsubscribe link stops:
    the occasion's own target (a job alert), the occasion for an account holder, or for
    someone without an account this kind of message about this object. Signed, so it
    cannot be made for anyone else; it carries no address."""
    if occasion.unsubscribe_key is not None:
        key = occasion.unsubscribe_key(obj)
    else:
        key = f"{notification.content_type_id}:{notification.object_id}"
    return signing.dumps(
        [occasion.key, notification.recipient_id, key], salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token: str) -> Unsubscription | None:
    """What a token stops, or None for a token that was not made here."""
    try:
        key, user_id, target = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    occasion = _registry.get(key)
    if occasion is None or not occasion.optional:
        return None
    return Unsubscription(occasion=occasion, user_id=user_id, key=str(target))


@transaction.atomic
def unsubscribe(unsubscription: Unsubscription) -> None:
    """Stop what the link names. Idempotent: a second click changes nothing.

    - an occasion with its own ``unsubscribe`` (a job alert): that is called;
    - an account holder: the occasion is turned off in their settings, as on the
      settings page, and their waiting messages of it are skipped;
    - someone without an account: this kind of message about this object is marked
      "turned off by the recipient" (skipped), including the ones not yet due, so a later
      sweep finds them there and writes nothing.
    """
    occasion = unsubscription.occasion
    if occasion.unsubscribe is not None:
        occasion.unsubscribe(unsubscription.key)
        return
    waiting = Notification.objects.filter(occasion=occasion.key, status__in=WAITING)
    if unsubscription.user_id is not None:
        if User.objects.filter(pk=unsubscription.user_id).exists():
            NotificationSetting.objects.update_or_create(
                user_id=unsubscription.user_id,
                occasion=occasion.key,
                defaults={"enabled": False},
            )
        waiting.filter(recipient_id=unsubscription.user_id).update(
            status=Notification.Status.SKIPPED, next_attempt_at=None
        )
        return
    content_type_id, _sep, object_id = unsubscription.key.partition(":")
    if not (content_type_id.isdecimal() and object_id.isdecimal()):
        return
    # Every occasion that writes the same message (a first and a second reminder).
    family = [o.key for o in _registry.values() if o.template_prefix == occasion.template_prefix]
    rows = Notification.objects.filter(
        recipient__isnull=True,
        occasion__in=family,
        content_type_id=int(content_type_id),
        object_id=int(object_id),
        event="",
    )
    rows.filter(status__in=WAITING).update(status=Notification.Status.SKIPPED, next_attempt_at=None)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=None,
                occasion=key,
                content_type_id=int(content_type_id),
                object_id=int(object_id),
                status=Notification.Status.SKIPPED,
            )
            for key in family
            if _registry[key].find_due is not None
        ],
        ignore_conflicts=True,
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
        """Given up: failed, or not confirmed after every attempt."""
        return sum(self.counts.get(status, 0) for status in GIVEN_UP)

    @property
    def waiting(self) -> int:
        """Not yet delivered, and still being tried."""
        return sum(self.counts.get(status, 0) for status in (*WAITING, Notification.Status.SENDING))

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
