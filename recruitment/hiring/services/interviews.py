"""Interviews: taking part, slots, invitations, bookings and assessments (employers and
candidates)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit, notifications
from portal.models import Organisation, User
from recruitment import wording
from recruitment.hiring import permissions, selectors
from recruitment.hiring.selectors import OFFERABLE, change_deadline
from recruitment.hiring.services.base import (
    check_manage,
)
from recruitment.models import (
    Choice,
    ChoiceStatus,
    InterviewAssessment,
    InterviewBooking,
    InterviewInvitation,
    InterviewParticipant,
    InterviewSlot,
    Posting,
)
from recruitment.services import record_choice_status

# --- Interviews ----------------------------------------------------------------------------


@transaction.atomic
def add_participant(
    *, user: User, posting: Posting, organisation: Organisation
) -> InterviewParticipant:
    """Let a municipality take part in the interviews for this posting."""
    check_manage(user, posting)
    if organisation.pk == posting.employer_id:
        raise ValidationError(_("The employer takes part in its own interviews already."))
    if not organisation.is_municipality:
        raise ValidationError(_("Only a municipality can be added to take part."))
    participant, created = InterviewParticipant.objects.get_or_create(
        posting=posting, organisation=organisation, defaults={"added_by": user}
    )
    if not created:
        raise ValidationError(
            _("%(name)s already takes part in the interviews.") % {"name": organisation.name}
        )
    return participant


@transaction.atomic
def remove_participant(*, user: User, participant: InterviewParticipant) -> None:
    check_manage(user, participant.posting)
    participant.delete()


@transaction.atomic
def create_slots(
    *,
    user: User,
    posting: Posting,
    starts_at: datetime,
    duration_minutes: int,
    place: str = "",
    video_url: str = "",
    capacity: int = 1,
    count: int = 1,
    interviewers: Iterable = (),
    note: str = "",
) -> list[InterviewSlot]:
    """Publish ``count`` back-to-back slots from ``starts_at``; invited candidates see
    them at once."""
    check_manage(user, posting)
    if posting.status == Posting.Status.DRAFT:
        raise ValidationError(_("Publish the posting before you add interview times."))
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The interview must be in the future.")})
    if not place.strip() and not video_url.strip():
        raise ValidationError({"place": _("Give a place or a video link.")})
    if not 1 <= count <= 40:
        raise ValidationError({"count": _("Add between 1 and 40 slots at a time.")})
    interviewers = list(interviewers)
    allowed = set(selectors.possible_interviewers(posting).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in interviewers):
        raise ValidationError(
            {"interviewers": _("Interviewers must be staff of the employer or a participant.")}
        )
    slots = []
    for index in range(count):
        slot = InterviewSlot.objects.create(
            posting=posting,
            starts_at=starts_at + timedelta(minutes=duration_minutes * index),
            duration_minutes=duration_minutes,
            place=place.strip(),
            video_url=video_url.strip(),
            capacity=capacity,
            note=note.strip(),
            created_by=user,
        )
        slot.interviewers.set(interviewers)
        slots.append(slot)
    return slots


def check_cancellable_slot(slot: InterviewSlot) -> None:
    """Asked by the confirmation page and again by ``cancel_slot`` under its lock."""
    if slot.cancelled_at is not None:
        raise ValidationError(_("This interview time has already been cancelled."))


@transaction.atomic
def cancel_slot(*, user: User, slot: InterviewSlot) -> int:
    """Cancel a slot; its candidates are told and may book another time. Returns how many
    bookings were cancelled; a slot already cancelled (a second click) is refused."""
    check_manage(user, slot.posting)
    slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
    check_cancellable_slot(slot)
    now = timezone.now()
    slot.cancelled_at = now
    slot.save(update_fields=["cancelled_at"])
    bookings = list(
        slot.bookings.filter(cancelled_at__isnull=True).select_related(
            "choice__application__applicant"
        )
    )
    InterviewBooking.objects.filter(pk__in=[b.pk for b in bookings]).update(
        cancelled_at=now, cancelled_by=user
    )
    if slot.starts_at > now:  # a time already past is nothing to book again
        for booking in bookings:
            if booking.choice.is_active:
                notifications.notify(
                    "interview_cancelled", booking, [booking.choice.application.applicant]
                )
    return len(bookings)


@transaction.atomic
def invite_to_interview(
    *, user: User, posting: Posting, choices: Iterable[Choice], message: str = ""
) -> int:
    """Invite candidates to book a slot; marks their choices "interview". Returns how many
    were newly invited (inviting twice changes nothing)."""
    check_manage(user, posting)
    if not selectors.open_slots(posting).exists():
        raise ValidationError(_("Publish at least one interview time first."))
    ids = [choice.pk for choice in choices]
    locked = list(
        Choice.objects.select_for_update()
        .filter(pk__in=ids, posting=posting)
        .select_related("application__applicant")
    )
    if len(locked) != len(set(ids)):
        raise PermissionDenied
    invited = set(
        InterviewInvitation.objects.filter(choice__in=locked).values_list("choice_id", flat=True)
    )
    new = [choice for choice in locked if choice.pk not in invited]
    for choice in new:
        if choice.status not in OFFERABLE:
            raise ValidationError(
                _("%(name)s cannot be invited now (%(status)s).")
                % {
                    "name": choice.application.applicant,
                    "status": wording.choice_status(choice.status, wording.Audience.EMPLOYER),
                }
            )
    invitations = InterviewInvitation.objects.bulk_create(
        InterviewInvitation(choice=choice, message=message.strip(), invited_by=user)
        for choice in new
    )
    for invitation in invitations:
        notifications.notify(
            "interview_invitation", invitation, [invitation.choice.application.applicant]
        )
    record_choice_status(
        [c for c in new if c.status != ChoiceStatus.INTERVIEW], ChoiceStatus.INTERVIEW, user
    )
    return len(new)


def _check_changeable_booking(slot: InterviewSlot, now: datetime, message: str) -> None:
    if now >= change_deadline(slot):
        raise ValidationError(message % {"hours": settings.HIRING_INTERVIEW_CHANGE_HOURS})


@transaction.atomic
def book_slot(
    *, user: User, invitation: InterviewInvitation, slot: InterviewSlot
) -> InterviewBooking:
    """Book (or move to) a slot. A double click returns the same booking; a full slot
    refuses — also when two candidates take its last place at the same moment."""
    invitation = (
        InterviewInvitation.objects.select_for_update(of=("self",))
        .select_related("choice__application")
        .get(pk=invitation.pk)
    )
    choice = invitation.choice
    if choice.application.applicant_id != user.pk:
        raise PermissionDenied
    if choice.status in (ChoiceStatus.WITHDRAWN, ChoiceStatus.REJECTED, ChoiceStatus.DECLINED):
        raise ValidationError(_("This application is no longer active."))
    if slot.posting_id != choice.posting_id:
        raise ValidationError(_("That time belongs to another posting."))
    current = (
        choice.interview_bookings.filter(cancelled_at__isnull=True).select_related("slot").first()
    )
    if current is not None and current.slot_id == slot.pk:
        return current
    wanted = {slot.pk, current.slot_id} if current else {slot.pk}
    locked = {s.pk: s for s in InterviewSlot.objects.select_for_update().filter(pk__in=wanted)}
    slot = locked[slot.pk]
    now = timezone.now()
    if slot.cancelled_at is not None:
        raise ValidationError(_("This time has been cancelled. Please choose another."))
    _check_changeable_booking(
        slot, now, _("Times less than %(hours)d hours away can no longer be booked.")
    )
    if current is not None:
        _check_changeable_booking(
            current.slot,
            now,
            _(
                "Your interview is less than %(hours)d hours away and can no longer be "
                "moved. Please contact the employer."
            ),
        )
    if slot.bookings.filter(cancelled_at__isnull=True).count() >= slot.capacity:
        raise ValidationError(_("Someone else has just booked this time. Please choose another."))
    if current is not None:
        current.cancelled_at, current.cancelled_by = now, user
        current.save(update_fields=["cancelled_at", "cancelled_by"])
    return InterviewBooking.objects.create(slot=slot, choice=choice, booked_at=now)


@transaction.atomic
def cancel_booking(*, user: User, booking: InterviewBooking) -> InterviewBooking:
    """The candidate cancels their booking (until the cut-off); they may book again."""
    # The invitation's lock serialises this with a booking or rebooking in another tab.
    InterviewInvitation.objects.select_for_update().filter(choice_id=booking.choice_id).first()
    booking = InterviewBooking.objects.select_related("slot", "choice__application").get(
        pk=booking.pk
    )
    if booking.choice.application.applicant_id != user.pk:
        raise PermissionDenied
    if booking.cancelled_at is not None:
        return booking
    _check_changeable_booking(
        booking.slot,
        timezone.now(),
        _(
            "Your interview is less than %(hours)d hours away and can no longer be "
            "cancelled here. Please contact the employer."
        ),
    )
    booking.cancelled_at, booking.cancelled_by = timezone.now(), user
    booking.save(update_fields=["cancelled_at", "cancelled_by"])
    return booking


@transaction.atomic
def save_assessment(*, user: User, choice: Choice, **fields: Any) -> InterviewAssessment:
    """Save the interviewer's own notes and scores on a candidate, for their
    organisation only."""
    if not permissions.assessable_choices(user).filter(pk=choice.pk).exists():
        raise PermissionDenied
    organisation_id = permissions.assessing_organisation_id(user, choice.posting)
    if organisation_id is None:
        raise PermissionDenied
    assessment, created = InterviewAssessment.objects.update_or_create(
        choice=choice,
        author=user,
        defaults={"organisation_id": organisation_id, **fields},
    )
    audit.record(
        actor=user,
        action=audit.Action.CREATE if created else audit.Action.CHANGE,
        obj=assessment,
        subject_user_id=choice.application.applicant_id,
        organisation_id=organisation_id,
        detail="interview assessment",
    )
    return assessment
