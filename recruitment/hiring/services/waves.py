"""Offer waves: released and expired by the scheduled jobs, planned by the coordinator
(the wave calendar), and the round's upgrade policy."""

import logging
from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from recruitment.hiring.selectors import OFFERABLE
from recruitment.hiring.services.base import (
    Status,
    check_coordinator,
    format_local,
)
from recruitment.hiring.services.transitions import (
    end_offer,
    open_offer,
)
from recruitment.models import (
    Application,
    ApplicationRound,
    Choice,
    ChoiceStatus,
    Offer,
    OfferWave,
    RoundOfferPolicy,
    StatusReason,
)
from recruitment.services import record_choice_status

# Under the package's name, as before the services were split by topic.
logger = logging.getLogger("recruitment.hiring.services")

# --- Offers: scheduled jobs ----------------------------------------------------------------


def release_wave(wave: OfferWave, now: datetime | None = None) -> int:
    """Release every offer prepared for a due wave, together, in one transaction. Each
    offer is answered by the wave's answer deadline exactly as the coordinator set it,
    also when the release runs minutes before it. Returns how many were released; a
    second run finds the wave released and does nothing, and a missed wave (its deadline
    passed first) is left for the coordinator to move."""
    now = now or timezone.now()
    with transaction.atomic():
        due = OfferWave.objects.select_for_update(skip_locked=True).due(now).filter(pk=wave.pk)
        locked = due.first()
        if locked is None:
            return 0
        wave = locked
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
                end_offer(
                    offer,
                    Status.WITHDRAWN,
                    None,
                    now,
                    reason_code=StatusReason.CHANGED_BEFORE_WAVE,
                )
                continue
            open_offer(offer, actor=None, now=now, respond_by=wave.answer_by)
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
            end_offer(offer, Status.EXPIRED, None, now, reason_code=StatusReason.NOT_ANSWERED)
            record_choice_status(
                Choice.objects.filter(pk=offer.choice_id),
                ChoiceStatus.DECLINED,
                None,
                StatusReason.NOT_ANSWERED,
            )
            expired += 1
    return expired


# --- Wave calendar (coordinator) -----------------------------------------------------------


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
    problems = (
        *_own_time_problems(wave, stored, now),
        *_round_problems(wave),
        *_neighbour_problems(wave),
    )
    for field, message in problems:
        errors.setdefault(field, message)  # the first problem of each field is enough
    if errors:
        raise ValidationError(errors)


def _own_time_problems(
    wave: OfferWave, stored: OfferWave | None, now: datetime
) -> Iterator[tuple[str, str]]:
    """The wave's own times: in order, and still to come (a moved offer time too)."""
    offers, answer, marking = wave.offers_at, wave.answer_by, wave.marking_at
    if answer <= offers:
        yield "answer_by", _("The answer deadline must be after the offer time.")
    if marking < answer:
        yield "marking_at", _("Marking must come after the answer deadline.")
    if answer <= now:
        yield (
            "answer_by",
            _("The answer deadline %(when)s has passed. Choose one still to come.")
            % {"when": format_local(answer)},
        )
    if offers <= now and (stored is None or stored.offers_at != offers):
        yield (
            "offers_at",
            _("The offer time %(when)s has passed. Choose one still to come.")
            % {"when": format_local(offers)},
        )


def _round_problems(wave: OfferWave) -> Iterator[tuple[str, str]]:
    """Offers go out only once the round's applications have closed."""
    round = ApplicationRound.objects.get(pk=wave.round_id)
    if wave.offers_at < round.closes_at:
        yield (
            "offers_at",
            _("The round's applications close %(deadline)s: offers can go out only from then on.")
            % {"deadline": format_local(round.closes_at)},
        )


def _neighbour_problems(wave: OfferWave) -> Iterator[tuple[str, str]]:
    """Never before a released wave, never overlapping another wave."""
    offers, marking = wave.offers_at, wave.marking_at
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
            yield (
                "offers_at",
                _(
                    "%(wave)s has been released (offers %(offers)s): a new or moved wave "
                    "must come after it and its marking (%(marking)s)."
                )
                % times,
            )
        elif other.offers_at <= offers < other.marking_at:
            yield (
                "offers_at",
                _(
                    "The wave overlaps %(wave)s (offers %(offers)s, marking by %(marking)s): "
                    "each wave starts after the previous one's marking."
                )
                % times,
            )
        elif offers < other.offers_at < marking:
            yield (
                "marking_at",
                _(
                    "The wave overlaps %(wave)s, whose offers go out %(offers)s: this "
                    "wave's marking must be done by then."
                )
                % times,
            )


def lock_wave(wave: OfferWave) -> OfferWave:
    """The stored wave under lock, taken as ``save_wave`` takes them: the round first."""
    ApplicationRound.objects.select_for_update().get(pk=wave.round_id)
    return OfferWave.objects.select_for_update().get(pk=wave.pk)


@transaction.atomic
def save_wave(*, user: User, wave: OfferWave, now: datetime | None = None) -> OfferWave:
    """Add or change a wave; refused unless it keeps the calendar's rule
    (``validate_wave_calendar``). Moving a missed wave to new times lets it release."""
    check_coordinator(user)
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
def delete_wave(*, user: User, wave: OfferWave) -> None:
    check_coordinator(user)
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
def set_upgrade_policy(*, user: User, round: ApplicationRound, allow_upgrade: bool) -> None:
    check_coordinator(user)
    RoundOfferPolicy.objects.update_or_create(
        round=round, defaults={"allow_upgrade": allow_upgrade}
    )
