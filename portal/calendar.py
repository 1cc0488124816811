"""The one place .ics files are written: events, interviews, coupled-track meetings, and
the portal's feeds of them.

Times are written in Europe/Oslo with a VTIMEZONE, so calendars show the local time across
the change to and from summer time. Every agreed time has one UID for its whole life. A
file attached to an e-mail about it is an iTIP message (RFC 5546): ``METHOD:REQUEST`` when
the time is agreed or moved, each move with a higher ``SEQUENCE``, and ``METHOD:CANCEL``
with the same UID when it is off, so the entry a calendar made from the first e-mail is
moved or removed rather than doubled. A file downloaded from a page is ``PUBLISH``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as ICalEvent

PUBLISH, REQUEST, CANCEL = "PUBLISH", "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Entry:
    """One agreed time, as a calendar shows it."""

    uid: str  # stable for the thing's whole life; "@legeportalen" is added
    summary: str
    starts_at: datetime
    ends_at: datetime
    url: str = ""
    location: str = ""
    lines: list[str] = field(default_factory=list)  # the description, paragraph by paragraph
    sequence: int = 0  # raised each time the time moves
    cancelled: bool = False
    last_modified: datetime | None = None
    categories: list[str] = field(default_factory=list)


def absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


def _component(
    entry: Entry, method: str, attendee: str | None, stamp: datetime | None
) -> ICalEvent:
    component = ICalEvent()
    component.add("uid", f"{entry.uid}@legeportalen")
    component.add("dtstamp", stamp or timezone.now())
    if entry.last_modified is not None:
        component.add("last-modified", entry.last_modified)
    component.add("sequence", entry.sequence)
    component.add("summary", entry.summary)
    component.add("dtstart", timezone.localtime(entry.starts_at))
    component.add("dtend", timezone.localtime(entry.ends_at))
    lines = [*entry.lines]
    if entry.url:
        lines.append(entry.url)
    component.add("description", "\n\n".join(line for line in lines if line))
    if entry.location:
        component.add("location", entry.location)
    if entry.url:
        component.add("url", entry.url)
    if entry.categories:
        component.add("categories", entry.categories)
    if entry.cancelled or method == CANCEL:
        component.add("status", "CANCELLED")
    else:
        component.add("status", "CONFIRMED")
    if method in (REQUEST, CANCEL):
        # iTIP needs an organiser and the attendee the message is for.
        organiser = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        organiser.params["cn"] = vText("Legeportalen")
        component.add("organizer", organiser)
        if attendee:
            person = vCalAddress(f"mailto:{attendee}")
            person.params["role"] = vText("REQ-PARTICIPANT")
            person.params["partstat"] = vText("ACCEPTED")
            component.add("attendee", person)
    return component


def ics(
    entries: Iterable[Entry],
    *,
    name: str,
    method: str = PUBLISH,
    attendee: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """A calendar file with the entries. ``method`` REQUEST or CANCEL for an e-mail about
    them (``attendee``: the recipient's address), PUBLISH for a download or a feed;
    ``stamp`` the DTSTAMP (default: now)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Legeportalen//Calendar//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    for entry in entries:
        calendar.add_component(_component(entry, method, attendee, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def attachment(entry: Entry, filename: str, *, attendee: str | None) -> tuple[str, bytes, str]:
    """An e-mail attachment for one agreed time: REQUEST, or CANCEL once it is off."""
    method = CANCEL if entry.cancelled else REQUEST
    content = ics([entry], name=entry.summary, method=method, attendee=attendee)
    return filename, content, "text/calendar"


def response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    reply = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "inline" if inline else "attachment"
    reply["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return reply
