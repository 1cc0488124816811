"""iCalendar files for events: one feed to subscribe to, and one file per event.

Times are written in Europe/Oslo with a VTIMEZONE, so calendars show the local time even
across the change to and from summer time.
"""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as ICalEvent

from careers.models import Event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Legeportalen//Events//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    return calendar


def _component(request, event: Event) -> ICalEvent:
    component = ICalEvent()
    component.add("uid", f"event-{event.pk}@legeportalen")
    component.add("dtstamp", timezone.now())
    component.add("last-modified", event.updated_at)
    component.add("summary", event.title)
    component.add("dtstart", timezone.localtime(event.starts_at))
    component.add("dtend", timezone.localtime(event.ends_at))
    url = request.build_absolute_uri(event.get_absolute_url())
    organisers = ", ".join(org.name for org in event.organisers.all())
    lines = [event.description, f"{_('Organisers')}: {organisers}" if organisers else ""]
    if event.video_url:
        lines.append(f"{_('Video link')}: {event.video_url}")
    lines.append(url)
    component.add("description", "\n\n".join(line for line in lines if line))
    component.add("location", event.place or event.video_url)
    component.add("url", url)
    component.add("categories", [event.get_kind_display()])
    return component


def ics_response(request, events: Iterable[Event], *, name: str, filename: str) -> HttpResponse:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(request, event))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def feed(request, events: Iterable[Event]) -> HttpResponse:
    response = ics_response(
        request, events, name=_("Events – Legeportalen"), filename="legeportalen-events.ics"
    )
    # A subscribed feed is fetched by calendar apps, not downloaded.
    response["Content-Disposition"] = 'inline; filename="legeportalen-events.ics"'
    return response


def single(request, event: Event) -> HttpResponse:
    return ics_response(
        request, [event], name=event.title, filename=f"legeportalen-event-{event.pk}.ics"
    )


class _SiteRequest:
    """Stands in for a request where there is none (an e-mail): links use SITE_URL."""

    def build_absolute_uri(self, path: str) -> str:
        return f"{settings.SITE_URL}{path}"


def ics_bytes(event: Event) -> bytes:
    """One event as an .ics file to attach to an e-mail."""
    calendar = _calendar(event.title)
    calendar.add_component(_component(_SiteRequest(), event))
    calendar.add_missing_timezones()
    return calendar.to_ical()
