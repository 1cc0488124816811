"""Demo activity: the region in motion, so every page of the demo has something to show.

``seed_demo`` first builds the organisations, postings and demo logins; this module adds
what people do with them: fictional applicants with complete profiles, an open LIS1 round
with ranked applications (and a few unsent drafts), the previous round, information
evenings and a career day with registrations and a waiting list, and two survey campaigns
whose anonymous answers have reached the results tables.

Everything is keyed so a second run adds nothing. Fictional people have unusable passwords
and addresses under the reserved ``.example`` domain; nothing here sends e-mail (survey links are
issued in the database only), so seeding with a real mail backend reaches no one.
Dates follow the clock, the rest comes from a fixed random seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from careers import services as careers_services
from careers.models import Event, EventKind, Registration
from feedback import services as feedback_services
from feedback.models import Campaign, Invitation, QuestionKind, SurveyKind, SurveyTemplate
from feedback.selectors import latest_version
from portal.models import Organisation, Unit, User
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
    SpecialtyInterest,
)

SEED = 2027
# Fictional people live under a reserved name (RFC 2606): mail to them can never arrive.
DEMO_DOMAIN = "legeportalen.example"
APPLICANT_COUNT = 48
DRAFT_COUNT = 6
OPEN_ROUND = "LIS1 vår 2027"
PREVIOUS_ROUND = "LIS1 høst 2026"

FIRST_NAMES = (
    "Sara",
    "Jonas",
    "Ingrid",
    "Mathias",
    "Nora",
    "Elias",
    "Thea",
    "Henrik",
    "Maja",
    "Sander",
    "Ida",
    "Magnus",
    "Emilie",
    "Tobias",
    "Hanna",
    "Kristian",
    "Julie",
    "Aksel",
    "Selma",
    "Oskar",
    "Live",
    "Amir",
    "Aisha",
    "Eirik",
    "Sofie",
    "Mikkel",
    "Vilde",
    "Adrian",
    "Tiril",
    "Fredrik",
    "Linnea",
    "Jakob",
)
LAST_NAMES = (
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Berg",
    "Haugen",
    "Hagen",
    "Eriksen",
    "Bakken",
    "Lie",
    "Moen",
    "Dahl",
    "Lund",
    "Ali",
    "Solheim",
    "Strand",
    "Nguyen",
    "Sæther",
)
UNIVERSITIES = (
    ("Universitetet i Oslo", "Norge"),
    ("Universitetet i Bergen", "Norge"),
    ("NTNU", "Norge"),
    ("UiT Norges arktiske universitet", "Norge"),
    ("Uniwersytet Jagielloński", "Polen"),
    ("Semmelweis Egyetem", "Ungarn"),
    ("Københavns Universitet", "Danmark"),
    ("Karolinska Institutet", "Sverige"),
    ("Charles University", "Tsjekkia"),
)
EXPERIENCE = (
    "Sommervikar ved medisinsk avdeling to somre, og ekstravakter på sykehjem.",
    "Hospitering ved legevakt i studietiden; LIS0 ved kirurgisk avdeling i fire uker.",
    "Vikar i allmennpraksis en sommer, og studentstilling i akuttmottak.",
    "Forskerlinjen med prosjekt i indremedisin; sommerjobb på psykiatrisk klinikk.",
    "Vikar ved sykehjem og helsehus; ambulansearbeider før studiene.",
)
CONNECTION = (
    "Vokste opp i Halden og har foreldre der.",
    "Samboeren har fast jobb i Fredrikstad.",
    "Har jobbet som sommervikar på Kalnes to år på rad.",
    "Studerte sykepleie i Østfold før medisin.",
    "",
)
FREE_TEXT = (
    "Veilederen min tok seg alltid tid, også på travle dager.",
    "Vi trenger mer tid til undervisning i arbeidstiden.",
    "Vaktbelastningen var høy i perioder, men kollegaene stilte opp.",
    "Fint introduksjonskurs, men tilgangene kom først etter to uker.",
    "Jeg følte meg trygg på vakt fordi bakvakt var lett å nå.",
    "Internundervisningen på onsdager er svært god.",
    "Mer struktur på læringsmålene ville hjulpet.",
    "Godt arbeidsmiljø og raus kultur for å spørre.",
)


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
    campaigns = seed_campaigns(rng, coordinator, trust, orgs, now)
    return DemoActivity(len(people), applications, events, campaigns)


def _coordinator(users: dict[str, User]) -> User | None:
    return next((u for email, u in users.items() if email.startswith("coordinator@")), None)


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
    profile = ApplicantProfile.objects.create(
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
    SpecialtyInterest.objects.bulk_create(
        SpecialtyInterest(profile=profile, specialty=specialty) for specialty in specialties
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
    if not lis1:
        return 0
    created = 0
    open_round, new = ApplicationRound.objects.get_or_create(
        name=OPEN_ROUND,
        defaults={
            "opens_at": now - timedelta(days=14),
            "closes_at": _noon(now + timedelta(days=49)),
            "max_choices": 6,
            "documents_required": False,
            "created_by": coordinator,
        },
    )
    if new:
        _join_round(open_round, lis1)
        applicants = people[: APPLICANT_COUNT - 8]
        for index, person in enumerate(applicants):
            draft = index >= len(applicants) - DRAFT_COUNT
            opened = now - timedelta(days=rng.randint(1, 13), hours=rng.randint(0, 20))
            _apply(rng, person, open_round, lis1, opened, draft=draft)
            created += 1
    previous, new = ApplicationRound.objects.get_or_create(
        name=PREVIOUS_ROUND,
        defaults={
            # Closed within the retention period (120 days), so the nightly purge does not
            # empty it on the demo's first night.
            "opens_at": now - timedelta(days=140),
            "closes_at": _noon(now - timedelta(days=90)),
            "max_choices": 6,
            "documents_required": False,
            "created_by": coordinator,
        },
    )
    if new:
        autumn = _previous_round_postings(orgs, previous.closes_at, coordinator)
        _join_round(previous, autumn)
        for person in people[8:]:
            opened = now - timedelta(days=rng.randint(92, 135))
            _apply(rng, person, previous, autumn, opened, draft=False, review=True)
            created += 1
    return created


# Last autumn's LIS1 posts (employer, municipality, title, posts), closed at the deadline.
PREVIOUS_POSTINGS = (
    (
        "sykehuset-ostfold-kalnes",
        "sarpsborg-kommune",
        "LIS1 ved Sykehuset Østfold Kalnes, høsten 2026",
        10,
    ),
    (
        "fredrikstad-kommune",
        "fredrikstad-kommune",
        "LIS1 i kommunehelsetjenesten – Fredrikstad, høsten 2026",
        3,
    ),
    (
        "sarpsborg-kommune",
        "sarpsborg-kommune",
        "LIS1 i kommunehelsetjenesten – Sarpsborg, høsten 2026",
        2,
    ),
    ("halden-kommune", "halden-kommune", "LIS1 i Halden kommune, høsten 2026", 2),
)


def _join_round(round: ApplicationRound, postings: list[Posting]) -> None:
    """The postings take the round's deadline, as the coordinator's round page does."""
    Posting.objects.filter(pk__in=[p.pk for p in postings]).update(round=round, deadline=None)
    for posting in postings:
        posting.round, posting.deadline = round, None


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
                "summary": "Tolv måneders LIS1-tjeneste med oppstart i mars 2027.",
                "description": (
                    "LIS1-tjeneste fra forrige søknadsrunde. Stillingene er besatt eller "
                    "besettes fra reservelisten."
                ),
                "number_of_posts": posts,
                "duration_months": 12,
                "start_date": date(2027, 3, 1),
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
        ContactPerson.objects.create(
            posting=posting,
            name="Rekrutteringsteamet",
            title="Rekruttering",
            phone="+47 69 86 00 00",
        )


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
        motivation=(
            "Jeg ønsker å bli en trygg lege i en region der sykehus og kommuner samarbeider, "
            "og vil gjerne bidra både i akuttmottaket og i allmennpraksis."
        ),
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
            place="Sykehuset Østfold Kalnes, auditoriet",
            video_url="https://video.example.no/legeportalen-infomote",
        )
    municipalities = [o for o in orgs.values() if o.kind == Organisation.Kind.MUNICIPALITY]
    planned = (
        (
            EventKind.CAREER_DAY,
            "Karrieredag for LIS1: sykehus og kommuner sammen",
            "Møt avdelingene på Kalnes og kommunene i Østfold på én dag: stands, korte "
            "innlegg om LIS1-tjenesten, koblede løp til ALIS og samtaler med fastleger.",
            16,
            "Kalnes, vestibylen",
            120,
            [community, trust, *municipalities[:4]],
        ),
        (
            EventKind.SEMINAR,
            "Fastlegeseminar: slik er ALIS i Østfold",
            "Veiledning, utdanningsplan, lønnsmodell og bolig: ALIS-leger og "
            "kommuneoverleger forteller. Begrenset plass.",
            23,
            "Fredrikstad legevakt, møterom 2",
            12,
            [community, *municipalities[:2]],
        ),
        (
            EventKind.MEETING_PLACE,
            "Møteplass for nye leger: pizza og fagprat",
            "Uformell samling for LIS1 og nye ALIS-leger i regionen.",
            30,
            "Sarpsborg, Kulturhuset",
            40,
            [community],
        ),
    )
    for kind, title, description, days, place, capacity, organisers in planned:
        starts_at = _at(now + timedelta(days=days), time(17, 0))
        event = Event.objects.filter(title=title).first()
        if event is None:
            event = Event(
                kind=kind,
                title=title,
                description=description,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                place=place,
                capacity=capacity,
            )
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


def _at(moment: datetime, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(moment), clock))


# --- Surveys --------------------------------------------------------------------------------


def seed_campaigns(
    rng: random.Random,
    coordinator: User | None,
    trust: Organisation,
    orgs: dict[str, Organisation],
    now: datetime,
) -> int:
    """Last autumn's LIS1 survey (closed, results final) and this year's ALIS survey (open,
    half answered). Answers go through the same single-use links and held buffer as real
    ones, so the results obey the same k rules."""
    if coordinator is None:
        return 0
    today = timezone.localdate(now)
    hospital_units = list(
        Unit.objects.filter(organisation__parent=trust).order_by("organisation__name", "name")[:6]
    )
    municipal_units = list(
        Unit.objects.filter(organisation__kind=Organisation.Kind.MUNICIPALITY).order_by(
            "organisation__name", "name"
        )[:4]
    )
    plans = (
        (
            SurveyKind.LIS1,
            "LIS1-undersøkelsen høsten 2026",
            hospital_units + municipal_units[:2],
            today - timedelta(days=75),
            today - timedelta(days=40),
            (12, 9, 7, 6, 5, 3, 11, 4),
        ),
        (
            SurveyKind.ALIS,
            "ALIS-undersøkelsen 2026",
            municipal_units,
            today - timedelta(days=10),
            today + timedelta(days=20),
            (6, 5, 2, 1),
        ),
    )
    created = 0
    for kind, title, units, opens_on, closes_on, answers_per_unit in plans:
        if not units or Campaign.objects.filter(title=title).exists():
            continue
        template = SurveyTemplate.objects.filter(kind=kind).order_by("pk").first()
        if template is None or latest_version(template) is None:
            continue
        with transaction.atomic():
            campaign = feedback_services.create_campaign(
                user=coordinator,
                template=template,
                title=title,
                units=units,
                # Created open so the answers below are accepted; a finished campaign gets
                # its real dates afterwards.
                opens_on=min(opens_on, today),
                closes_on=max(closes_on, today),
            )
            questions = list(latest_version(template).questions.prefetch_related("choices"))
            for unit_index, unit in enumerate(units):
                answered = answers_per_unit[unit_index % len(answers_per_unit)]
                invited = answered + rng.randint(1, 5)
                invitations = Invitation.objects.bulk_create(
                    Invitation(
                        campaign=campaign,
                        unit=unit,
                        email=f"lege-{campaign.pk}-{unit.pk}-{n}@{DEMO_DOMAIN}",
                        link_sent_at=now - timedelta(days=(today - opens_on).days),
                    )
                    for n in range(invited)
                )
                for invitation in invitations[:answered]:
                    token = feedback_services.new_link(invitation).rstrip("/").rsplit("/", 1)[-1]
                    feedback_services.submit_response(token=token, answers=_answers(rng, questions))
            Campaign.objects.filter(pk=campaign.pk).update(opens_on=opens_on, closes_on=closes_on)
        feedback_services.release_pending_responses(today)
        created += 1
    return created


def _answers(rng: random.Random, questions) -> dict[int, object]:
    answers: dict[int, object] = {}
    for question in questions:
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 4])[0]
        elif question.kind == QuestionKind.SINGLE:
            options = [c.pk for c in question.choices.all()]
            if options:
                answers[question.pk] = [rng.choice(options)]
        elif question.kind == QuestionKind.MULTIPLE:
            options = [c.pk for c in question.choices.all()]
            if options:
                answers[question.pk] = rng.sample(options, k=rng.randint(1, min(2, len(options))))
        elif rng.random() < 0.7:
            answers[question.pk] = rng.choice(FREE_TEXT)
    return answers
