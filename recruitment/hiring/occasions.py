"""E-mails of the employer workflow, registered with portal.notifications (imported by
recruitment/occasions.py, which the portal autodiscovers).

Candidates hear: an offer has come (or they were moved up by their upgrade), its answer
deadline is two days away and then today, an offer was withdrawn, they are invited to
interview, their interview time was cancelled, their interview is tomorrow (with an .ics),
and the decision on their request to be left off the public applicant list. The
employer's staff hear that an offer expired unanswered or was declined or given up, so
they can offer the post to the next candidate; interviewers that they interview tomorrow.

What happened (an offer released, withdrawn, expired or declined; an invitation; a
cancelled time; a decision) is written by the service that makes the change, in its
transaction (``announce_offer`` and the ``notify`` calls in services.py); what is due at a
time (deadlines, tomorrow's interviews) is found by the sweep. Each ``find_*`` reads only
the database and the ``now`` it is given (tests travel in time by passing a later ``now``);
the notification log makes each one reach each person once.
"""

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import notifications
from portal import permissions as portal_permissions
from portal.models import User
from portal.notifications import Due, Occasion
from recruitment.hiring import calendar, selectors
from recruitment.models import (
    Choice,
    ExemptionDecision,
    InterviewBooking,
    InterviewInvitation,
    InterviewSlot,
    Offer,
)
from recruitment.recipients import posting_recipients

Status = Offer.Status


def _start_of_local_day(moment: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(moment), time.min))


def _offers():
    return Offer.objects.select_related("choice__posting__employer__parent", "application")


# --- Candidates: offers --------------------------------------------------------------------


def find_deadline_soon(now: datetime) -> Iterator[Due]:
    """Open offers whose answer deadline is a few days away (2 by default), until the day
    itself; not those released inside that time (their first e-mail gives the deadline)."""
    ahead = timedelta(days=settings.HIRING_OFFER_REMINDER_DAYS)
    offers = _offers().filter(
        status=Status.OPEN,
        respond_by__lte=now + ahead,
        respond_by__gte=_start_of_local_day(now) + timedelta(days=1),
        released_at__lte=F("respond_by") - ahead,
    )
    for offer in offers.order_by("pk"):
        yield Due(offer.application.applicant_id, offer)


def find_deadline_today(now: datetime) -> Iterator[Due]:
    """Open offers to be answered later today, released before today."""
    today = _start_of_local_day(now)
    offers = _offers().filter(
        status=Status.OPEN,
        respond_by__gt=now,
        respond_by__lt=today + timedelta(days=1),
        released_at__lt=today,
    )
    for offer in offers.order_by("pk"):
        yield Due(offer.application.applicant_id, offer)


def offer_context(offer: Offer, user) -> dict:
    return {"offer": offer, "posting": offer.choice.posting}


def my_offers_link(offer: Offer, user) -> str:
    return offer.get_absolute_url()


# --- Employers: offers that came to nothing ------------------------------------------------


def _employer_staff(offer: Offer) -> list[User]:
    """Who hears that an offer came to nothing: the posting's recruiters (as for a passed
    deadline, recruitment.recipients.posting_recipients)."""
    ids = posting_recipients([offer.choice.posting])[offer.choice.posting_id]
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def announce_offer(offer: Offer) -> None:
    """The message an offer's new status causes, written in the transaction that set it:
    the candidate hears of an offer released (also one accepted at once by their upgrade)
    and of one withdrawn after they saw it; the employer's staff hear that one expired or
    was declined or given up, so they can offer the post to the next candidate."""
    candidate = [offer.application.applicant]
    if offer.status == Status.OPEN:
        notifications.notify("offer_received", offer, candidate)
    elif offer.status == Status.WITHDRAWN and offer.released_at is not None:
        notifications.notify("offer_withdrawn", offer, candidate)
    elif offer.status == Status.EXPIRED:
        notifications.notify("offer_expired", offer, _employer_staff(offer))
    elif offer.status in (Status.DECLINED, Status.RELEASED):
        notifications.notify("offer_declined", offer, _employer_staff(offer))


def employer_offer_context(offer: Offer, user) -> dict:
    posting = offer.choice.posting
    reserve = selectors.reserve_list(posting).first()
    return {
        "offer": offer,
        "posting": posting,
        "candidate": offer.application.applicant,
        "next_reserve": reserve.application.applicant if reserve else None,
    }


def offers_page_link(offer: Offer, user) -> str:
    return reverse("recruitment:hiring_offers", args=[offer.choice.posting_id])


# --- Interviews ----------------------------------------------------------------------------


def invitation_context(invitation: InterviewInvitation, user) -> dict:
    posting = invitation.choice.posting
    return {
        "invitation": invitation,
        "posting": posting,
        "slots": list(selectors.open_slots(posting)[:10]),
    }


def book_link(invitation: InterviewInvitation, user) -> str:
    return reverse("recruitment:hiring_book", args=[invitation.pk])


def booking_context(booking: InterviewBooking, user) -> dict:
    return {"booking": booking, "slot": booking.slot, "posting": booking.slot.posting}


def rebook_link(booking: InterviewBooking, user) -> str:
    return reverse("recruitment:hiring_book", args=[booking.choice.interview_invitation.pk])


