"""Writes in careers. Each checks who acts and in what state, changes rows in one
transaction, and sends e-mail only after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseModelFormSet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from careers import defaults, permissions
from careers.models import (
    CareerStage,
    ChecklistItem,
    ChecklistTemplateItem,
    Event,
    EventKind,
    Onboarding,
    Registration,
)
from careers.selectors import buddy_candidates, checklist_template, default_checklist
from portal import notifications
from portal import permissions as portal_permissions
from portal.models import Organisation, User

if TYPE_CHECKING:  # careers reads recruitment's models only through its selectors
    from recruitment.models import Posting

# --- Career pages -----------------------------------------------------------------------


def seed_career_stages() -> int:
    """Create the stage pages that do not exist yet, with the default texts. Never touches
    a page that exists, so the coordinator's edits survive a second run. Returns how many
    were created."""
    created = 0
    for values in defaults.DEFAULT_STAGES:
        _stage, was_created = CareerStage.objects.get_or_create(
            key=values["key"], defaults={k: v for k, v in values.items() if k != "key"}
        )
        created += was_created
    return created


def save_career_stage(*, user: User, stage: CareerStage) -> CareerStage:
    if not permissions.may_edit_career_pages(user):
        raise PermissionDenied
    stage.updated_by = user
    stage.save()
    return stage


# --- Events -------------------------------------------------------------------------------


def lock_event(event: Event) -> Event:
    """The stored event under lock, for an edit that merges (``portal.merge.save_merged``)."""
    return _lock(event)


def _lock(event: Event) -> Event:
    """Lock the event row: registrations, cancellations and capacity changes for one
    event then happen one at a time, so two people can never take the last place."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


def _fill_from_waiting_list(event: Event) -> list[Registration]:
    """Give free places to the first in line. The caller holds the event lock."""
    free = event.capacity - _confirmed_count(event)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(event=event, status=Registration.Status.WAITING).order_by(
            "queued_at", "pk"
        )[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        # The same registration may have had a place before: a new event name per place.
        notifications.notify(
            "event_place_from_waiting_list",
            registration,
            [registration.user],
            event=f"confirmed:{now.isoformat()}",
        )
    return promoted


@transaction.atomic
def save_event(
    *,
    user: User,
    event: Event,
    organisers: Iterable[Organisation],
    target_stages: Iterable[CareerStage] = (),
) -> Event:
    """Create or update an event. Staff may only name organisations they act for as
    organisers (the coordinator any); raising the capacity moves people off the waiting
    list, and it cannot drop below the number already registered."""
    organisers = list(organisers)
    if not organisers:
        raise ValidationError({"organisers": _("Name at least one organiser.")})
    if not permissions.may_manage_event(user, [org.pk for org in organisers]):
        raise PermissionDenied
    if event.pk is not None:
        current = _lock(event)
        if not permissions.may_manage_event(user, current.organisers.values_list("pk", flat=True)):
            raise PermissionDenied
        confirmed = _confirmed_count(current)
        if event.capacity < confirmed:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(n)d people are already registered; the capacity cannot be lower."
                    )
                    % {"n": confirmed}
                }
            )
    else:
        event.created_by = user
    event.full_clean(exclude=["organisers", "target_stages", "created_by"])
    moved = event.pk is not None and (
        (current.starts_at, current.ends_at, current.place, current.video_url)
        != (event.starts_at, event.ends_at, event.place, event.video_url)
    )
    if moved:
        event.calendar_sequence = current.calendar_sequence + 1
    event.save()
    event.organisers.set(organisers)
    event.target_stages.set(list(target_stages))
    if moved:
        _tell_confirmed_about_the_move(event)
    _fill_from_waiting_list(event)
    return event


def _tell_confirmed_about_the_move(event: Event) -> None:
    """Everyone with a place gets the new time, and a calendar entry that replaces the old
    one (same UID, higher SEQUENCE)."""
    for registration in Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).select_related("user"):
        # A move not yet told is told by this one: each message shows the latest time.
        notifications.supersede(["event_moved"], registration)
        notifications.notify(
            "event_moved", registration, [registration.user], event=f"seq:{event.calendar_sequence}"
        )


