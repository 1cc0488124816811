"""Careers e-mail, every message a notification (portal/notifications.py).

Event reminders (RM, CR): the day before an event, everyone with a confirmed place gets
a reminder with the event in an .ics file. People on the waiting list and those who
cancelled get nothing; a person who cancels before it is sent is not reminded.

Immediate occasions, written by careers/services.py and careers/tracks/services.py in the
transaction of the change: a place at an event (registered, from the waiting list, the
event moved, the place cancelled – each with the event's calendar entry, REQUEST with the
event's sequence or CANCEL, same UID), an onboarding started, a buddy named (both are
told), and the coupled-track messages (an invitation, an answer to the chief physicians, a
time agreed or cancelled with its calendar entry, a post agreed)."""

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careers import calendar
from careers.models import Event, Invitation, Onboarding, Placement, Registration
from careers.tracks import calendar as tracks_calendar
from portal import notifications
from portal.models import Membership, User
from portal.notifications import Due, Occasion


def find_events_tomorrow(now: datetime) -> Iterator[Due]:
    """Confirmed places at events starting within the next day (24 hours by default)."""
    until = now + timedelta(hours=settings.REMINDER_EVENT_HOURS)
    registrations = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__starts_at__gt=now,
            event__starts_at__lte=until,
            user__is_active=True,
        )
        .select_related("event")
        .order_by("event_id", "pk")
    )
    for registration in registrations:
        yield Due(registration.user_id, registration.event)


def still_registered(event: Event, user) -> bool:
    return (
        event.starts_at > timezone.now()
        and Registration.objects.filter(
            event=event, user=user, status=Registration.Status.CONFIRMED
        ).exists()
    )


def event_context(event: Event, user) -> dict:
    return {"event": event, "organisers": list(event.organisers.all())}


def event_attachments(event: Event, user) -> list[tuple[str, bytes, str]]:
    return [(f"legeportalen-event-{event.pk}.ics", calendar.ics_bytes(event), "text/calendar")]


notifications.register(
    Occasion(
        key="event_tomorrow",
        label=_("Events you are registered for: a reminder the day before"),
        reason=_(
            "You get this e-mail because you have a place at this event. If you cannot "
            "come, cancel your place so that someone on the waiting list gets it."
        ),
        find_due=find_events_tomorrow,
        still_due=still_registered,
        context=event_context,
        attachments=event_attachments,
    )
)


# --- Immediate: written by the careers services in the change's transaction ---------------


def _link(name: str, *args) -> Callable[[models.Model, User | None], str]:
    return lambda obj, user: reverse(name, args=args)


def registration_context(registration: Registration, user) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": notifications.absolute(event.get_absolute_url()),
        "ics_url": notifications.absolute(reverse("careers:event_ics", args=[event.pk])),
    }


def registration_attachments(registration: Registration, user) -> list[tuple[str, bytes, str]]:
    return [calendar.registration_attachment(registration, user)]


def load_registrations(ids: list[int]) -> dict[int, Registration]:
    return (
        Registration.objects.select_related("event")
        .prefetch_related("event__organisers")
        .in_bulk(ids)
    )


def place_still_confirmed(registration: Registration, user) -> bool:
    return registration.status == Registration.Status.CONFIRMED


PLACE_REASON = _(
    "You get this e-mail because you registered for this event. Messages about your own "
    "place cannot be turned off."
)


def _place_occasion(key: str, label, still_due=place_still_confirmed) -> Occasion:
    """The messages about a person's own place at an event: transactional, with the
    event's calendar file (REQUEST, or CANCEL once the place is gone)."""
    return Occasion(
        key=key,
        label=label,
        reason=PLACE_REASON,
        optional=False,
        context=registration_context,
        link=lambda registration, user: registration.event.get_absolute_url(),
        attachments=registration_attachments,
        load=load_registrations,
        still_due=still_due,
    )


for occasion in (
    _place_occasion(
        "event_registered", _("Events: confirmation of your place, with a calendar file")
    ),
    _place_occasion(
        "event_place_from_waiting_list",
        _("Events: a place became free for you on the waiting list"),
    ),
    _place_occasion(
        "event_moved", _("Events: the time or place of an event you have a place at changed")
    ),
    _place_occasion(
        "event_registration_cancelled",
        _("Events: receipt when you cancel your place"),
        still_due=lambda registration, user: registration.status == Registration.Status.CANCELLED,
    ),
):
    notifications.register(occasion)


