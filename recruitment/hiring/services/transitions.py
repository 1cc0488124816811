"""The steps every offer transition is made of, inside the caller's transaction: the
offer's history, ending, opening and accepting an offer with its cascade, and the
onboarding the acceptance announces (recruitment/hooks.py). Used by ``offers`` and ``waves``;
not part of the package's public names."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.models import User
from recruitment import hooks
from recruitment.hiring import occasions
from recruitment.hiring.selectors import NOT_UPGRADABLE
from recruitment.hiring.services.base import (
    DEFAULT_START_AFTER,
    Status,
)
from recruitment.models import (
    Application,
    ApplicationRound,
    ChoiceStatus,
    InterviewBooking,
    Offer,
    OfferEvent,
    Posting,
    RoundOfferPolicy,
    StatusReason,
)
from recruitment.services import record_choice_status

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


def log_offer(offer: Offer, actor: User | None, note: str = "", reason_code: str = "") -> None:
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


def end_offer(
    offer: Offer,
    status: str,
    actor: User | None,
    now: datetime,
    *,
    reason: str = "",
    reason_code: str = "",
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
    log_offer(offer, actor, reason, reason_code)
    occasions.announce_offer(offer)


def lock_application(application_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "applicant")
        .get(pk=application_id)
    )


def locked_offer(pk: int) -> Offer:
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related("choice__posting", "application__applicant", "wave")
        .get(pk=pk)
    )


def open_offer(offer: Offer, *, actor: User | None, now: datetime, respond_by: datetime) -> None:
    """Make the offer visible to the candidate; an applicant who accepted a lower choice
    with upgrade is moved up at once."""
    offer.status = Status.OPEN
    offer.released_at = now
    offer.respond_by = respond_by
    offer.choice_status_before = offer.choice.status
    offer.save()
    record_choice_status([offer.choice], ChoiceStatus.OFFERED, actor)
    log_offer(offer, actor)
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
                accept_now(
                    offer,
                    actor=None,
                    with_upgrade=True,
                    now=now,
                    reason_code=StatusReason.UPGRADED,
                )
        except ValidationError:
            pass  # the posting is full after all; the offer stays open for an answer


def accept_now(
    offer: Offer, *, actor: User | None, with_upgrade: bool, now: datetime, reason_code: str = ""
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
            log_offer(other, actor, reason_code=other.reason_code)
            occasions.announce_offer(other)
            cancel_onboarding_after_commit(other)
        elif other.status == Status.OPEN:
            end_offer(
                other, Status.DECLINED, actor, now, reason_code=StatusReason.ACCEPTED_OTHER_POST
            )
            if other.choice_id not in lower:
                declined_choices.append(other.choice)
        elif other.choice_id in lower:  # prepared for a wave, never seen by the candidate
            end_offer(
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
    log_offer(offer, actor, reason_code=reason_code)
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


def cancel_onboarding_after_commit(offer: Offer) -> None:
    """An accepted post given up: the newcomer is not coming, so their onboarding there
    (not yet started) goes too."""
    hire_user, posting = offer.application.applicant, offer.choice.posting
    transaction.on_commit(
        lambda: hooks.acceptance_given_up.send(hire_user=hire_user, posting=posting)
    )


def check_answerable(offer: Offer, now: datetime) -> None:
    if offer.status != Status.OPEN:
        messages: dict[str, str] = {
            Status.DECLINED: _("You have declined this offer."),
            Status.EXPIRED: _("The answer deadline has passed, and the offer has expired."),
            Status.WITHDRAWN: _("The employer has withdrawn this offer."),
        }
        raise ValidationError(
            messages.get(offer.status, _("This offer can no longer be answered."))
        )
    # An open offer always has its deadline (constraint offer_released_has_deadline).
    if offer.respond_by is None or offer.respond_by <= now:
        raise ValidationError(_("The answer deadline has passed, and the offer has expired."))