@transaction.atomic
def register(*, user: User, event: Event) -> Registration:
    """Register the user for the event, or put them on the waiting list when it is full.
    Registering again while registered changes nothing."""
    event = _lock(event)
    if not event.registration_open:
        raise ValidationError(_("Registration has closed: the event has started."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        return registration
    now = timezone.now()
    has_place = _confirmed_count(event) < event.capacity
    status = Registration.Status.CONFIRMED if has_place else Registration.Status.WAITING
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.status = status
    registration.queued_at = now
    registration.confirmed_at = now if has_place else None
    registration.cancelled_at = None
    registration.save()
    if has_place:
        notifications.notify(
            "event_registered", registration, [user], event=f"confirmed:{now.isoformat()}"
        )
    return registration


@transaction.atomic
def cancel_registration(*, user: User, event: Event) -> Registration:
    """Cancel the user's place (or their place in the queue); a freed place goes to the
    first on the waiting list, who is told by e-mail."""
    event = _lock(event)
    registration = (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        raise ValidationError(_("You are not registered for this event."))
    if event.is_past:
        raise ValidationError(_("The event is over; there is nothing to cancel."))
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if was_confirmed:  # the calendar entry the confirmation carried is cancelled
        notifications.notify(
            "event_registration_cancelled",
            registration,
            [user],
            event=f"cancelled:{registration.cancelled_at.isoformat()}",
        )
    _fill_from_waiting_list(event)
    return registration


INFORMATION_EVENING_STAGES = ("summer_job", "observership", "lis0", "lis1")


def information_evening_dates(deadline: datetime, weeks_before: Sequence[int]) -> list[date]:
    """Evenings the given numbers of weeks before the deadline, moved back to a Monday–
    Thursday: students rarely come to an information evening on a Friday or at weekends."""
    deadline_day = timezone.localdate(deadline)
    days = []
    for weeks in weeks_before:
        day = deadline_day - timedelta(weeks=weeks)
        while day.weekday() >= 4:
            day -= timedelta(days=1)
        days.append(day)
    return days


@transaction.atomic
def create_information_evenings(
    *,
    deadline: datetime,
    organisers: Iterable[Organisation],
    weeks_before: Sequence[int] = (6, 3),
    user: User | None = None,
    place: str = "",
    video_url: str = "",
    capacity: int = 100,
    starts: time = time(18, 0),
    duration: timedelta = timedelta(hours=2),
) -> list[Event]:
    """The two yearly information evenings before an application round's deadline.

    Idempotent: an information evening that already starts at the same time is reused, so
    running this twice for one round creates nothing new. ``user``, when given, must be the
    coordinator; the offer of a round's own code may call it without one.
    """
    if user is not None and not permissions.may_create_information_evenings(user):
        raise PermissionDenied
    organisers = list(organisers)
    if not organisers:
        raise ValidationError({"organisers": _("Name at least one organiser.")})
    if not place and not video_url:
        raise ValidationError(_("Give a place or a video link."))
    if len(set(weeks_before)) != len(weeks_before) or any(w < 1 for w in weeks_before):
        raise ValidationError(_("The weeks before the deadline must be different whole weeks."))
    now = timezone.now()
    stages = list(CareerStage.objects.filter(key__in=INFORMATION_EVENING_STAGES))
    events = []
    for weeks, day in zip(
        weeks_before, information_evening_dates(deadline, weeks_before), strict=True
    ):
        starts_at = timezone.make_aware(datetime.combine(day, starts))
        if starts_at <= now:
            raise ValidationError(
                _(
                    "The evening %(weeks)d weeks before the deadline (%(day)s) would be in "
                    "the past. Choose a later deadline or fewer weeks."
                )
                % {"weeks": weeks, "day": formats.date_format(day, "DATE_FORMAT")}
            )
        existing = Event.objects.filter(
            kind=EventKind.INFORMATION_EVENING, starts_at=starts_at
        ).first()
        if existing is not None:
            events.append(existing)
            continue
        # The texts are stored, so they are written in the site's language (Norwegian),
        # whatever language the coordinator or a management command happens to run in.
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Information evening: doctor careers in the region")
            description = _(
                "Summer jobs, observerships, LIS0 and LIS1 at the hospital and in the "
                "municipalities: what they are, how to apply and what the region offers. "
                "The application deadline is %(deadline)s."
            ) % {"deadline": formats.date_format(timezone.localtime(deadline), "DATE_FORMAT")}
        event = Event.objects.create(
            kind=EventKind.INFORMATION_EVENING,
            title=title,
            description=description,
            starts_at=starts_at,
            ends_at=starts_at + duration,
            place=place,
            video_url=video_url,
            capacity=capacity,
            created_by=user,
        )
        event.organisers.set(organisers)
        event.target_stages.set(stages)
        events.append(event)
    return events


# --- Buddies and onboarding -----------------------------------------------------------------


@transaction.atomic
def adopt_default_checklist(*, user: User, organisation: Organisation) -> None:
    """Copy the default checklist into the employer's own template, to edit. An employer
    that already has a template keeps it: a second click or a stale tab changes nothing,
    and two at once meet the unique title per organisation."""
    if not portal_permissions.can_act_for(user, organisation.pk):
        raise PermissionDenied
    if ChecklistTemplateItem.objects.filter(organisation=organisation).exists():
        return
    ChecklistTemplateItem.objects.bulk_create(
        default_checklist(organisation.pk), ignore_conflicts=True
    )


@transaction.atomic
def start_onboarding(
    *, hire_user: User, organisation: Organisation, start_date: date, posting: Posting | None = None
) -> Onboarding:
    """A hire's onboarding: a copy of the employer's checklist, each item due its number
    of days before the start date. Called when an offer is accepted or a summer locum is
    hired; calling it again for the same hire returns the existing onboarding unchanged."""
    onboarding, created = Onboarding.objects.get_or_create(
        organisation=organisation,
        newcomer=hire_user,
        start_date=start_date,
        defaults={"posting": posting},
    )
    if not created:
        return onboarding
    template = checklist_template(organisation.pk)
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                onboarding=onboarding,
                title=item.title,
                description=item.description,
                due_date=start_date - timedelta(days=item.days_before_start),
                order=item.order,
            )
            for item in template
        ]
    )
    notifications.notify("onboarding_started", onboarding, [onboarding.newcomer])
    return onboarding


