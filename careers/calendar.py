"""iCalendar files for events: one feed to subscribe to, one file per event, and the file
attached to e-mails about a place at an event (written by ``portal.calendar``)."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _

from careers.models import Event, Registration
from portal import calendar


def entry(event: Event, *, cancelled: bool = False) -> calendar.Entry:
    url = calendar.absolute(event.get_absolute_url())
    organisers = ", ".join(org.name for org in event.organisers.all())
    lines = [event.description, f"{_('Organisers')}: {organisers}" if organisers else ""]
    if event.video_url:
        lines.append(f"{_('Video link')}: {event.video_url}")
    return calendar.Entry(
        uid=f"event-{event.pk}",
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        url=url,
        location=event.place or event.video_url,
        lines=lines,
        sequence=event.calendar_sequence,
        cancelled=cancelled,
        last_modified=event.updated_at,
        categories=[event.get_kind_display()],
    )


def ics_response(events: Iterable[Event], *, name: str, filename: str) -> HttpResponse:
    return calendar.response(calendar.ics([entry(e) for e in events], name=name), filename)


def feed(request, events: Iterable[Event]) -> HttpResponse:
    content = calendar.ics([entry(e) for e in events], name=_("Events – Legeportalen"))
    # A subscribed feed is fetched by calendar apps, not downloaded.
    return calendar.response(content, "legeportalen-events.ics", inline=True)


def single(request, event: Event) -> HttpResponse:
    return ics_response([event], name=event.title, filename=f"legeportalen-event-{event.pk}.ics")


def ics_bytes(event: Event) -> bytes:
    """One event as an .ics file to attach to a reminder."""
    return calendar.ics([entry(event)], name=event.title)


def registration_attachment(registration: Registration, user) -> tuple[str, bytes, str]:
    """The event for an e-mail about a place: REQUEST while the place is confirmed (again,
    with a higher SEQUENCE, when the time moves), CANCEL once it is not."""
    event = registration.event
    cancelled = registration.status != Registration.Status.CONFIRMED
    return calendar.attachment(
        entry(event, cancelled=cancelled),
        f"legeportalen-event-{event.pk}.ics",
        attendee=user.email if user else None,
    )
