"""Job alerts: a saved board search, e-mailed daily or weekly as a digest of new postings.

- The search is the board's own query string, reduced to its filters (``saved_query``)
  and evaluated by the board's filter (``filters.board_filter``): a digest lists exactly
  the postings the board shows for that search that were published in the period and
  are still open when it is made.
- A visitor gives an address; nothing but a confirmation e-mail (a signed link, valid
  ``JOB_ALERT_CONFIRM_DAYS``) goes there until it is confirmed (double opt-in). A
  signed-in person's alert writes to their account's address, which was verified at
  sign-up, so it is confirmed at once.
- The sweep (``find_digests``, the occasion ``job_alert_digest``) makes, per alert whose
  period has passed, one ``JobAlertDigest`` for the period since the last one: its
  postings are fixed then, and it is the notification's object, so each digest is sent
  once. A period with nothing new is kept (the next starts where it ended) and sends
  nothing.
- Every digest has an unsubscribe link (and List-Unsubscribe headers) that deletes the
  alert, without signing in. Signed-in people see and delete theirs on a page.
- The form answers the same whether or not the address already has alerts or an
  account, and is throttled per network address and per e-mail address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Max, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext

from portal import notifications
from portal.models import Notification
from portal.notifications import Due
from recruitment.filters import PostingFilter, board_filter, organisation_choices
from recruitment.models import JobAlert, JobAlertDigest, Posting

logger = logging.getLogger(__name__)

# The board's filters an alert keeps: not the page, the order, or "include closed" (a
# digest lists open postings only).
SAVED_FILTERS = (
    "q",
    "kind",
    "employer",
    "municipality",
    "specialty",
    "start_from",
    "start_to",
    "restplass",
)
CONFIRM_SALT = "recruitment.alerts.confirm"
MAX_ALERTS_PER_PERSON = 20


# --- The search ------------------------------------------------------------------------------


def saved_query(data: QueryDict, now: datetime) -> str | None:
    """The board's query string reduced to its filters, in a fixed order, or None when the
    board's filter does not accept it (an alert is never saved for a search the board
    would partly ignore)."""
    kept = QueryDict(mutable=True)
    for name in SAVED_FILTERS:
        values = sorted({value.strip() for value in data.getlist(name) if value.strip()})
        if values:
            kept.setlist(name, values)
    if not board_filter(kept, now).is_valid():
        return None
    return kept.urlencode()


def matching_postings(query: str, now: datetime):
    """What the board shows for the saved search at ``now`` (open postings only)."""
    return board_filter(QueryDict(query), now).qs


def new_postings(alert: JobAlert, since: datetime, until: datetime):
    """The board's result for the alert's search at ``until``, published in (since, until]."""
    return matching_postings(alert.query, until).filter(
        published_at__gt=since, published_at__lte=until
    )


def describe(query: str) -> list[tuple[str, str]]:
    """(filter, value) pairs a person reads to recognise the search; no queries (the
    organisations' names come from the board's cache)."""
    data = QueryDict(query)
    organisations = {name: dict(rows) for name, rows in organisation_choices().items()}
    parts = []
    for name in SAVED_FILTERS:
        values = data.getlist(name)
        if not values:
            continue
        board = PostingFilter.base_filters[name]
        if name in organisations:
            shown = [organisations[name].get(int(v), v) if v.isdecimal() else v for v in values]
        elif name == "restplass":
            shown = [gettext("yes")]
        elif "choices" in board.extra:
            choices = dict(board.extra["choices"])
            shown = [str(choices.get(v, v)) for v in values]
        else:
            shown = values
        parts.append((str(board.label), ", ".join(str(s) for s in shown)))
    return parts


def board_url(query: str) -> str:
    url = reverse("recruitment:board")
    return f"{url}?{query}" if query else url


# --- Creating, confirming, deleting ------------------------------------------------------------


def confirm_token(alert: JobAlert) -> str:
    return signing.dumps(alert.pk, salt=CONFIRM_SALT)


def alert_for_confirm_token(token: str) -> JobAlert | None:
    try:
        pk = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timedelta(days=settings.JOB_ALERT_CONFIRM_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return JobAlert.objects.filter(pk=pk, user__isnull=True).first()


@transaction.atomic
def create_for_address(
    email: str, query: str, frequency: str, language: str, now: datetime, *, send: bool = True
) -> None:
    """A visitor's alert, waiting for confirmation, and the e-mail that asks for it.
    Returns nothing: whether the address had an alert already must not show. An alert
    already confirmed for this search sends nothing; an unconfirmed one gets its
    confirmation again. ``send`` False (the address's limit is used up) writes nothing."""
    if not send:
        return
    email = email.strip().lower()
    alert = JobAlert.objects.filter(user__isnull=True, email=email, query=query).first()
    event = ""
    if alert is None:
        try:
            with transaction.atomic():
                alert = JobAlert.objects.create(
                    email=email, query=query, frequency=frequency, language=language
                )
        except IntegrityError:  # made by a request at the same moment
            return
    elif alert.confirmed_at is not None:
        return
    else:
        alert.frequency = frequency
        alert.save(update_fields=["frequency"])
        event = f"again-{now.timestamp():.0f}"
    notifications.notify("job_alert_confirm", alert, [None], event=event, now=now)


def create_for_user(user, query: str, frequency: str, now: datetime) -> JobAlert:
    """A signed-in person's alert: confirmed at once (their address was verified when
    they signed up). The same search again changes only how often."""
    alert, _created = JobAlert.objects.update_or_create(
        user=user,
        query=query,
        defaults={"frequency": frequency},
        create_defaults={"frequency": frequency, "confirmed_at": now},
    )
    return alert


def can_create_for_user(user) -> bool:
    return JobAlert.objects.filter(user=user).count() < MAX_ALERTS_PER_PERSON


def confirm(alert: JobAlert, now: datetime) -> None:
    """Idempotent: the first digest covers postings published after the first confirmation."""
    JobAlert.objects.filter(pk=alert.pk, confirmed_at__isnull=True).update(confirmed_at=now)


@transaction.atomic
def delete(alert_id: int) -> None:
    """The alert and its digests go; digests not yet sent are marked no longer needed.
    Idempotent: deleting an alert that is gone changes nothing."""
    digest_ids = list(JobAlertDigest.objects.filter(alert_id=alert_id).values_list("pk", flat=True))
    Notification.objects.filter(
        occasion="job_alert_digest",
        object_id__in=digest_ids,
        status__in=notifications.WAITING,
    ).update(status=Notification.Status.OBSOLETE, next_attempt_at=None)
    JobAlert.objects.filter(pk=alert_id).delete()


def alerts_of(user):
    return JobAlert.objects.filter(user=user).order_by("-created_at", "-pk")


# --- The sweep ---------------------------------------------------------------------------------


def alerts_due(now: datetime):
    """Confirmed alerts whose period since the last digest (or the confirmation) has passed."""
    return (
        JobAlert.objects.filter(confirmed_at__isnull=False)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .annotate(
            since=Coalesce(Max("digests__until"), "confirmed_at", output_field=DateTimeField())
        )
        .filter(
            Q(frequency=JobAlert.Frequency.DAILY, since__lte=now - timedelta(days=1))
            | Q(frequency=JobAlert.Frequency.WEEKLY, since__lte=now - timedelta(days=7))
        )
        .order_by("pk")
    )


def make_digest(alert: JobAlert, since: datetime, now: datetime) -> JobAlertDigest:
    """The period's digest, once: a second sweep (or one at the same moment) finds the
    one that is there, with its postings as they were fixed."""
    digest, created = JobAlertDigest.objects.get_or_create(
        alert=alert, since=since, defaults={"until": now}
    )
    if created:
        digest.postings.set(list(new_postings(alert, since, now).values_list("pk", flat=True)))
    return digest


def find_digests(now: datetime) -> Iterator[Due]:
    for alert in alerts_due(now):
        digest = make_digest(alert, alert.since, now)
        if digest.postings.exists():
            yield Due(alert.user_id, digest)


def load_digests(ids: list[int]) -> dict[int, JobAlertDigest]:
    return (
        JobAlertDigest.objects.select_related("alert")
        .prefetch_related(
            Prefetch(
                "postings",
                queryset=Posting.objects.with_related()
                .with_deadline()
                .order_by("-published_at", "pk"),
            )
        )
        .in_bulk(ids)
    )


def digest_context(digest: JobAlertDigest, user) -> dict:
    return {
        "digest": digest,
        "alert": digest.alert,
        "postings": list(digest.postings.all()),
        "search": describe(digest.alert.query),
    }


def digest_link(digest: JobAlertDigest, user) -> str:
    return board_url(digest.alert.query)


def alert_address(obj) -> tuple[str, str] | None:
    alert = obj.alert if isinstance(obj, JobAlertDigest) else obj
    return (alert.email, alert.language) if alert.email else None


def digest_still_due(digest: JobAlertDigest, user) -> bool:
    return digest.alert.confirmed_at is not None


def confirm_context(alert: JobAlert, user) -> dict:
    return {
        "alert": alert,
        "search": describe(alert.query),
        "confirm_link": notifications.absolute(
            reverse("recruitment:alert_confirm", args=[confirm_token(alert)])
        ),
        "days": settings.JOB_ALERT_CONFIRM_DAYS,
    }


def confirm_link(alert: JobAlert, user) -> str:
    return reverse("recruitment:alert_confirm", args=[confirm_token(alert)])


def unsubscribe(key: str) -> None:
    if key.isdecimal():
        delete(int(key))
