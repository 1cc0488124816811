"""Demo activity: the region in motion, so every page of the demo has something to show.

``seed_demo`` first builds the organisations, postings and demo logins; this module adds
what people do with them: fictional applicants with complete profiles, an open LIS1 round
with ranked applications (and a few unsent drafts), the previous round, information
evenings and a career day with registrations and a waiting list, and the survey campaigns
(``demo/surveys.py``). Data in ``demo/data/`` (people.py, rounds.py).

Everything is keyed so a second run adds nothing. Fictional people have unusable passwords
and addresses under the reserved ``.example`` domain. Applications are written here rather
than through the application services, which would mail each fictional applicant a receipt
(the events' registrations do go through ``careers.services``). Dates follow the clock, the
rest comes from a fixed random seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from careers import services as careers_services
from careers.models import Event, Registration
from demo.data.people import (
    CONNECTION,
    DEMO_DOMAIN,
    EXPERIENCE,
    FIRST_NAMES,
    LAST_NAMES,
    UNIVERSITIES,
)
from demo.data.rounds import (
    APPLICANT_COUNT,
    DRAFT_COUNT,
    EVENTS,
    FALLBACK_CONTACT,
    INFORMATION_EVENING_PLACE,
    INFORMATION_EVENING_VIDEO,
    MAX_CHOICES,
    MOTIVATION,
    OPEN_ROUND,
    PREVIOUS_DESCRIPTION,
    PREVIOUS_POSTINGS,
    PREVIOUS_ROUND,
    PREVIOUS_START,
    PREVIOUS_SUMMARY,
)
from demo.data.users import COORDINATOR_EMAIL
from demo.surveys import seed_campaigns
from portal.models import Organisation, User
from recruitment.applications import services as application_services
from recruitment.models import (
    ApplicantProfile,
    Application,
    ApplicationRound,
    CareerPreference,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    ContactPerson,
    LanguageLevel,
    LicenceStatus,
    Posting,
    PostingKind,
    Specialty,
)

SEED = 2027


@dataclass(frozen=True)
class DemoActivity:
    applicants: int
    applications: int
    events: int
    campaigns: int


def seed_activity(orgs: dict[str, Organisation], users: dict[str, User], now: datetime):
    """Add the region's activity to the demo; safe to run again."""
    rng = random.Random(SEED)
    community = next(o for o in orgs.values() if o.kind == Organisation.Kind.HEALTH_COMMUNITY)
    trust = next(o for o in orgs.values() if o.kind == Organisation.Kind.HOSPITAL_TRUST)
    coordinator = _coordinator(users)
    with transaction.atomic():
        people = seed_applicants(rng)
        applications = seed_rounds(rng, people, orgs, coordinator, now)
        events = seed_events(rng, people, community, trust, orgs, coordinator, now)
    campaigns = seed_campaigns(rng, coordinator, trust, now)
    return DemoActivity(len(people), applications, events, campaigns)


def _coordinator(users: dict[str, User]) -> User | None:
    return users.get(COORDINATOR_EMAIL)


# --- Applicants --------------------------------------------------------------------------------


def seed_applicants(rng: random.Random) -> list[User]:
    """Fictional students and young doctors with complete profiles."""
    people = []
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    for number, (first, last) in enumerate(names[:APPLICANT_COUNT], start=1):
        email = f"soker{number:02d}@{DEMO_DOMAIN}"
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": f"{first} {last}", "language": "nb"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not ApplicantProfile.objects.filter(user=user).exists():
            _profile(rng, user)
        people.append(user)
    return people


def _profile(rng: random.Random, user: User) -> ApplicantProfile:
    university, country = rng.choice(UNIVERSITIES)
    graduated = date(rng.choice((2025, 2026, 2026, 2027)), rng.choice((1, 6, 12)), 15)
    licence = (
        LicenceStatus.STUDENT
        if graduated.year == 2027
        else rng.choice([LicenceStatus.AUTHORISED, LicenceStatus.AUTHORISED, LicenceStatus.APPLIED])
    )
    local = rng.random()
    profile = ApplicantProfile(
        user=user,
        phone=f"+47 9{rng.randrange(1000000, 9999999)}",
        university=university,
        education_country=country,
        graduation_date=graduated,
        licence_status=licence,
        hpr_number=str(rng.randrange(1000000, 99999999))
        if licence == LicenceStatus.AUTHORISED
        else "",
        norwegian_level=LanguageLevel.NATIVE
        if country == "Norge"
        else rng.choice([LanguageLevel.B2, LanguageLevel.C1, LanguageLevel.C2]),
        grew_up_in_region=local < 0.25,
        studied_in_region=0.2 < local < 0.3,
        family_in_region=local < 0.15 or 0.5 < local < 0.6,
        worked_in_region=0.25 < local < 0.4,
        local_connection_details=rng.choice(CONNECTION) if local < 0.6 else "",
        clinical_experience=rng.choice(EXPERIENCE),
        career_preference=rng.choice(
            [
                CareerPreference.HOSPITAL,
                CareerPreference.HOSPITAL,
                CareerPreference.PRIMARY_CARE,
                CareerPreference.UNDECIDED,
            ]
        ),
    )
    specialties = rng.sample([s for s in Specialty.values if s], k=rng.randint(1, 3))
    profile = application_services.save_profile(
        user=user, profile=profile, full_name=user.full_name, interests=specialties
    )
    return profile


