"""Demo data for the employer workflow, on top of demo/activity.py's two LIS1 rounds.

- The open round gets a wave calendar (five waves after its deadline, accept-with-upgrade
  allowed) and, on its first hospital posting, interview times with invited candidates,
  two bookings and an assessment that records interest in primary care.
- The previous round's largest posting was hired from: offers accepted, one declined, one
  expired, a reserve list with the next in line, and a published public applicant list
  with two requests to be left off (one granted, one refused).
- The previous round's municipal postings were filled a week apart from twelve days after
  its deadline, all but the last, which still has a post free – so the dashboard has a
  time to fill to show for last round.

Written through the services, so every rule holds; the previous round's history is then
moved back to when it happened. Safe to run again: a round that already has waves, or a
posting that already has offers, is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from demo.data import hiring as data
from demo.data.people import OCCUPATIONAL_TITLES, RESIDENCES
from demo.data.rounds import OPEN_ROUND, PREVIOUS_ROUND
from portal.models import Membership, Organisation
from recruitment.hiring import selectors, services
from recruitment.hiring.models import (
    ExemptionDecision,
    ExemptionRequest,
    Gender,
    Offer,
    OfferEvent,
    OfferWave,
    PublicListDetails,
    RoundOfferPolicy,
)
from recruitment.models import ApplicationRound, Choice, ChoiceEvent, ChoiceStatus, Posting

SEED = 2027


def seed_hiring_demo(
    now: datetime | None = None,
    *,
    open_round: str = OPEN_ROUND,
    previous_round: str = PREVIOUS_ROUND,
) -> dict[str, int]:
    """Add the employer workflow's demo data; returns what was created, by kind."""
    now = now or timezone.now()
    rng = random.Random(SEED)
    created = {"waves": 0, "slots": 0, "offers": 0}
    current = ApplicationRound.objects.filter(name=open_round).first()
    if current is not None:
        created["waves"] = _wave_calendar(current, now)
        created["slots"] = _interviews(rng, current, now)
    previous = ApplicationRound.objects.filter(name=previous_round).first()
    if previous is not None:
        created["offers"] = _hired(rng, previous, now) + _municipalities_filled(previous)
    return created