def cancel_onboarding(*, hire_user: User, posting: Posting) -> None:
    """The hire at ``posting`` is off (the newcomer moved up to a higher choice or withdrew):
    an onboarding that has not started yet goes, with its checklist and buddy. One that
    has started stays, for the employer to close."""
    Onboarding.objects.filter(
        newcomer=hire_user, posting=posting, start_date__gt=timezone.localdate()
    ).delete()


def _check_may_manage(user: User, onboarding: Onboarding) -> None:
    if not permissions.may_manage_onboarding(user, onboarding):
        raise PermissionDenied


@transaction.atomic
def assign_buddy(
    *, user: User, onboarding: Onboarding, buddy: User, contact: str = ""
) -> Onboarding:
    """Name the newcomer's buddy (a member of the employer's staff); both are told."""
    _check_may_manage(user, onboarding)
    onboarding = Onboarding.objects.select_for_update().get(pk=onboarding.pk)
    if not buddy_candidates(onboarding).filter(pk=buddy.pk).exists():
        raise ValidationError({"buddy": _("The buddy must be one of the employer's staff.")})
    changed = onboarding.buddy_id != buddy.pk
    onboarding.buddy = buddy
    onboarding.buddy_contact = contact
    if changed:
        onboarding.buddy_assigned_at = timezone.now()
    onboarding.save(update_fields=["buddy", "buddy_contact", "buddy_assigned_at"])
    if changed:
        # Both are told, once per buddy named; a message about a buddy replaced before it
        # went out is not sent.
        keys = ("buddy_for_newcomer", "buddy_for_buddy")
        notifications.supersede(keys, onboarding)
        assert onboarding.buddy_assigned_at is not None  # set above when it changed
        name = f"buddy:{buddy.pk}:{onboarding.buddy_assigned_at.isoformat()}"
        notifications.notify("buddy_for_newcomer", onboarding, [onboarding.newcomer], event=name)
        notifications.notify("buddy_for_buddy", onboarding, [buddy], event=name)
    return onboarding


@transaction.atomic
def set_item_done(*, user: User, item: ChecklistItem, done: bool) -> ChecklistItem:
    _check_may_manage(user, item.onboarding)
    # A conditional update: ticking twice (two tabs, a double click) keeps the first tick.
    items = ChecklistItem.objects.filter(pk=item.pk)
    if done:
        items.filter(done_at__isnull=True).update(done_at=timezone.now(), done_by=user)
    else:
        items.update(done_at=None, done_by=None)
    item.refresh_from_db(fields=["done_at", "done_by"])
    return item


@transaction.atomic
def save_checklist_template(
    *,
    user: User,
    organisation: Organisation,
    formset: BaseModelFormSet[ChecklistTemplateItem, Any],
) -> None:
    """Save the employer's edits to its checklist template (a model formset). Onboardings
    already started keep their own copy."""
    if not portal_permissions.can_act_for(user, organisation.pk):
        raise PermissionDenied
    for item in formset.save(commit=False):
        item.organisation = organisation
        item.save()
    for item in formset.deleted_objects:
        item.delete()
