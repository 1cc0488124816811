"""Writes of the employer workflow. One function per transition; each checks who acts and
the object's state, changes it in one transaction and enqueues work after the commit.

Locks are always taken in the same order — the application, then the posting, then
offers or slots — so two transitions never wait for each other in a circle:
- a candidate's booking locks their invitation, then the slot (a slot is never overbooked:
  the count of its bookings is read under the slot's row lock);
- an acceptance locks the application (serialising it with the candidate's other actions
  and with the wave release), then the posting (so accepted offers never exceed its
  number of posts), then the application's offers.

The contract other parts of the portal read: an offer that opens sets its choice to
OFFERED, an acceptance to ACCEPTED, a decline or expiry to DECLINED, a reserve placement to
RESERVE — each with a ChoiceEvent at that moment. When the portal changes a choice or an
offer by itself (another post accepted, an offer unanswered …) it stores the reason as a
``StatusReason`` code, never as prose: recruitment/wording.py words it for each reader.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal import audit, notifications
from portal import permissions as portal_permissions
from portal.models import Organisation
from recruitment import hooks, wording
from recruitment.hiring import occasions, permissions, selectors
from recruitment.hiring.selectors import NOT_UPGRADABLE, OFFERABLE, change_deadline
from recruitment.models import (
    Application,
    ApplicationRound,
    Choice,
    ChoiceStatus,
    ExemptionDecision,
    ExemptionRequest,
    InterviewAssessment,
    InterviewBooking,
    InterviewInvitation,
    InterviewParticipant,
    InterviewSlot,
    Offer,
    OfferEvent,
    OfferWave,
    Posting,
    PublicApplicantList,
    ReservePlace,
    RoundOfferPolicy,
    StatusReason,
)
from recruitment.services import record_choice_status

Status = Offer.Status
logger = logging.getLogger(__name__)

# When a post has no start date, the newcomer's onboarding is planned this far ahead.
DEFAULT_START_AFTER = timedelta(days=30)


def format_local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _check_manage(user, posting: Posting) -> None:
    if not permissions.may_manage(user, posting):
        raise PermissionDenied


# --- Interviews ----------------------------------------------------------------------------


@transaction.atomic
def add_participant(*, user, posting: Posting, organisation: Organisation) -> InterviewParticipant:
    """Let a municipality take part in the interviews for this posting."""
    _check_manage(user, posting)
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
def remove_participant(*, user, participant: InterviewParticipant) -> None:
    _check_manage(user, participant.posting)
    participant.delete()


@transaction.atomic
def create_slots(
    *,
    user,
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
    _check_manage(user, posting)
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
def cancel_slot(*, user, slot: InterviewSlot) -> int:
    """Cancel a slot; its candidates are told and may book another time. Returns how many
    bookings were cancelled; a slot already cancelled (a second click) is refused."""
    _check_manage(user, slot.posting)
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
def invite_to_interview(*, user, posting: Posting, choices: Iterable[Choice], message="") -> int:
    """Invite candidates to book a slot; marks their choices "interview". Returns how many
    were newly invited (inviting twice changes nothing)."""
    _check_manage(user, posting)
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
def book_slot(*, user, invitation: InterviewInvitation, slot: InterviewSlot) -> InterviewBooking:
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
def cancel_booking(*, user, booking: InterviewBooking) -> InterviewBooking:
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
def save_assessment(*, user, choice: Choice, **fields) -> InterviewAssessment:
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


# --- Offers: helpers -----------------------------------------------------------------------


def default_respond_by(now: datetime | None = None) -> datetime:
    """Noon (Oslo) a few days ahead: the answer deadline of an offer outside the waves."""
    day = timezone.localdate(now) + timedelta(days=settings.HIRING_OFFER_RESPONSE_DAYS)
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def allows_upgrade(round: ApplicationRound | None) -> bool:
    if round is None:
        return False
    policy = RoundOfferPolicy.objects.filter(round=round).first()
    return bool(policy and policy.allow_upgrade)


def _log(offer: Offer, actor, note: str = "", reason_code: str = "") -> None:
    """The offer's history and the audit trail, for every transition. ``note``: what a
    person wrote; ``reason_code``: why the portal made the change by itself."""
    OfferEvent.objects.create(
        offer=offer, status=offer.status, actor=actor, note=note[:500], reason_code=reason_code
    )
    why = " ".join(part for part in (reason_code, note) if part)
    audit.record(
        actor=actor,
        action=audit.Action.CREATE if offer.status == Status.PREPARED else audit.Action.CHANGE,
        obj=offer,
        subject_user_id=offer.application.applicant_id,
        organisation_id=offer.choice.posting.employer_id,
        detail=f"offer {offer.status}" + (f": {why}" if why else ""),
    )


def _end(
    offer: Offer, status: str, actor, now: datetime, *, reason: str = "", reason_code: str = ""
) -> None:
    """End an offer, with the employer's own words (``reason``) or the portal's reason
    (``reason_code``, a ``StatusReason``)."""
    offer.status = status
    offer.ended_at = now
    if status == Status.DECLINED:
        offer.answered_at = now
    offer.reason = reason[:500]
    offer.reason_code = reason_code
    offer.save(update_fields=["status", "ended_at", "answered_at", "reason", "reason_code"])
    _log(offer, actor, reason, reason_code)
    occasions.announce_offer(offer)


def _lock_application(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "applicant")
        .get(pk=application_id)
    )


def _locked_offer(pk: int) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("choice__posting", "application__applicant", "wave")
        .get(pk=pk)
    )


def _open(offer: Offer, *, actor, now: datetime, respond_by: datetime) -> None:
    """Make the offer visible to the candidate; an applicant who accepted a lower choice
    with upgrade is moved up at once."""
    offer.status = Status.OPEN
    offer.released_at = now
    offer.respond_by = respond_by
    offer.choice_status_before = offer.choice.status
    offer.save()
    record_choice_status([offer.choice], ChoiceStatus.OFFERED, actor)
    _log(offer, actor)
    occasions.announce_offer(offer)
    held = (
        Offer.objects.filter(
            application_id=offer.application_id, status=Status.ACCEPTED, with_upgrade=True
        )
        .select_related("choice")
        .first()
    )
    if held is not None and held.choice.rank > offer.choice.rank:
        try:
            with transaction.atomic():
                _accept(
                    offer,
                    actor=None,
                    with_upgrade=True,
                    now=now,
                    reason_code=StatusReason.UPGRADED,
                )
        except ValidationError:
            pass  # the posting is full after all; the offer stays open for an answer


def _accept(
    offer: Offer, *, actor, with_upgrade: bool, now: datetime, reason_code: str = ""
) -> None:
    """The acceptance and its cascade, inside the caller's transaction (which holds the
    application's lock): the post is taken, a post accepted earlier in the same application
    is given up, other open offers are declined and lower-ranked choices withdrawn."""
    choice, application = offer.choice, offer.application
    posting = Posting.objects.select_for_update().get(pk=choice.posting_id)
    accepted = Offer.objects.filter(choice__posting=posting, status=Status.ACCEPTED).count()
    if accepted >= posting.number_of_posts:
        raise ValidationError(
            _("All posts for “%(title)s” have been filled.") % {"title": posting.title}
        )
    others = list(
        Offer.objects.select_for_update(of=("self",))
        .filter(application=application, status__in=Status.live())
        .exclude(pk=offer.pk)
        .select_related("choice__posting", "application")
    )
    lower = {c.pk: c for c in application.choices.active().filter(rank__gt=choice.rank)}
    declined_choices = []
    for other in others:
        if other.status == Status.ACCEPTED:  # the candidate moves up from this post
            other.status, other.ended_at = Status.RELEASED, now
            other.reason, other.reason_code = "", StatusReason.ACCEPTED_HIGHER_CHOICE
            other.save(update_fields=["status", "ended_at", "reason", "reason_code"])
            _log(other, actor, reason_code=other.reason_code)
            occasions.announce_offer(other)
            _cancel_onboarding_after_commit(other)
        elif other.status == Status.OPEN:
            _end(other, Status.DECLINED, actor, now, reason_code=StatusReason.ACCEPTED_OTHER_POST)
            if other.choice_id not in lower:
                declined_choices.append(other.choice)
        elif other.choice_id in lower:  # prepared for a wave, never seen by the candidate
            _end(
                other,
                Status.WITHDRAWN,
                actor,
                now,
                reason_code=StatusReason.ACCEPTED_HIGHER_CHOICE,
            )
    offer.status, offer.answered_at = Status.ACCEPTED, now
    offer.reason_code = reason_code
    offer.with_upgrade = (
        with_upgrade
        and application.choices.filter(rank__lt=choice.rank)
        .exclude(status__in=NOT_UPGRADABLE)
        .exists()
    )
    offer.save(update_fields=["status", "answered_at", "with_upgrade", "reason_code"])
    _log(offer, actor, reason_code=reason_code)
    record_choice_status([choice], ChoiceStatus.ACCEPTED, actor, reason_code)
    record_choice_status(
        declined_choices, ChoiceStatus.DECLINED, actor, StatusReason.ACCEPTED_OTHER_POST
    )
    record_choice_status(
        lower.values(), ChoiceStatus.WITHDRAWN, actor, StatusReason.ACCEPTED_HIGHER_CHOICE
    )
    InterviewBooking.objects.filter(choice__in=list(lower), cancelled_at__isnull=True).update(
        cancelled_at=now, cancelled_by=actor
    )
    if accepted + 1 >= posting.number_of_posts and posting.status == Posting.Status.PUBLISHED:
        # A filled post closes: it leaves the board and its page says "filled".
        posting.status, posting.closed_at = Posting.Status.CLOSED, now
        posting.save(update_fields=["status", "closed_at", "updated_at"])
    offer_id = offer.pk
    transaction.on_commit(lambda: start_onboarding_for(offer_id))


def start_onboarding_for(offer_id: int) -> None:
    """The newcomer's onboarding checklist at the employer (careers), after the commit."""
    offer = Offer.objects.select_related("choice__posting", "application").get(pk=offer_id)
    if offer.status != Status.ACCEPTED:
        return
    posting = offer.choice.posting
    start = offer.start_date or posting.start_date
    if start is None:
        start = timezone.localdate() + DEFAULT_START_AFTER
    with transaction.atomic():
        hooks.offer_accepted.send(
            hire_user=offer.application.applicant,
            organisation=posting.employer,
            start_date=start,
            posting=posting,
        )


