"""Reads of careers data: career pages, events, registrations and onboardings.

The coupled-track figures for the dashboard (``coupled_track_funnel``,
``coupled_track_totals``, defined in careers.tracks.selectors; ``couplings``, the coupling
limit per trust and round, defined in careers.tracks.coupling) are offered here too, as
part of careers' public surface."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from careers import defaults
from careers.models import (
    CareerStage,
    ChecklistItem,
    ChecklistTemplateItem,
    Event,
    Onboarding,
    Registration,
)
from careers.tracks.coupling import Coupling, couplings  # noqa: F401 - for the dashboard
from careers.tracks.selectors import (  # noqa: F401 - re-exported for the dashboard
    FunnelRow,
    TrackTotals,
    coupled_track_funnel,
    coupled_track_totals,
)
from portal import permissions
from portal.models import User
from portal.tables import DATETIME, INT, Column, Table
from recruitment import selectors as recruitment_selectors
from recruitment.models import Posting

# The two paths the seeds describe, as stage keys in order. The last step of each is a
# specialist approval, which is not a post one applies for and so has no stage page.
PATHS: dict[str, tuple[str, ...]] = {
    "general-practice": ("lis1", "alis"),
    "hospital": ("lis1", "lis2_3", "consultant"),
}
# Stages that come before either path; both path pages show them as the way in.
EARLY_STAGES: tuple[str, ...] = ("summer_job", "observership", "lis0")


def career_stages() -> QuerySet[CareerStage]:
    return CareerStage.objects.all()


def open_posting_counts(keys: Iterable[str], now: datetime) -> dict[str, int]:
    """Open postings per stage, in one query."""
    rows = (
        Posting.objects.open(now)
        .filter(kind__in=list(keys))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def open_postings_at_stage(key: str, now: datetime) -> QuerySet[Posting]:
    return (
        recruitment_selectors.open_postings(now)
        .filter(kind=key)
        .order_by("application_deadline_at", "pk")
    )


def stages_on_path(path: str) -> list[CareerStage]:
    """The stage rows of a known path (``permissions.path_for_public``), in path order."""
    keys = PATHS[path]
    by_key = {stage.key: stage for stage in CareerStage.objects.filter(key__in=keys)}
    return [by_key[key] for key in keys if key in by_key]


def early_stages() -> list[CareerStage]:
    return list(CareerStage.objects.filter(key__in=EARLY_STAGES))


# --- Events --------------------------------------------------------------------------------


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return (
        events.annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
        )
        .annotate(places_left=Greatest(F("capacity") - F("confirmed_count"), Value(0)))
        .prefetch_related("organisers", "target_stages")
    )


def upcoming_events(*, kind: str = "", stage: str = "") -> QuerySet[Event]:
    events = Event.objects.upcoming()
    if kind:
        events = events.filter(kind=kind)
    if stage:
        events = events.filter(target_stages__key=stage)
    return with_counts(events).order_by("starts_at", "pk")


def events_for_calendar() -> QuerySet[Event]:
    """What the subscribed calendar holds: upcoming events and those of the last 90 days,
    so a calendar does not drop an event the moment it is over."""
    since = timezone.now() - timedelta(days=90)
    return (
        Event.objects.filter(ends_at__gte=since)
        .prefetch_related("organisers")
        .order_by("starts_at", "pk")
    )


def events_for_staff(user: User) -> QuerySet[Event]:
    """Events the user may manage: organised by an organisation they act for."""
    if permissions.is_coordinator(user):
        return Event.objects.all()
    acting = permissions.acting_organisation_ids(user)
    # A subquery keeps the rows distinct without DISTINCT on the annotated queryset.
    return Event.objects.filter(
        pk__in=Event.organisers.through.objects.filter(organisation_id__in=acting).values(
            "event_id"
        )
    )


def managed_events(user: User) -> QuerySet[Event]:
    return with_counts(events_for_staff(user)).order_by("-starts_at", "-pk")


def registration_of(user: User | AnonymousUser, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in line."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITING
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def attendees(event: Event) -> QuerySet[Registration]:
    """Confirmed and waiting registrations, in queue order."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("queued_at", "pk")
    )