# --- Rounds and applications ---------------------------------------------------------------------


def seed_rounds(
    rng: random.Random,
    people: list[User],
    orgs: dict[str, Organisation],
    coordinator: User | None,
    now: datetime,
) -> int:
    """The open LIS1 round (deadline seven weeks ahead) and the previous one, closed in
    the autumn. Returns how many applications were created."""
    lis1 = list(
        Posting.objects.filter(kind=PostingKind.LIS1, status=Posting.Status.PUBLISHED).order_by(
            "pk"
        )
    )
    if not lis1 or coordinator is None:
        return 0
    created = 0
    open_round, new = _round(
        coordinator,
        name=OPEN_ROUND,
        opens_at=now - timedelta(days=14),
        closes_at=_noon(now + timedelta(days=49)),
    )
    if new:
        application_services.add_postings_to_round(
            user=coordinator, round=open_round, postings=lis1
        )
        lis1 = _reloaded(lis1)
        applicants = people[: APPLICANT_COUNT - 8]
        for index, person in enumerate(applicants):
            draft = index >= len(applicants) - DRAFT_COUNT
            opened = now - timedelta(days=rng.randint(1, 13), hours=rng.randint(0, 20))
            _apply(rng, person, open_round, lis1, opened, draft=draft)
            created += 1
    previous, new = _round(
        coordinator,
        name=PREVIOUS_ROUND,
        # Closed within the retention period (120 days), so the nightly purge does not
        # empty it on the demo's first night.
        opens_at=now - timedelta(days=140),
        closes_at=_noon(now - timedelta(days=90)),
    )
    if new:
        autumn = _previous_round_postings(orgs, previous.closes_at, coordinator)
        application_services.add_postings_to_round(
            user=coordinator, round=previous, postings=autumn
        )
        autumn = _reloaded(autumn)
        for person in people[8:]:
            opened = now - timedelta(days=rng.randint(92, 135))
            _apply(rng, person, previous, autumn, opened, draft=False, review=True)
            created += 1
    return created


def _round(coordinator: User, **fields) -> tuple[ApplicationRound, bool]:
    """The named round, set up by the coordinator if it is not there yet."""
    existing = ApplicationRound.objects.filter(name=fields["name"]).first()
    if existing is not None:
        return existing, False
    round = ApplicationRound(max_choices=MAX_CHOICES, documents_required=False, **fields)
    return application_services.save_round(user=coordinator, round=round), True


def _reloaded(postings: list[Posting]) -> list[Posting]:
    """The postings as they are now (in their round, with its deadline), in the same order."""
    by_pk = Posting.objects.select_related("round").in_bulk([p.pk for p in postings])
    return [by_pk[p.pk] for p in postings]


def _previous_round_postings(
    orgs: dict[str, Organisation], deadline: datetime, coordinator: User | None
) -> list[Posting]:
    by_slug = {org.slug: org for org in orgs.values()}
    postings = []
    for slug, municipality_slug, title, posts in PREVIOUS_POSTINGS:
        employer = by_slug.get(slug)
        if employer is None:
            continue
        posting, _created = Posting.objects.get_or_create(
            employer=employer,
            title=title,
            defaults={
                "kind": PostingKind.LIS1,
                "municipality": by_slug.get(municipality_slug),
                "summary": PREVIOUS_SUMMARY,
                "description": PREVIOUS_DESCRIPTION,
                "number_of_posts": posts,
                "duration_months": 12,
                "start_date": date(*PREVIOUS_START),
                "deadline": deadline,
                "status": Posting.Status.CLOSED,
                "published_at": deadline - timedelta(days=50),
                "closed_at": deadline,
                "created_by": coordinator,
            },
        )
        if _created:
            _borrow_unit_and_contact(posting)
        postings.append(posting)
    return postings


