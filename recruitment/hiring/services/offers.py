"""Offers: made, withdrawn and cancelled by employers, answered by candidates, ended
when the candidate withdraws the choice."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from recruitment import wording
from recruitment.hiring import selectors
from recruitment.hiring.selectors import OFFERABLE
from recruitment.hiring.services.base import (
    Status,
    check_manage,
)
from recruitment.hiring.services.transitions import (
    accept_now,
    allows_upgrade,
    cancel_onboarding_after_commit,
    check_answerable,
    default_respond_by,
    end_offer,
    lock_application,
    locked_offer,
    log_offer,
    open_offer,
)
from recruitment.models import (
    Application,
    Choice,
    ChoiceStatus,
    InterviewBooking,
    Offer,
    OfferWave,
    Posting,
    ReservePlace,
    StatusReason,
)
from recruitment.services import record_choice_status

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
    user: User,
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
    check_manage(user, choice.posting)
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(choice.application_id)
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
            log_offer(offer, user)  # the history shows the offer's wave
            return offer
        open_offer(offer, actor=user, now=now, respond_by=plan.respond_by)
        return offer


def check_withdrawable(offer: Offer) -> None:
    """Only an offer not yet answered can be withdrawn. Asked by the confirmation page and
    again by ``withdraw_offer`` under its locks, where a refusal is most often a second
    click or a page older than the candidate's answer."""
    if offer.status in (Status.PREPARED, Status.OPEN):
        return
    name = offer.application.applicant.full_name or offer.application.applicant.email
    messages: dict[str, str] = {
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
def withdraw_offer(*, user: User, offer: Offer, reason: str = "") -> Offer:
    """The employer takes back an offer that has not been answered."""
    check_manage(user, offer.choice.posting)
    lock_application(offer.application_id)
    offer = locked_offer(offer.pk)
    check_withdrawable(offer)
    was_open = offer.status == Status.OPEN
    end_offer(offer, Status.WITHDRAWN, user, timezone.now(), reason=reason.strip())
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
def cancel_acceptance(*, user: User, offer: Offer, reason: str) -> Offer:
    """The hire will not start after all (the post falls vacant): the employer may offer
    it again from the reserve list or the last round's applicants."""
    check_manage(user, offer.choice.posting)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the post is vacant again.")})
    lock_application(offer.application_id)
    offer = locked_offer(offer.pk)
    check_cancellable_acceptance(offer)
    end_offer(offer, Status.CANCELLED, user, timezone.now(), reason=reason.strip())
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
    user: User,
    posting: Posting,
    expected_choice_id: int | None = None,
    respond_by: datetime | None = None,
) -> Offer:
    """One action: offer the post to the first candidate on the reserve list."""
    check_manage(user, posting)
    first = next_reserve(posting, expected_choice_id)
    return make_offer(user=user, choice=first, respond_by=respond_by)


# --- Offers: candidate ---------------------------------------------------------------------


def accept_offer(*, user: User, offer: Offer, with_upgrade: bool = False) -> Offer:
    """Accept: in one transaction the post is taken, other open offers declined and
    lower-ranked choices withdrawn; every employer sees it at once. Accepting twice (a
    double click) changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        application = lock_application(offer.application_id)
        if application.applicant_id != user.pk:
            raise PermissionDenied
        offer = locked_offer(offer.pk)
        if offer.status == Status.ACCEPTED:
            return offer
        check_answerable(offer, now)
        if with_upgrade and not allows_upgrade(application.round):
            raise ValidationError(_("This round does not offer accepting with upgrade."))
        accept_now(offer, actor=user, with_upgrade=with_upgrade, now=now)
    return offer


@transaction.atomic
def decline_offer(*, user: User, offer: Offer) -> Offer:
    application = lock_application(offer.application_id)
    if application.applicant_id != user.pk:
        raise PermissionDenied
    offer = locked_offer(offer.pk)
    if offer.status == Status.DECLINED:
        return offer
    check_answerable(offer, timezone.now())
    end_offer(offer, Status.DECLINED, user, timezone.now())
    record_choice_status(Choice.objects.filter(pk=offer.choice_id), ChoiceStatus.DECLINED, user)
    return offer


# --- The applicant withdraws ---------------------------------------------------------------


def choices_withdrawn(*, choice_ids: Iterable[int], actor: User | None) -> None:
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
        ends: dict[str, str] = {
            Status.PREPARED: Status.WITHDRAWN,
            Status.OPEN: Status.DECLINED,
            Status.ACCEPTED: Status.CANCELLED,
        }
        status = ends[offer.status]
        end_offer(offer, status, actor, now, reason_code=StatusReason.APPLICATION_WITHDRAWN)
        if status == Status.CANCELLED:
            cancel_onboarding_after_commit(offer)
    InterviewBooking.objects.filter(choice_id__in=choice_ids, cancelled_at__isnull=True).update(
        cancelled_at=now, cancelled_by=actor
    )
    ReservePlace.objects.filter(choice_id__in=choice_ids).delete()