def attendees_table(event: Event) -> Table:
    """An event's attendees as the CSV export writes them: name, e-mail, status, when they
    registered and, for those waiting, their place in the queue."""
    table = Table(
        key="attendees",
        title=_("Attendees"),
        columns=[
            Column("name", _("Name")),
            Column("email", _("E-mail")),
            Column("status", _("Status")),
            Column("registered", _("Registered"), DATETIME),
            Column("position", _("Place in queue"), INT),
        ],
        shown=None,
    )
    position = 0
    for registration in attendees(event):
        waiting = registration.status == Registration.Status.WAITING
        position += waiting
        table.add(
            [
                registration.user.full_name,
                registration.user.email,
                registration.get_status_display(),
                registration.queued_at,
                position if waiting else "",
            ]
        )
    return table


def my_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user, event__ends_at__gte=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )


# --- Onboarding ----------------------------------------------------------------------------


def _onboarding_with_progress(onboardings: QuerySet[Onboarding]) -> QuerySet[Onboarding]:
    today = timezone.localdate()
    return onboardings.select_related("organisation", "newcomer", "buddy", "posting").annotate(
        item_count=Count("items"),
        done_count=Count("items", filter=Q(items__done_at__isnull=False)),
        overdue_count=Count(
            "items", filter=Q(items__done_at__isnull=True, items__due_date__lt=today)
        ),
    )


def onboardings_for_staff(user: User) -> QuerySet[Onboarding]:
    return _onboarding_with_progress(
        Onboarding.objects.filter(organisation_id__in=permissions.acting_organisation_ids(user))
    ).order_by("start_date", "pk")


def onboardings_of_newcomer(user: User) -> QuerySet[Onboarding]:
    return (
        _onboarding_with_progress(Onboarding.objects.filter(newcomer=user))
        .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.order_by("due_date")))
        .order_by("-start_date", "pk")
    )


def checklist(onboarding: Onboarding) -> QuerySet[ChecklistItem]:
    return onboarding.items.select_related("done_by").order_by("due_date", "order", "pk")


def overdue_onboarding_items(
    organisation_ids: Iterable[int], today: date | None = None
) -> QuerySet[ChecklistItem]:
    """Checklist items not done by their due date, for the employer's dashboard."""
    return (
        ChecklistItem.objects.filter(
            onboarding__organisation_id__in=list(organisation_ids),
            done_at__isnull=True,
            due_date__lt=today or timezone.localdate(),
        )
        .select_related("onboarding__newcomer", "onboarding__organisation")
        .order_by("due_date", "onboarding__start_date", "pk")
    )


def buddy_candidates(onboarding: Onboarding) -> QuerySet[User]:
    """People who may be a newcomer's buddy: staff of the employer or of its units."""
    org = onboarding.organisation_id
    return (
        User.objects.filter(
            Q(memberships__organisation_id=org)
            | Q(memberships__organisation__parent_id=org)
            | Q(memberships__organisation__parent__parent_id=org)
        )
        .exclude(pk=onboarding.newcomer_id)
        .distinct()
        .order_by("full_name", "email")
    )


def template_items(organisation_id: int) -> QuerySet[ChecklistTemplateItem]:
    """The employer's own checklist template (empty when it uses the default one)."""
    return ChecklistTemplateItem.objects.filter(organisation_id=organisation_id).order_by(
        "order", "pk"
    )


def default_checklist(organisation_id: int) -> list[ChecklistTemplateItem]:
    """The default checklist as unsaved rows: shown and copied without writing anything."""
    return [
        ChecklistTemplateItem(organisation_id=organisation_id, order=n, **values)
        for n, values in enumerate(defaults.DEFAULT_CHECKLIST)
    ]


def checklist_template(organisation_id: int) -> list[ChecklistTemplateItem]:
    """What a new hire of the employer gets: its own template, or the default one while it
    has none. Reading it never writes; ``services.adopt_default_checklist`` makes the
    default the employer's own to edit."""
    return list(template_items(organisation_id)) or default_checklist(organisation_id)


def events_between(
    start: datetime,
    end: datetime,
    *,
    organiser_ids: Iterable[int] | None = None,
    limit: int = 10,
) -> tuple[Sequence[Event], int]:
    """For the dashboards: the first ``limit`` events starting in [start, end) – of the
    given organisers, if any – with their confirmed places, and how many there are in all.
    One query: the total is a window over the same rows."""
    events = Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
    if organiser_ids is not None:
        events = events.filter(
            pk__in=Event.organisers.through.objects.filter(
                organisation_id__in=list(organiser_ids)
            ).values("event_id")
        )
    confirmed = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        events.annotate(
            confirmed_count=Coalesce(Subquery(confirmed), Value(0)), total=Window(Count("pk"))
        ).order_by("starts_at", "pk")[:limit]
    )
    return rows, rows[0].total if rows else 0