def _tomorrow(now: datetime) -> tuple[datetime, datetime]:
    start = _start_of_local_day(now) + timedelta(days=1)
    return start, _start_of_local_day(start + timedelta(hours=36))


def find_interviews_tomorrow(now: datetime) -> Iterator[Due]:
    """Everyone with an interview tomorrow (Oslo date): each booked candidate, and each
    interviewer of a slot someone booked."""
    start, end = _tomorrow(now)
    bookings = (
        InterviewBooking.objects.filter(
            cancelled_at__isnull=True,
            slot__cancelled_at__isnull=True,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .filter(Choice.objects.active_q("choice__"))
        .select_related("choice__application")
    )
    slot_ids = set()
    for booking in bookings.order_by("pk"):
        slot_ids.add(booking.slot_id)
        yield Due(booking.choice.application.applicant_id, booking)
    slots = InterviewSlot.objects.filter(pk__in=slot_ids).prefetch_related("interviewers")
    for slot in slots.order_by("pk"):
        for interviewer in slot.interviewers.all():
            if interviewer.is_active:
                yield Due(interviewer.pk, slot)


def interview_context(obj, user) -> dict:
    if isinstance(obj, InterviewBooking):
        return {"slot": obj.slot, "posting": obj.slot.posting, "booking": obj}
    bookings = list(
        obj.bookings.filter(cancelled_at__isnull=True).select_related(
            "choice__application__applicant"
        )
    )
    return {"slot": obj, "posting": obj.posting, "bookings": bookings}


def interview_link(obj, user) -> str:
    if isinstance(obj, InterviewBooking):
        return obj.get_absolute_url()
    return reverse("recruitment:hiring_staff_interviews")


def interview_attachments(obj, user) -> list[tuple[str, bytes, str]]:
    if isinstance(obj, InterviewBooking):
        return [(f"interview-{obj.pk}.ics", calendar.booking_ics(obj), "text/calendar")]
    return [(f"interview-slot-{obj.pk}.ics", calendar.slot_ics(obj), "text/calendar")]


# --- Public applicant list -----------------------------------------------------------------


def exemption_context(decision: ExemptionDecision, user) -> dict:
    return {"decision": decision, "posting": decision.choice.posting}


# --- Registration --------------------------------------------------------------------------

CANDIDATE_REASON = _(
    "You get this e-mail because you applied for a post through Legeportalen and the "
    "employer has answered."
)
OFFER_REASON = _(
    "You get this e-mail because you have been offered a post through Legeportalen. It "
    "cannot be turned off while you have an offer to answer."
)
EMPLOYER_REASON = _(
    "You get this e-mail because you recruit for the employer of this posting in Legeportalen."
)

for occasion in (
    Occasion(
        key="offer_received",
        label=_("You have been offered a post"),
        reason=OFFER_REASON,
        optional=False,
        context=offer_context,
        link=my_offers_link,
    ),
    Occasion(
        key="offer_deadline_soon",
        label=_("Your offer's answer deadline is two days away"),
        reason=OFFER_REASON,
        find_due=find_deadline_soon,
        optional=False,
        context=offer_context,
        link=my_offers_link,
    ),
    Occasion(
        key="offer_deadline_today",
        label=_("Your offer must be answered today"),
        reason=OFFER_REASON,
        find_due=find_deadline_today,
        optional=False,
        context=offer_context,
        link=my_offers_link,
    ),
    Occasion(
        key="offer_withdrawn",
        label=_("An employer withdrew its offer to you"),
        reason=CANDIDATE_REASON,
        optional=False,
        context=offer_context,
        link=my_offers_link,
    ),
    Occasion(
        key="offer_expired",
        label=_("Staff: an offer expired without an answer"),
        reason=EMPLOYER_REASON,
        context=employer_offer_context,
        link=offers_page_link,
        shown_to=portal_permissions.has_staff_role,
    ),
    Occasion(
        key="offer_declined",
        label=_("Staff: a candidate declined or gave up a post"),
        reason=EMPLOYER_REASON,
        context=employer_offer_context,
        link=offers_page_link,
        shown_to=portal_permissions.has_staff_role,
    ),
    Occasion(
        key="interview_invitation",
        label=_("You are invited to an interview"),
        reason=CANDIDATE_REASON,
        optional=False,
        context=invitation_context,
        link=book_link,
    ),
    Occasion(
        key="interview_cancelled",
        label=_("The employer cancelled your interview time"),
        reason=CANDIDATE_REASON,
        optional=False,
        context=booking_context,
        link=rebook_link,
    ),
    Occasion(
        key="interview_tomorrow",
        label=_("Your interview is tomorrow (with a calendar file)"),
        reason=_("You get this e-mail because you have an interview booked through Legeportalen."),
        find_due=find_interviews_tomorrow,
        context=interview_context,
        link=interview_link,
        attachments=interview_attachments,
    ),
    Occasion(
        key="exemption_decided",
        label=_("The decision on your request to be left off a public applicant list"),
        reason=CANDIDATE_REASON,
        optional=False,
        context=exemption_context,
    ),
):
    notifications.register(occasion)
