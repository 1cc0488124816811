"""Event reminders (RM, CR): the day before an event, everyone with a confirmed place gets
a reminder with the event in an .ics file. People on the waiting list and those who
cancelled get nothing; a person who cancels before it is sent is not reminded."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careers import calendar
from careers.models import Event, Registration
from portal import notifications
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