def _borrow_unit_and_contact(posting: Posting) -> None:
    """Last autumn's post sat in the same department, with the same contact, as this
    year's post of its employer."""
    current = (
        Posting.objects.filter(employer=posting.employer, kind=PostingKind.LIS1)
        .exclude(pk=posting.pk)
        .exclude(unit=None)
        .prefetch_related("contacts")
        .first()
    )
    unit = current.unit if current else posting.employer.units.order_by("name").first()
    Posting.objects.filter(pk=posting.pk).update(unit=unit)
    contacts = list(current.contacts.all()[:1]) if current else []
    for contact in contacts:
        ContactPerson.objects.create(
            posting=posting,
            name=contact.name,
            title=contact.title,
            phone=contact.phone,
            email=contact.email,
        )
    if not contacts:
        ContactPerson.objects.create(posting=posting, **FALLBACK_CONTACT)


def _noon(moment: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(moment), time(12, 0)))


def _apply(
    rng: random.Random,
    person: User,
    round: ApplicationRound,
    postings: list[Posting],
    opened: datetime,
    *,
    draft: bool,
    review: bool = False,
) -> Application:
    """One ranked application. Written directly rather than through the services so the
    receipts the services send (after commit) are not mailed to fictional people."""
    submitted = None if draft else opened + timedelta(hours=rng.randint(1, 40))
    application = Application.objects.create(
        applicant=person,
        round=round,
        status=Application.Status.DRAFT if draft else Application.Status.SUBMITTED,
        motivation=MOTIVATION,
        submitted_at=submitted,
    )
    Application.objects.filter(pk=application.pk).update(created_at=opened)
    wanted = rng.sample(postings, k=min(len(postings), rng.randint(2, round.max_choices)))
    status = ChoiceStatus.DRAFT if draft else ChoiceStatus.SUBMITTED
    choices = Choice.objects.bulk_create(
        Choice(
            application=application,
            posting=posting,
            rank=rank,
            status=status,
            status_changed_at=submitted or opened,
        )
        for rank, posting in enumerate(wanted, start=1)
    )
    if not draft:
        events = [ChoiceEvent(choice=c, status=status, at=submitted, actor=person) for c in choices]
        if review:
            for choice in choices:
                if rng.random() < 0.6:
                    at = submitted + timedelta(days=rng.randint(3, 10))
                    events.append(
                        ChoiceEvent(choice=choice, status=ChoiceStatus.UNDER_REVIEW, at=at)
                    )
                    Choice.objects.filter(pk=choice.pk).update(
                        status=ChoiceStatus.UNDER_REVIEW, status_changed_at=at
                    )
        ChoiceEvent.objects.bulk_create(events)
    return application


# --- Events ---------------------------------------------------------------------------------


def seed_events(
    rng: random.Random,
    people: list[User],
    community: Organisation,
    trust: Organisation,
    orgs: dict[str, Organisation],
    coordinator: User | None,
    now: datetime,
) -> int:
    """The two information evenings before the open round's deadline, a joint LIS1 career
    day, a general-practice seminar that is full (with a waiting list) and a meeting place."""
    careers_services.seed_career_stages()
    round = ApplicationRound.objects.filter(name=OPEN_ROUND).first()
    events: list[Event] = []
    if round is not None:
        events += careers_services.create_information_evenings(
            deadline=round.closes_at,
            organisers=[community, trust],
            place=INFORMATION_EVENING_PLACE,
            video_url=INFORMATION_EVENING_VIDEO,
        )
    municipalities = [o for o in orgs.values() if o.kind == Organisation.Kind.MUNICIPALITY]
    for plan in EVENTS:
        starts_at = _at(now + timedelta(days=plan.days_ahead), time(17, 0))
        event = Event.objects.filter(title=plan.title).first()
        if event is None:
            event = Event(
                kind=plan.kind,
                title=plan.title,
                description=plan.description,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                place=plan.place,
                capacity=plan.capacity,
            )
            organisers = _organisers(plan.organisers, community, trust, municipalities)
            if coordinator is not None:
                careers_services.save_event(user=coordinator, event=event, organisers=organisers)
            else:
                event.save()
                event.organisers.set(organisers)
        events.append(event)
    for event in events:
        if Registration.objects.filter(event=event).exists():
            continue
        wanted = min(len(people), event.capacity + 3 if event.capacity < 20 else rng.randint(8, 25))
        for person in rng.sample(people, k=wanted):
            careers_services.register(user=person, event=event)
    return len(events)


def _organisers(
    spec: str, community: Organisation, trust: Organisation, municipalities: list[Organisation]
) -> list[Organisation]:
    """``EventPlan.organisers``: "community" or "community+trust", ":N" adds the first N
    municipalities."""
    who, _sep, count = spec.partition(":")
    organisers = [community, trust] if who == "community+trust" else [community]
    return organisers + municipalities[: int(count or 0)]


def _at(moment: datetime, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(moment), clock))