def _cancel_onboarding_after_commit(offer: Offer) -> None:
    """An accepted post given up: the newcomer is not coming, so their onboarding there
    (not yet started) goes too."""
    hire_user, posting = offer.application.applicant, offer.choice.posting
    transaction.on_commit(
        lambda: hooks.acceptance_given_up.send(hire_user=hire_user, posting=posting)
    )


def _check_answerable(offer: Offer, now: datetime) -> None:
    if offer.status != Status.OPEN:
        messages = {
            Status.DECLINED: _("You have declined this offer."),
            Status.EXPIRED: _("The answer deadline has passed, and the offer has expired."),
            Status.WITHDRAWN: _("The employer has withdrawn this offer."),
        }
        raise ValidationError(
            messages.get(offer.status, _("This offer can no longer be answered."))
        )
    if offer.respond_by <= now:
        raise ValidationError(_("The answer deadline has passed, and the offer has expired."))


# --- Offers: employer ----------------------------------------------------------------------


@dataclass(frozen=True)
class OfferPlan:
    """What an offer made now does: prepared for ``wave`` (and reaches the candidate at
    its offer time) or, with no wave, open at once; answered by ``respond_by`` either way."""

    wave: OfferWave | None
    respond_by: datetime


def plan_offer(
    choice: Choice,
    *,
    now: datetime | None = None,
    wave: OfferWave | None = None,
    respond_by: datetime | None = None,
) -> OfferPlan:
    """The rules of an offer, in one place: may the candidate behind ``choice`` be offered
    the post now, and how would the offer go out? Raises ValidationError saying why not.
    The confirmation page asks this to say what will happen; ``make_offer`` asks again
    under its locks, so what the page said is what is done, or nothing is.

    In a round with waves still to come the offer is prepared for a wave (the next one
    unless given) and answered by the wave's deadline; otherwise it opens at once and is
    answered by ``respond_by`` (``default_respond_by`` unless given)."""
    now = now or timezone.now()
    application, posting = choice.application, choice.posting
    name = application.applicant.full_name or application.applicant.email
    if Offer.objects.filter(choice=choice, status__in=Status.live()).exists():
        raise ValidationError(_("%(name)s already has an offer for this post.") % {"name": name})
    if choice.status not in OFFERABLE or application.status != Application.Status.SUBMITTED:
        raise ValidationError(
            _("%(name)s cannot be offered this post now (%(status)s).")
            % {
                "name": name,
                "status": wording.choice_status(choice.status, wording.Audience.EMPLOYER),
            }
        )
    live = Offer.objects.filter(choice__posting=posting, status__in=Status.live()).count()
    if live >= posting.number_of_posts:
        raise ValidationError(
            _(
                "All %(n)d posts already have a prepared, open or accepted offer. "
                "Withdraw one, or wait for an answer."
            )
            % {"n": posting.number_of_posts}
        )
    pending = selectors.pending_waves(application.round, now)
    if wave is not None:
        if wave.round_id != application.round_id or not pending.filter(pk=wave.pk).exists():
            raise ValidationError(_("Choose a wave of this round that is still to come."))
    else:
        wave = pending.first()
    if wave is not None:
        return OfferPlan(wave=wave, respond_by=wave.answer_by)
    respond_by = respond_by or default_respond_by(now)
    if respond_by <= now + timedelta(hours=1):
        raise ValidationError({"respond_by": _("Give the candidate at least an hour to answer.")})
    return OfferPlan(wave=None, respond_by=respond_by)


