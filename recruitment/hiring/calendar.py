"""iCalendar files for interviews: one for the candidate's booking, one for an
interviewer's slot. Times are written in Europe/Oslo with a VTIMEZONE, so calendars show
the local time across the change to and from summer time."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from recruitment.models import InterviewBooking, InterviewSlot


def _calendar(name: str, events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Legeportalen//Interviews//NB")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(slot: InterviewSlot, uid: str, summary: str, lines: list[str], url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@legeportalen")
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    if slot.video_url:
        lines.append(f"{_('Video link')}: {slot.video_url}")
    if slot.note:
        lines.append(slot.note)
    lines.append(url)
    event.add("description", "\n\n".join(line for line in lines if line))
    event.add("location", slot.place or slot.video_url)
    event.add("url", url)
    if slot.cancelled_at:
        event.add("status", "CANCELLED")
    return event


def booking_ics(booking: InterviewBooking) -> bytes:
    """The candidate's interview."""
    slot, posting = booking.slot, booking.slot.posting
    summary = _("Interview: %(title)s") % {"title": posting.title}
    url = settings.SITE_URL + booking.choice.application.get_absolute_url()
    lines = [posting.employer.name]
    event = _event(slot, f"interview-booking-{booking.pk}", summary, lines, url)
    if booking.cancelled_at:
        event["status"] = "CANCELLED"
    return _calendar(summary, [event])


def slot_ics(slot: InterviewSlot) -> bytes:
    """An interviewer's slot, with the names of the candidates booked into it."""
    posting = slot.posting
    bookings = [b for b in slot.bookings.all() if b.cancelled_at is None]
    names = ", ".join(str(b.choice.application.applicant) for b in bookings)
    summary = _("Interview: %(title)s") % {"title": posting.title}
    url = settings.SITE_URL + reverse("recruitment:hiring_interviews", args=[posting.pk])
    lines = [f"{_('Candidates')}: {names}" if names else _("No bookings yet.")]
    return _calendar(summary, [_event(slot, f"interview-slot-{slot.pk}", summary, lines, url)])


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