def _noon(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def recruiter_of(posting: Posting):
    """The recruiter who acts for the posting's employer (or its trust); the coordinator
    when there is none."""
    organisations = [posting.employer_id, posting.employer.parent_id]
    membership = (
        Membership.objects.filter(
            organisation_id__in=[o for o in organisations if o],
            role=Membership.Role.RECRUITER,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        membership = Membership.objects.filter(role=Membership.Role.COORDINATOR).first()
    return membership.user if membership else None


def _wave_calendar(round: ApplicationRound, now: datetime) -> int:
    """Five waves a week apart, from two weeks after the round closes: offers at 09:00,
    answer by noon three days later, marking by noon the day after. Each is checked
    against the calendar's rule like a coordinator's."""
    if round.offer_waves.exists():
        return 0
    first = timezone.localdate(round.closes_at) + timedelta(days=14)
    for number in range(1, 6):
        day = first + timedelta(weeks=number - 1)
        answer_by = _noon(day + timedelta(days=3))
        wave = OfferWave(
            round=round,
            number=number,
            offers_at=timezone.make_aware(datetime.combine(day, time(9, 0))),
            answer_by=answer_by,
            marking_at=services.default_marking_at(answer_by),
        )
        services.validate_wave_calendar(wave, now)
        wave.save()
    RoundOfferPolicy.objects.get_or_create(round=round, defaults={"allow_upgrade": True})
    return 5


def _hospital_postings(round: ApplicationRound):
    return (
        Posting.objects.filter(round=round, employer__kind=Organisation.Kind.HOSPITAL)
        .select_related("employer__parent")
        .order_by("-number_of_posts", "pk")
    )


def _candidates(posting: Posting, limit: int):
    return list(
        posting.choices.filter(
            status__in=[ChoiceStatus.SUBMITTED, ChoiceStatus.UNDER_REVIEW],
            application__status="submitted",
        )
        .select_related("application__applicant")
        .order_by("rank", "pk")[:limit]
    )


def _interviews(rng: random.Random, round: ApplicationRound, now: datetime) -> int:
    posting = _hospital_postings(round).first()
    if posting is None or posting.interview_slots.exists():
        return 0
    recruiter = recruiter_of(posting)
    if recruiter is None:
        return 0
    day = timezone.localdate(now) + timedelta(days=10)
    with transaction.atomic():
        slots = services.create_slots(
            user=recruiter,
            posting=posting,
            starts_at=timezone.make_aware(datetime.combine(day, time(9, 0))),
            duration_minutes=30,
            place=posting.location or posting.employer.name,
            count=6,
            interviewers=[recruiter],
            note=data.INTERVIEW_NOTE,
        )
        choices = _candidates(posting, 4)
        if not choices:
            return len(slots)
        services.invite_to_interview(
            user=recruiter,
            posting=posting,
            choices=choices,
            message=data.INTERVIEW_MESSAGE,
        )
        for choice, slot in zip(choices[:2], slots, strict=False):
            choice.refresh_from_db()
            services.book_slot(
                user=choice.application.applicant,
                invitation=choice.interview_invitation,
                slot=slot,
            )
        services.save_assessment(user=recruiter, choice=choices[0], **data.ASSESSMENT)
    return len(slots)


def _hired(rng: random.Random, round: ApplicationRound, now: datetime) -> int:
    """The previous round's largest hospital posting: hired, with a reserve list and a
    published applicant list. Its history is moved back to after the round closed."""
    posting = _hospital_postings(round).first()
    if posting is None or Offer.objects.filter(choice__posting=posting).exists():
        return 0
    recruiter = recruiter_of(posting)
    choices = _candidates(posting, posting.number_of_posts + 5)
    if recruiter is None or len(choices) < 4 or posting.number_of_posts < 3:
        return 0
    started = timezone.now()
    with transaction.atomic():
        for choice in choices:
            user = choice.application.applicant
            PublicListDetails.objects.get_or_create(
                user=user,
                defaults={
                    "birth_year": rng.randint(1994, 2001),
                    "gender": rng.choice([Gender.FEMALE, Gender.FEMALE, Gender.MALE]),
                    "residence": rng.choice(RESIDENCES),
                    "occupational_title": rng.choice(OCCUPATIONAL_TITLES),
                },
            )
        asked = choices[-2:]
        for choice in asked:
            ExemptionRequest.objects.get_or_create(
                application=choice.application,
                defaults={"reason": data.EXEMPTION_REQUEST},
            )
        # Two posts are offered again after a decline and an expiry: the reserve is next.
        hires = choices[: min(posting.number_of_posts - 2, len(choices) - 4)]
        decliner, expiring, *reserve = choices[len(hires) :]
        services.add_to_reserve(user=recruiter, posting=posting, choices=reserve)
        offers = 0
        for choice in hires:
            offer = services.make_offer(user=recruiter, choice=choice)
            services.accept_offer(user=choice.application.applicant, offer=offer)
            offers += 1
        declined = services.make_offer(user=recruiter, choice=decliner)
        services.decline_offer(user=decliner.application.applicant, offer=declined)
        expired = services.make_offer(user=recruiter, choice=expiring)
        services.expire_offers(now=expired.respond_by + timedelta(minutes=1))
        offers += 2
        for granted, choice in zip((True, False), asked, strict=False):
            services.decide_exemption(
                user=recruiter,
                choice=choice,
                granted=granted,
                reason=data.EXEMPTION_GRANTED if granted else data.EXEMPTION_REFUSED,
            )
        _back_to(round.closes_at + timedelta(days=10), started, posting)
        if not selectors.published_list(posting) and not services.publication_problems(posting):
            services.publish_public_list(user=recruiter, posting=posting)
    return offers


FIRST_FILLED_AFTER = timedelta(days=12)
FILLED_APART = timedelta(days=7)


def _free_candidates(posting: Posting, limit: int):
    """Candidates for the posting with no offer and no reserve place elsewhere in the
    round, so that hiring them takes nobody from the hospital's hires or reserve list."""
    engaged = Offer.objects.filter(application=OuterRef("application_id"))
    reserved = Choice.objects.filter(
        application=OuterRef("application_id"), status=ChoiceStatus.RESERVE
    )
    return list(
        posting.choices.filter(
            status__in=[ChoiceStatus.SUBMITTED, ChoiceStatus.UNDER_REVIEW],
            application__status="submitted",
        )
        .exclude(Exists(engaged))
        .exclude(Exists(reserved))
        .select_related("application__applicant")
        .order_by("rank", "pk")[:limit]
    )


def _municipalities_filled(round: ApplicationRound) -> int:
    """The round's municipal postings, in turn: every post offered and accepted, moved back
    to a week after the one before (the first twelve days after the deadline); the last
    posting keeps one post free. Returns how many offers were made."""
    postings = list(
        Posting.objects.filter(round=round, employer__kind=Organisation.Kind.MUNICIPALITY)
        .select_related("employer__parent")
        .order_by("pk")
    )
    offers = 0
    for n, posting in enumerate(postings):
        if Offer.objects.filter(choice__posting=posting).exists():
            continue
        last = n == len(postings) - 1
        wanted = posting.number_of_posts - 1 if last else posting.number_of_posts
        recruiter = recruiter_of(posting)
        choices = _free_candidates(posting, wanted)
        if recruiter is None or not wanted or len(choices) < wanted:
            continue
        started = timezone.now()
        with transaction.atomic():
            for choice in choices:
                offer = services.make_offer(user=recruiter, choice=choice)
                services.accept_offer(user=choice.application.applicant, offer=offer)
                offers += 1
            _back_to(round.closes_at + FIRST_FILLED_AFTER + n * FILLED_APART, started, posting)
    return offers


def _back_to(when: datetime, since: datetime, posting: Posting) -> None:
    """Move what the services just wrote (at ``since`` or later) back to ``when``."""
    shift = since - when
    offers = Offer.objects.filter(choice__posting=posting)
    offers.update(
        created_at=F("created_at") - shift,
        released_at=F("released_at") - shift,
        respond_by=F("respond_by") - shift,
        answered_at=F("answered_at") - shift,
        ended_at=F("ended_at") - shift,
    )
    OfferEvent.objects.filter(offer__in=offers).update(at=F("at") - shift)
    ChoiceEvent.objects.filter(choice__posting=posting, at__gte=since).update(at=F("at") - shift)
    posting.choices.filter(status_changed_at__gte=since).update(
        status_changed_at=F("status_changed_at") - shift
    )
    ExemptionDecision.objects.filter(choice__posting=posting, decided_at__gte=since).update(
        decided_at=F("decided_at") - shift
    )
    Posting.objects.filter(pk=posting.pk, closed_at__gte=since).update(
        closed_at=F("closed_at") - shift
    )