def onboarding_context(onboarding: Onboarding, user) -> dict:
    return {"onboarding": onboarding, "newcomer": onboarding.newcomer, "buddy": onboarding.buddy}


def load_onboardings(ids: list[int]) -> dict[int, Onboarding]:
    return Onboarding.objects.select_related("newcomer", "organisation", "buddy").in_bulk(ids)


ONBOARDING_REASON = _(
    "You get this e-mail because you are starting at, or helping a newcomer at, this employer."
)

notifications.register(
    Occasion(
        key="onboarding_started",
        label=_("Starting a new job: welcome and checklist"),
        reason=ONBOARDING_REASON,
        context=onboarding_context,
        link=_link("careers:my_onboarding"),
        load=load_onboardings,
    )
)
notifications.register(
    Occasion(
        key="buddy_for_newcomer",
        label=_("Starting a new job: who your buddy is"),
        reason=ONBOARDING_REASON,
        context=onboarding_context,
        link=_link("careers:my_onboarding"),
        load=load_onboardings,
        still_due=lambda onboarding, user: onboarding.buddy_id is not None,
    )
)
notifications.register(
    Occasion(
        key="buddy_for_buddy",
        label=_("Newcomers: when you are named someone's buddy"),
        reason=ONBOARDING_REASON,
        context=onboarding_context,
        link=lambda onboarding, user: "",
        load=load_onboardings,
        # A buddy changed again before this was sent is not told.
        still_due=lambda onboarding, user: user is not None and onboarding.buddy_id == user.pk,
    )
)


# Coupled tracks: a municipality's invitation, the answers, the agreed time (with a
# calendar entry, cancelled with the same UID) and the agreed post.


def load_invitations(ids: list[int]) -> dict[int, Invitation]:
    return (
        Invitation.objects.select_related("track", "municipality", "candidate", "chosen_time")
        .prefetch_related("times")
        .in_bulk(ids)
    )


def invitation_context(invitation: Invitation, user) -> dict:
    return {"invitation": invitation}


def invitation_attachments(invitation: Invitation, user) -> list[tuple[str, bytes, str]]:
    """The agreed meeting: REQUEST once a time is agreed, CANCEL (sequence one higher, same
    UID) once it is off. Nothing while no time is agreed."""
    if invitation.chosen_time_id is None:
        return []
    return [
        tracks_calendar.invitation_attachment(invitation, attendee=user.email if user else None)
    ]


TRACK_REASON = _(
    "You get this because you consented to sharing your profile with the municipalities in "
    "the track. You can withdraw the consent on the same page."
)
TRACK_STAFF_REASON = _(
    "You get this e-mail because you are chief municipal physician for a municipality in "
    "this coupled track."
)

notifications.register(
    Occasion(
        key="track_invitation",
        label=_("Coupled tracks: a municipality invites you"),
        reason=TRACK_REASON,
        optional=False,
        context=invitation_context,
        link=_link("careers:my_path"),
        load=load_invitations,
        still_due=lambda invitation, user: invitation.is_open,
    )
)
notifications.register(
    Occasion(
        key="track_invitation_answered",
        label=_("Coupled tracks: a candidate answered your municipality's invitation"),
        reason=TRACK_STAFF_REASON,
        context=invitation_context,
        link=lambda invitation, user: reverse("careers:invitation_detail", args=[invitation.pk]),
        attachments=invitation_attachments,
        load=load_invitations,
        shown_to=lambda user: Membership.objects.filter(
            user=user, role=Membership.Role.CHIEF_PHYSICIAN
        ).exists(),
    )
)
notifications.register(
    Occasion(
        key="track_invitation_update",
        label=_("Coupled tracks: the time of your meeting is agreed, or it is cancelled"),
        reason=TRACK_REASON,
        optional=False,
        context=invitation_context,
        link=_link("careers:my_path"),
        attachments=invitation_attachments,
        load=load_invitations,
    )
)


def load_placements(ids: list[int]) -> dict[int, Placement]:
    return Placement.objects.select_related(
        "candidate", "track", "municipality", "lis1_posting"
    ).in_bulk(ids)


notifications.register(
    Occasion(
        key="track_placement",
        label=_("Coupled tracks: your coupled post is agreed"),
        reason=TRACK_REASON,
        optional=False,
        context=lambda placement, user: {"placement": placement},
        link=_link("careers:my_path"),
        load=load_placements,
    )
)