def make_offer(
    *,
    user,
    choice: Choice,
    wave: OfferWave | None = None,
    respond_by: datetime | None = None,
    start_date: date | None = None,
    terms: str = "",
) -> Offer:
    """Offer the candidate behind ``choice`` a post, as ``plan_offer`` says: prepared for
    a wave and invisible to the candidate until it is released, or open at once. Never
    more live offers than the posting has posts; a second offer for the same choice (a
    form sent twice) is refused."""
    _check_manage(user, choice.posting)
    now = timezone.now()
    with transaction.atomic():
        application = _lock_application(choice.application_id)
        posting = Posting.objects.select_for_update().get(pk=choice.posting_id)
        choice = Choice.objects.get(pk=choice.pk)
        choice.application, choice.posting = application, posting
        plan = plan_offer(choice, now=now, wave=wave, respond_by=respond_by)
        offer = Offer(
            choice=choice,
            application=application,
            wave=plan.wave,
            status=Status.PREPARED,
            start_date=start_date or posting.start_date,
            terms=terms.strip(),
            created_by=user,
        )
        if plan.wave is not None:
            offer.save()
            _log(offer, user)  # the history shows the offer's wave
            return offer
        _open(offer, actor=user, now=now, respond_by=plan.respond_by)
        return offer


def check_withdrawable(offer: Offer) -> None:
    """Only an offer not yet answered can be withdrawn. Asked by the confirmation page and
    again by ``withdraw_offer`` under its locks, where a refusal is most often a second
    click or a page older than the candidate's answer."""
    if offer.status in (Status.PREPARED, Status.OPEN):
        return
    name = offer.application.applicant.full_name or offer.application.applicant.email
    messages = {
        Status.WITHDRAWN: _("The offer to %(name)s has already been withdrawn."),
        Status.ACCEPTED: _(
            "%(name)s has already accepted the offer. If the post falls vacant, cancel the "
            "acceptance instead."
        ),
        Status.DECLINED: _("%(name)s has already declined the offer."),
        Status.EXPIRED: _("The offer to %(name)s has already expired."),
    }
    message = messages.get(
        offer.status, _("Only an offer that has not been answered can be withdrawn.")
    )
    raise ValidationError(message % {"name": name})


