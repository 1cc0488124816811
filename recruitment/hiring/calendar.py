"""iCalendar files for interviews: one for the candidate's booking, one for an
interviewer's slot (written by ``portal.calendar``, the one builder for every .ics)."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import calendar
from recruitment.models import InterviewBooking, InterviewSlot


def _entry(slot: InterviewSlot, uid: str, summary: str, lines: list[str], url: str, *, cancelled):
    if slot.video_url:
        lines.append(f"{_('Video link')}: {slot.video_url}")
    if slot.note:
        lines.append(slot.note)
    return calendar.Entry(
        uid=uid,
        summary=summary,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        url=url,
        location=slot.place or slot.video_url,
        lines=lines,
        cancelled=cancelled,
    )


def booking_ics(booking: InterviewBooking) -> bytes:
    """The candidate's interview."""
    slot, posting = booking.slot, booking.slot.posting
    summary = _("Interview: %(title)s") % {"title": posting.title}
    url = calendar.absolute(booking.choice.application.get_absolute_url())
    cancelled = bool(slot.cancelled_at or booking.cancelled_at)
    entry = _entry(
        slot,
        f"interview-booking-{booking.pk}",
        summary,
        [posting.employer.name],
        url,
        cancelled=cancelled,
    )
    return calendar.ics([entry], name=summary)


def slot_ics(slot: InterviewSlot) -> bytes:
    """An interviewer's slot, with the names of the candidates booked into it."""
    posting = slot.posting
    bookings = [b for b in slot.bookings.all() if b.cancelled_at is None]
    names = ", ".join(str(b.choice.application.applicant) for b in bookings)
    summary = _("Interview: %(title)s") % {"title": posting.title}
    url = calendar.absolute(reverse("recruitment:hiring_interviews", args=[posting.pk]))
    lines = [f"{_('Candidates')}: {names}" if names else _("No bookings yet.")]
    entry = _entry(
        slot, f"interview-slot-{slot.pk}", summary, lines, url, cancelled=bool(slot.cancelled_at)
    )
    return calendar.ics([entry], name=summary)


def ics_response(content: bytes, filename: str) -> HttpResponse:
    return calendar.response(content, filename)