@transaction.atomic
def withdraw_offer(*, user, offer: Offer, reason: str = "") -> Offer:
    """The employer takes back an offer that has not been answered."""
    _check_manage(user, offer.choice.posting)
    _lock_application(offer.application_id)
    offer = _locked_offer(offer.pk)
    check_withdrawable(offer)
    was_open = offer.status == Status.OPEN
    _end(offer, Status.WITHDRAWN, user, timezone.now(), reason=reason.strip())
    if was_open:
        choice = Choice.objects.get(pk=offer.choice_id)
        if choice.status == ChoiceStatus.OFFERED:
            before = offer.choice_status_before
            record_choice_status(
                [choice],
                before if before in OFFERABLE else ChoiceStatus.SHORTLISTED,
                user,
                StatusReason.OFFER_WITHDRAWN,
            )
    return offer


def check_cancellable_acceptance(offer: Offer) -> None:
    """Asked by the confirmation page and again by ``cancel_acceptance`` under its locks."""
    if offer.status == Status.CANCELLED:
        name = offer.application.applicant.full_name or offer.application.applicant.email
        raise ValidationError(
            _("The acceptance of %(name)s has already been cancelled.") % {"name": name}
        )
    if offer.status != Status.ACCEPTED:
        raise ValidationError(_("Only an accepted offer can be cancelled."))


@transaction.atomic
def cancel_acceptance(*, user, offer: Offer, reason: str) -> Offer:
    """The hire will not start after all (the post falls vacant): the employer may offer
    it again from the reserve list or the last round's applicants."""
    _check_manage(user, offer.choice.posting)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the post is vacant again.")})
    _lock_application(offer.application_id)
    offer = _locked_offer(offer.pk)
    check_cancellable_acceptance(offer)
    _end(offer, Status.CANCELLED, user, timezone.now(), reason=reason.strip())
    record_choice_status(
        Choice.objects.filter(pk=offer.choice_id),
        ChoiceStatus.WITHDRAWN,
        user,
        StatusReason.ACCEPTANCE_CANCELLED,
    )
    return offer


def next_reserve(posting: Posting, expected_choice_id: int | None = None) -> Choice:
    """The first candidate on the reserve list — who "offer the next reserve" offers the
    post to. With ``expected_choice_id`` (whom the employer confirmed) refused when the
    list has changed since, so a confirmation sent twice never reaches the next in line."""
    first = selectors.reserve_list(posting).first()
    if first is None:
        raise ValidationError(_("The reserve list is empty."))
    if expected_choice_id is not None and first.pk != expected_choice_id:
        raise ValidationError(
            _(
                "The reserve list has changed: %(name)s is next now. Nothing was sent; "
                "look at the list again before you offer the post."
            )
            % {"name": first.application.applicant.full_name or first.application.applicant.email}
        )
    return first


def offer_next_reserve(
    *,
    user,
    posting: Posting,
    expected_choice_id: int | None = None,
    respond_by: datetime | None = None,
) -> Offer:
    """One action: offer the post to the first candidate on the reserve list."""
    _check_manage(user, posting)
    first = next_reserve(posting, expected_choice_id)
    return make_offer(user=user, choice=first, respond_by=respond_by)


# --- Offers: candidate ---------------------------------------------------------------------


def accept_offer(*, user, offer: Offer, with_upgrade: bool = False) -> Offer:
    """Accept: in one transaction the post is taken, other open offers declined and
    lower-ranked choices withdrawn; every employer sees it at once. Accepting twice (a
    double click) changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        application = _lock_application(offer.application_id)
        if application.applicant_id != user.pk:
            raise PermissionDenied
        offer = _locked_offer(offer.pk)
        if offer.status == Status.ACCEPTED:
            return offer
        _check_answerable(offer, now)
        if with_upgrade and not allows_upgrade(application.round):
            raise ValidationError(_("This round does not offer accepting with upgrade."))
        _accept(offer, actor=user, with_upgrade=with_upgrade, now=now)
    return offer


@transaction.atomic
def decline_offer(*, user, offer: Offer) -> Offer:
    application = _lock_application(offer.application_id)
    if application.applicant_id != user.pk:
        raise PermissionDenied
    offer = _locked_offer(offer.pk)
    if offer.status == Status.DECLINED:
        return offer
    _check_answerable(offer, timezone.now())
    _end(offer, Status.DECLINED, user, timezone.now())
    record_choice_status(Choice.objects.filter(pk=offer.choice_id), ChoiceStatus.DECLINED, user)
    return offer


# --- Offers: scheduled jobs ----------------------------------------------------------------


def release_wave(wave: OfferWave, now: datetime | None = None) -> int:
    """Release every offer prepared for a due wave, together, in one transaction. Each
    offer is answered by the wave's answer deadline exactly as the coordinator set it,
    also when the release runs minutes before it. Returns how many were released; a
    second run finds the wave released and does nothing, and a missed wave (its deadline
    passed first) is left for the coordinator to move."""
    now = now or timezone.now()
    with transaction.atomic():
        wave = OfferWave.objects.select_for_update(skip_locked=True).due(now).filter(pk=wave.pk)
        wave = wave.first()
        if wave is None:
            return 0
        prepared = list(
            wave.offers.filter(status=Status.PREPARED).values_list("pk", "application_id")
        )
        list(
            Application.objects.select_for_update()
            .filter(pk__in={application_id for _pk, application_id in prepared})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Each candidate's highest choice first: accepting it (with upgrade) withdraws the
        # lower ones before their offers come up.
        order = Offer.objects.filter(pk__in=[pk for pk, _app in prepared]).order_by(
            "application_id", "choice__rank"
        )
        released = 0
        for offer_id in order.values_list("pk", flat=True):
            offer = Offer.objects.select_related(
                "choice__posting", "application__applicant", "wave"
            ).get(pk=offer_id)
            if offer.status != Status.PREPARED:
                continue
            if offer.choice.status not in OFFERABLE:
                _end(
                    offer,
                    Status.WITHDRAWN,
                    None,
                    now,
                    reason_code=StatusReason.CHANGED_BEFORE_WAVE,
                )
                continue
            _open(offer, actor=None, now=now, respond_by=wave.answer_by)
            released += 1
        wave.released_at = now
        wave.save(update_fields=["released_at"])
    return released


def release_due_waves(now: datetime | None = None) -> int:
    """The scheduled release. A missed wave is logged as an error on every run until the
    coordinator moves it (its calendar shows it too): its candidates are waiting."""
    now = now or timezone.now()
    for wave in OfferWave.objects.missed(now).select_related("round").order_by("offers_at"):
        logger.error(
            "Offer wave %s (id %s) of %s was not released: its answer deadline %s passed "
            "before the release job ran. It waits for the coordinator to move it.",
            wave.number,
            wave.pk,
            wave.round.name,
            wave.answer_by.isoformat(),
        )
    due = OfferWave.objects.due(now).order_by("offers_at", "pk")
    return sum(release_wave(wave, now) for wave in due)


def expire_offers(now: datetime | None = None) -> int:
    """Open offers past their answer deadline expire (the choice becomes DECLINED).
    Idempotent: a second run finds nothing open and past due."""
    now = now or timezone.now()
    due = Offer.objects.filter(status=Status.OPEN, respond_by__lte=now)
    expired = 0
    for offer_id in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            offer = (
                Offer.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("choice__posting", "application")
                .filter(pk=offer_id, status=Status.OPEN, respond_by__lte=now)
                .first()
            )
            if offer is None:
                continue  # answered meanwhile, or being answered right now
            _end(offer, Status.EXPIRED, None, now, reason_code=StatusReason.NOT_ANSWERED)
            record_choice_status(
                Choice.objects.filter(pk=offer.choice_id),
                ChoiceStatus.DECLINED,
                None,
                StatusReason.NOT_ANSWERED,
            )
            expired += 1
    return expired


# --- Reserve list --------------------------------------------------------------------------


def _renumber_reserve(posting: Posting, order: list[int]) -> None:
    ReservePlace.objects.filter(posting=posting).delete()
    ReservePlace.objects.bulk_create(
        ReservePlace(posting=posting, choice_id=choice_id, position=position)
        for position, choice_id in enumerate(order, start=1)
    )


@transaction.atomic
def add_to_reserve(*, user, posting: Posting, choices: Iterable[Choice]) -> int:
    """Put candidates at the end of the reserve list, in the given order."""
    _check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    ids = [c.pk for c in choices]
    locked = {
        c.pk: c for c in Choice.objects.select_for_update().filter(pk__in=ids, posting=posting)
    }
    if len(locked) != len(set(ids)):
        raise PermissionDenied
    new = [locked[pk] for pk in dict.fromkeys(ids) if locked[pk].status != ChoiceStatus.RESERVE]
    for choice in new:
        if choice.status not in OFFERABLE:
            raise ValidationError(
                _("Only active candidates without an offer can go on the reserve list.")
            )
    order = list(selectors.reserve_list(posting).values_list("pk", flat=True))
    record_choice_status(new, ChoiceStatus.RESERVE, user)
    _renumber_reserve(posting, order + [c.pk for c in new])
    return len(new)


@transaction.atomic
def move_on_reserve(*, user, posting: Posting, choice: Choice, offset: int) -> None:
    _check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    order = list(selectors.reserve_list(posting).values_list("pk", flat=True))
    if choice.pk not in order:
        raise ValidationError(_("That candidate is not on the reserve list."))
    index = order.index(choice.pk)
    order.insert(max(0, min(len(order) - 1, index + offset)), order.pop(index))
    _renumber_reserve(posting, order)


@transaction.atomic
def remove_from_reserve(*, user, posting: Posting, choice: Choice) -> None:
    """Take a candidate off the reserve list: they are told they were not selected."""
    _check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    order = list(selectors.reserve_list(posting).values_list("pk", flat=True))
    if choice.pk not in order:
        raise ValidationError(_("That candidate is not on the reserve list."))
    record_choice_status(
        Choice.objects.filter(pk=choice.pk),
        ChoiceStatus.REJECTED,
        user,
        StatusReason.REMOVED_FROM_RESERVE,
    )
    _renumber_reserve(posting, [pk for pk in order if pk != choice.pk])


# --- The applicant withdraws ---------------------------------------------------------------


def choices_withdrawn(*, choice_ids: Iterable[int], actor) -> None:
    """Called by the application services when a candidate withdraws choices (their
    statuses are already WITHDRAWN): their offers end, bookings are cancelled and they
    leave the reserve lists. An accepted post falls vacant."""
    choice_ids = list(choice_ids)
    if not choice_ids:
        return
    now = timezone.now()
    offers = (
        Offer.objects.select_for_update(of=("self",))
        .filter(choice_id__in=choice_ids, status__in=Status.live())
        .select_related("choice__posting", "application")
    )
    for offer in offers:
        status = {
            Status.PREPARED: Status.WITHDRAWN,
            Status.OPEN: Status.DECLINED,
            Status.ACCEPTED: Status.CANCELLED,
        }[offer.status]
        _end(offer, status, actor, now, reason_code=StatusReason.APPLICATION_WITHDRAWN)
        if status == Status.CANCELLED:
            _cancel_onboarding_after_commit(offer)
    InterviewBooking.objects.filter(choice_id__in=choice_ids, cancelled_at__isnull=True).update(
        cancelled_at=now, cancelled_by=actor
    )
    ReservePlace.objects.filter(choice_id__in=choice_ids).delete()


# --- Wave calendar (coordinator) -----------------------------------------------------------


def _check_coordinator(user) -> None:
    if not portal_permissions.is_coordinator(user):
        raise PermissionDenied


def default_marking_at(answer_by: datetime) -> datetime:
    """Noon (Oslo) the day after the answer deadline: when employers mark acceptances in
    the Norwegian process, if the coordinator gives no marking time."""
    day = timezone.localdate(answer_by) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def validate_wave_calendar(wave: OfferWave, now: datetime | None = None) -> None:
    """The wave calendar's rule, for a new or changed ``wave`` before it is saved. The form
    shows these messages on its fields, and ``save_wave`` asks again under the round's
    lock, so a stale form or a hand-made request cannot get round it.

    - A released wave never changes: its offers went out with these times.
    - Answer deadline after the offer time; marking at or after the answer deadline.
    - The answer deadline is still ahead, and so is a new or moved offer time (a wave
      saved with a past deadline would be missed at once).
    - Offers go out only once the round's applications have closed.
    - Never before a wave already released, and never overlapping another wave: each wave
      starts at or after the previous wave's marking.
    """
    now = now or timezone.now()
    stored = OfferWave.objects.filter(pk=wave.pk).first() if wave.pk else None
    if stored is not None and stored.released_at is not None:
        raise ValidationError(_("This wave has been released and can no longer be changed."))
    errors: dict[str, str] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, message)  # the first problem of each field is enough

    offers, answer, marking = wave.offers_at, wave.answer_by, wave.marking_at
    if answer <= offers:
        refuse("answer_by", _("The answer deadline must be after the offer time."))
    if marking < answer:
        refuse("marking_at", _("Marking must come after the answer deadline."))
    if answer <= now:
        refuse(
            "answer_by",
            _("The answer deadline %(when)s has passed. Choose one still to come.")
            % {"when": format_local(answer)},
        )
    if offers <= now and (stored is None or stored.offers_at != offers):
        refuse(
            "offers_at",
            _("The offer time %(when)s has passed. Choose one still to come.")
            % {"when": format_local(offers)},
        )
    round = ApplicationRound.objects.get(pk=wave.round_id)
    if offers < round.closes_at:
        refuse(
            "offers_at",
            _("The round's applications close %(deadline)s: offers can go out only from then on.")
            % {"deadline": format_local(round.closes_at)},
        )
    others = list(
        OfferWave.objects.filter(round_id=wave.round_id).exclude(pk=wave.pk).order_by("offers_at")
    )
    for other in others:
        times = {
            "wave": other,
            "offers": format_local(other.offers_at),
            "marking": format_local(other.marking_at),
        }
        if other.released_at is not None and offers < other.offers_at:
            refuse(
                "offers_at",
                _(
                    "%(wave)s has been released (offers %(offers)s): a new or moved wave "
                    "must come after it and its marking (%(marking)s)."
                )
                % times,
            )
        elif other.offers_at <= offers < other.marking_at:
            refuse(
                "offers_at",
                _(
                    "The wave overlaps %(wave)s (offers %(offers)s, marking by %(marking)s): "
                    "each wave starts after the previous one's marking."
                )
                % times,
            )
        elif offers < other.offers_at < marking:
            refuse(
                "marking_at",
                _(
                    "The wave overlaps %(wave)s, whose offers go out %(offers)s: this "
                    "wave's marking must be done by then."
                )
                % times,
            )
    if errors:
        raise ValidationError(errors)


def lock_wave(wave: OfferWave) -> OfferWave:
    """The stored wave under lock, taken as ``save_wave`` takes them: the round first."""
    ApplicationRound.objects.select_for_update().get(pk=wave.round_id)
    return OfferWave.objects.select_for_update().get(pk=wave.pk)


@transaction.atomic
def save_wave(*, user, wave: OfferWave, now: datetime | None = None) -> OfferWave:
    """Add or change a wave; refused unless it keeps the calendar's rule
    (``validate_wave_calendar``). Moving a missed wave to new times lets it release."""
    _check_coordinator(user)
    ApplicationRound.objects.select_for_update().get(pk=wave.round_id)
    if wave.pk:
        # Waits for a release of this wave in progress, which then counts as released.
        OfferWave.objects.select_for_update().filter(pk=wave.pk).first()
    validate_wave_calendar(wave, now)
    if wave.pk:
        # Only the times: a stale form must not write back "not released" or a number.
        wave.save(update_fields=["offers_at", "answer_by", "marking_at"])
    else:
        numbers = OfferWave.objects.filter(round_id=wave.round_id).values_list("number", flat=True)
        wave.number = max(numbers, default=0) + 1
        wave.save()
    _renumber_waves(wave.round_id)
    return wave


def _renumber_waves(round_id: int) -> None:
    waves = list(OfferWave.objects.filter(round_id=round_id).order_by("offers_at", "pk"))
    # Two steps so the unique (round, number) never sees a duplicate on the way.
    offset = len(waves) + 1000
    for wave in waves:
        OfferWave.objects.filter(pk=wave.pk).update(number=wave.number + offset)
    for number, wave in enumerate(waves, start=1):
        OfferWave.objects.filter(pk=wave.pk).update(number=number)


@transaction.atomic
def delete_wave(*, user, wave: OfferWave) -> None:
    _check_coordinator(user)
    wave = OfferWave.objects.select_for_update().get(pk=wave.pk)
    if wave.released_at is not None:
        raise ValidationError(_("A released wave cannot be deleted."))
    if wave.offers.exists():
        raise ValidationError(
            _("Employers have prepared offers for this wave. Move the wave instead.")
        )
    round_id = wave.round_id
    wave.delete()
    _renumber_waves(round_id)


@transaction.atomic
def set_upgrade_policy(*, user, round: ApplicationRound, allow_upgrade: bool) -> None:
    _check_coordinator(user)
    RoundOfferPolicy.objects.update_or_create(
        round=round, defaults={"allow_upgrade": allow_upgrade}
    )


# --- Public applicant list (offentleglova § 25) --------------------------------------------


def _published(posting: Posting) -> bool:
    return PublicApplicantList.objects.filter(posting=posting, published_at__isnull=False).exists()


@transaction.atomic
def decide_exemption(*, user, choice: Choice, granted: bool, reason: str) -> ExemptionDecision:
    """The employer decides an applicant's request to be left off its posting's list.
    The applicant is told (e-mail and their application page) before publication."""
    _check_manage(user, choice.posting)
    if not ExemptionRequest.objects.filter(application_id=choice.application_id).exists():
        raise ValidationError(_("This applicant has not asked to be left off the list."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    Posting.objects.select_for_update().get(pk=choice.posting_id)
    if _published(choice.posting) and not granted:
        raise ValidationError(_("The list is published. Take it down before refusing a request."))
    decision, _created = ExemptionDecision.objects.update_or_create(
        choice=choice,
        defaults={
            "granted": granted,
            "reason": reason.strip(),
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    audit.record(
        actor=user,
        action=audit.Action.CHANGE,
        obj=decision,
        subject_user_id=choice.application.applicant_id,
        organisation_id=choice.posting.employer_id,
        detail="public list exemption " + ("granted" if granted else "refused"),
    )
    # A decision changed later is told again: one message per decision made.
    notifications.notify(
        "exemption_decided",
        decision,
        [choice.application.applicant],
        event=f"decided:{decision.decided_at.isoformat()}",
    )
    return decision


def publication_problems(posting: Posting, now: datetime | None = None) -> list[str]:
    """Why the public list cannot be published yet (empty when it can)."""
    now = now or timezone.now()
    problems = []
    closes = posting.application_deadline()
    if now < closes:
        problems.append(
            _("Applications are accepted until %(when)s; publish after that.")
            % {"when": format_local(closes)}
        )
    requests = selectors.exemption_requests(posting)
    undecided = [c for c in requests if getattr(c, "exemption_decision", None) is None]
    if undecided:
        problems.append(
            _("%(n)d request(s) to be left off the list are not decided yet.")
            % {"n": len(undecided)}
        )
    notice = timedelta(hours=settings.HIRING_EXEMPTION_NOTICE_HOURS)
    waiting = [
        c
        for c in requests
        if getattr(c, "exemption_decision", None) is not None
        and not c.exemption_decision.granted
        and c.exemption_decision.decided_at + notice > now
    ]
    if waiting:
        latest = max(c.exemption_decision.decided_at for c in waiting) + notice
        problems.append(
            _(
                "Applicants whose request was refused are told first and may withdraw: "
                "publish after %(when)s."
            )
            % {"when": format_local(latest)}
        )
    return problems


@transaction.atomic
def publish_public_list(*, user, posting: Posting) -> PublicApplicantList:
    _check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    problems = publication_problems(posting)
    if problems:
        raise ValidationError(problems)
    public_list, _created = PublicApplicantList.objects.get_or_create(posting=posting)
    if public_list.published_at is None:
        public_list.published_at, public_list.published_by = timezone.now(), user
        public_list.save(update_fields=["published_at", "published_by"])
    return public_list


@transaction.atomic
def unpublish_public_list(*, user, posting: Posting) -> None:
    _check_manage(user, posting)
    PublicApplicantList.objects.filter(posting=posting).update(published_at=None)
