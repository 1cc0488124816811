"""``manage.py seed_demo``: a realistic demo region with postings and demo logins.

Builds Helsefellesskapet Østfold: the health community, Sykehuset Østfold HF with four
hospitals and their departments, sixteen municipalities with their health services, about
ninety postings of every kind (published, a few closed, a few drafts), and one demo login
per persona. Staff get a TOTP authenticator with the documented demo secret. Then what
people do there (demo/activity.py, surveys.py), the coupled track and its pool (tracks.py),
hiring (hiring.py, letters.py), buddies and checklists (onboarding.py) and the demo
applicant's profile and job alerts (applicant.py): each written through the apps' services,
so every page of every persona has something to show (tests/demo/test_personas.py).

Running it again changes nothing: organisations are keyed on slug, units on (organisation,
name), users on e-mail, postings on (employer, title). Posting texts are generated with a
fixed random seed, so the same rows come out every time; only the dates follow the clock.
"""

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.activity import seed_activity
from demo.applicant import seed_applicant_demo, seed_applicant_offer
from demo.credentials import DEMO_PASSWORD, DEMO_TOTP_SECRET
from demo.data.postings import DEFAULT, ROWS, Row
from demo.data.region import (
    CLOSED_COUNT,
    COMMUNITY,
    COMMUNITY_SLUG,
    DRAFT_COUNT,
    HOSPITAL_BY_KEY,
    HOSPITAL_DOMAIN,
    HOSPITAL_PHONE,
    HOSPITAL_WEBSITE,
    HOSPITALS,
    MUNICIPALITY_ABOUT,
    PLACE_BY_KEY,
    PLACES,
    SEED,
    TRUST,
    TRUST_SLUG,
    Place,
    norwegian_slug,
)
from demo.data.rounds import PREVIOUS_ROUND
from demo.data.texts import (
    COUPLED_TRACK_NOTE,
    FIRST_NAMES,
    HOSPITAL_HELPERS,
    HOSPITAL_HOUSING,
    HOSPITAL_LEADERS,
    KIND_TEXTS,
    LAST_NAMES,
    MUNICIPAL_HELPERS,
    MUNICIPAL_HOUSING,
    MUNICIPAL_LEADERS,
    OBSERVER_HOUSING,
    PUBLIC_APPLICANT_LIST_NOTE,
    REGION_EXTRAS,
    SPECIALTY_NB,
    STUDENT_HOUSING,
    UNIT_FALLBACK,
    UNIT_TEXTS,
)
from demo.data.users import APPLICANT_EMAIL, COORDINATOR_EMAIL, DEMO_USERS, POSTING_AUTHORS
from demo.hiring import seed_hiring_demo
from demo.letters import seed_letters_demo
from demo.onboarding import seed_onboarding_demo
from demo.reminders import seed_reminder_demo
from demo.tracks import seed_pool_demo, seed_tracks_demo
from portal.models import Membership, Organisation, Unit, User
from recruitment.models import ContactPerson, Posting, PostingKind

Kind = Organisation.Kind
Status = Posting.Status


# --- Helpers -----------------------------------------------------------------------------------


def email_local_part(first: str, last: str) -> str:
    return f"{norwegian_slug(first)}.{norwegian_slug(last)}".replace("-", "")


def end_of_day(day: date) -> datetime:
    """23:59 local time (Europe/Oslo) on ``day``, as deadlines are announced."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def first_of_month_on_or_after(day: date) -> date:
    if day.day == 1:
        return day
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def summer_start_after(deadline: date) -> date:
    """Summer locums start mid-June, at least three weeks after the deadline."""
    year = deadline.year
    while date(year, 6, 15) < deadline + timedelta(days=21):
        year += 1
    return date(year, 6, 15)


def text_key(kind: str, on_hospital: bool) -> str:
    if kind == PostingKind.LIS1:
        return "lis1_hospital" if on_hospital else "lis1_municipality"
    return kind


def default_duration(kind: str, on_hospital: bool, rng: random.Random) -> int | None:
    match kind:
        case PostingKind.SUMMER_JOB:
            return 2
        case PostingKind.OBSERVERSHIP:
            return 1
        case PostingKind.LIS0:
            return rng.choice((3, 6, 12))
        case PostingKind.LIS1:
            return 12 if on_hospital else 6
        case PostingKind.COMBINED:
            return rng.choice((None, 24, 36))
        case _:
            return None  # LIS2/3, ALIS, consultants and GP lists are permanent posts.


def unit_paragraph(unit: str, context: dict[str, str]) -> str:
    template = UNIT_TEXTS.get(unit) or UNIT_TEXTS.get(unit.split()[0]) or UNIT_FALLBACK
    return template.format(**context)


def posting_token(employer_slug: str, title: str) -> str:
    """A stable slug suffix, so re-running the seed never produces a second slug."""
    return hashlib.sha256(f"{employer_slug}/{title}".encode()).hexdigest()[:6]


# --- Building the region -----------------------------------------------------------------------


def seed_organisations() -> dict[str, Organisation]:
    """Community → trust → hospitals, and community → municipalities. Keyed by row key."""
    community, _ = Organisation.objects.update_or_create(
        slug=COMMUNITY_SLUG,
        defaults={**COMMUNITY, "kind": Kind.HEALTH_COMMUNITY, "parent": None},
    )
    trust, _ = Organisation.objects.update_or_create(
        slug=TRUST_SLUG,
        defaults={**TRUST, "kind": Kind.HOSPITAL_TRUST, "parent": community},
    )
    orgs = {"community": community, "trust": trust}
    for hospital in HOSPITALS:
        orgs[hospital.key], _ = Organisation.objects.update_or_create(
            slug=hospital.slug,
            defaults={
                "name": hospital.name,
                "kind": Kind.HOSPITAL,
                "parent": trust,
                "website": HOSPITAL_WEBSITE,
                "about": hospital.about,
            },
        )
    for place in PLACES:
        orgs[place.key], _ = Organisation.objects.update_or_create(
            slug=place.slug,
            defaults={
                "name": place.org_name,
                "kind": Kind.MUNICIPALITY,
                "parent": community,
                "website": f"https://www.{place.domain}",
                "about": MUNICIPALITY_ABOUT.format(name=place.org_name),
            },
        )
    return orgs


def seed_units(orgs: dict[str, Organisation]) -> dict[tuple[str, str], Unit]:
    """All departments and services, keyed by (row key, unit name)."""
    wanted = [(hospital.key, name) for hospital in HOSPITALS for name in hospital.units]
    wanted += [(place.key, name) for place in PLACES for name in place.units]
    Unit.objects.bulk_create(
        [Unit(organisation=orgs[key], name=name) for key, name in wanted],
        ignore_conflicts=True,
    )
    key_by_org_id = {orgs[key].pk: key for key, _ in wanted}
    units = Unit.objects.filter(organisation_id__in=key_by_org_id)
    return {(key_by_org_id[unit.organisation_id], unit.name): unit for unit in units}


def seed_users(orgs: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    org_by_slug = {org.slug: org for org in orgs.values()}
    for spec in DEMO_USERS:
        user, created = User.objects.update_or_create(
            email=spec.email,
            defaults={
                "full_name": spec.full_name,
                "is_active": True,
                "is_staff": spec.superuser,
                "is_superuser": spec.superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if spec.role:
            Membership.objects.get_or_create(
                user=user, organisation=org_by_slug[spec.organisation], role=spec.role
            )
        if spec.needs_mfa and not (
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users[spec.email] = user
    return users


@dataclass
class PlannedPosting:
    posting: Posting
    contacts: list[ContactPerson]


def choose_statuses(rows: list[tuple[str, Row]], rng: random.Random) -> dict[int, str]:
    """A few closed postings and a few drafts; the first posting of each kind stays open."""
    first_of_kind = {kind: index for index, (kind, _) in reversed(list(enumerate(rows)))}
    candidates = [index for index in range(len(rows)) if index not in first_of_kind.values()]
    picked = rng.sample(candidates, CLOSED_COUNT + DRAFT_COUNT)
    statuses = dict.fromkeys(range(len(rows)), Status.PUBLISHED)
    statuses.update(dict.fromkeys(picked[:CLOSED_COUNT], Status.CLOSED))
    statuses.update(dict.fromkeys(picked[CLOSED_COUNT:], Status.DRAFT))
    return statuses


def plan_postings(
    orgs: dict[str, Organisation],
    units: dict[tuple[str, str], Unit],
    users: dict[str, User],
    now: datetime,
) -> list[PlannedPosting]:
    """Every demo posting, unsaved. Deterministic apart from the dates (which follow ``now``)."""
    rng = random.Random(SEED)
    rows = [(kind, row) for kind, kind_rows in ROWS.items() for row in kind_rows]
    statuses = choose_statuses(rows, rng)
    return [
        plan_posting(kind, row, statuses[index], orgs, units, users, now, rng)
        for index, (kind, row) in enumerate(rows)
    ]


def plan_posting(
    kind: str,
    row: Row,
    status: str,
    orgs: dict[str, Organisation],
    units: dict[tuple[str, str], Unit],
    users: dict[str, User],
    now: datetime,
    rng: random.Random,
) -> PlannedPosting:
    hospital = HOSPITAL_BY_KEY.get(row.employer)
    place = PLACE_BY_KEY[hospital.place if hospital else row.employer]
    employer = orgs[row.employer]
    unit = units.get((row.employer, row.unit))
    if unit is None:
        raise CommandError(f"Unknown unit {row.unit!r} for {employer.name} in {row.title!r}")
    if kind in (PostingKind.LIS2_3, PostingKind.CONSULTANT) and not row.specialty:
        raise CommandError(f"{row.title!r} needs a specialty")

    location = hospital.location if hospital else location_for(place, row.unit)
    context = {
        "location": location,
        "employer": employer.name,
        "unit": row.unit,
        "place": place.name,
        "specialty": SPECIALTY_NB.get(row.specialty, "faget"),
    }
    texts = KIND_TEXTS[text_key(kind, hospital is not None)]
    paragraphs = [
        rng.choice(texts.intros),
        unit_paragraph(row.unit, context),
        rng.choice(texts.bodies),
        COUPLED_TRACK_NOTE if kind == PostingKind.LIS1 and hospital else "",
        row.details,
        PUBLIC_APPLICANT_LIST_NOTE,
    ]
    description = "\n\n".join(p.format(**context) for p in paragraphs if p)
    qualifications = rng.choice(texts.qualifications).format(**context)

    deadline, published_at, closed_at = plan_dates(status, now, rng)
    duration = (
        default_duration(kind, hospital is not None, rng)
        if row.duration == DEFAULT
        else row.duration
    )
    author = POSTING_AUTHORS.get(employer.kind) or POSTING_AUTHORS.get(employer.slug)
    posting = Posting(
        title=row.title,
        slug=f"{norwegian_slug(row.title)[:200]}-{posting_token(employer.slug, row.title)}",
        kind=kind,
        employer=employer,
        unit=unit,
        municipality=orgs[place.key],
        location=location,
        specialty=row.specialty,
        summary=row.summary,
        description=description,
        qualifications=qualifications,
        start_date=plan_start(kind, deadline.date(), rng),
        duration_months=duration,
        number_of_posts=row.posts,
        deadline=deadline,
        status=status,
        published_at=published_at,
        closed_at=closed_at,
        created_by=users.get(author) if author else None,
        **practical_info(kind, status, place, hospital is not None, rng),
    )
    return PlannedPosting(posting, plan_contacts(kind, place, hospital is not None, rng))


def plan_dates(
    status: str, now: datetime, rng: random.Random
) -> tuple[datetime, datetime | None, datetime | None]:
    """(deadline, published_at, closed_at): open deadlines two weeks to four months ahead."""
    today = timezone.localdate(now)
    if status == Status.CLOSED:
        deadline = end_of_day(today - timedelta(days=rng.randint(5, 90)))
        published_at = deadline - timedelta(days=rng.randint(21, 45), hours=rng.randint(0, 8))
        closed_at = min(deadline + timedelta(days=rng.randint(1, 6)), now)
        return deadline, published_at, closed_at
    deadline = end_of_day(today + timedelta(days=rng.randint(14, 120)))
    if status == Status.DRAFT:
        return deadline, None, None
    published_at = now - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
    return deadline, published_at, None


def plan_start(kind: str, deadline: date, rng: random.Random) -> date:
    if kind == PostingKind.SUMMER_JOB:
        return summer_start_after(deadline)
    if kind == PostingKind.OBSERVERSHIP:
        return deadline + timedelta(days=rng.randint(14, 40))
    if kind == PostingKind.LIS1:
        return first_of_month_on_or_after(deadline + timedelta(days=rng.randint(60, 120)))
    return first_of_month_on_or_after(deadline + timedelta(days=rng.randint(21, 90)))


def location_for(place: Place, unit: str) -> str:
    """Where in the municipality: the office's village if the unit names one."""
    if unit == "Fastlegekontor sentrum":
        centre = f"{place.centre} sentrum"
        return centre if place.centre == place.name else f"{centre}, {place.name}"
    centre = place.centre
    if unit.startswith("Fastlegekontor "):
        centre = unit.removeprefix("Fastlegekontor ")
    return place.name if centre == place.name else f"{centre}, {place.name}"


def practical_info(
    kind: str, status: str, place: Place, on_hospital: bool, rng: random.Random
) -> dict[str, str]:
    """Housing, kindergarten, commuting and what the region offers. Drafts are unfinished."""
    if status == Status.DRAFT:
        return {
            "housing": "",
            "kindergarten": "",
            "commuting": place.commuting,
            "region_offers": "",
        }
    students = kind in (PostingKind.SUMMER_JOB, PostingKind.LIS0)
    if kind == PostingKind.OBSERVERSHIP:
        housing = OBSERVER_HOUSING
    else:
        extras = (
            STUDENT_HOUSING if students else HOSPITAL_HOUSING if on_hospital else MUNICIPAL_HOUSING
        )
        housing = f"{place.housing} {rng.choice(extras)}"
    short_stay = students or kind == PostingKind.OBSERVERSHIP
    return {
        "housing": housing,
        "kindergarten": "" if short_stay else place.kindergarten,
        "commuting": place.commuting,
        "region_offers": f"{place.offers} {rng.choice(REGION_EXTRAS)}",
    }


def plan_contacts(
    kind: str, place: Place, on_hospital: bool, rng: random.Random
) -> list[ContactPerson]:
    many = kind in (PostingKind.LIS1, PostingKind.CONSULTANT, PostingKind.LIS2_3)
    count = 2 if many or rng.random() < 0.4 else 1
    titles = [
        rng.choice(HOSPITAL_LEADERS if on_hospital else MUNICIPAL_LEADERS),
        rng.choice(HOSPITAL_HELPERS if on_hospital else MUNICIPAL_HELPERS),
    ]
    if kind == PostingKind.LIS1 and on_hospital:
        titles[1] = "LIS1-koordinator"
    domain = HOSPITAL_DOMAIN if on_hospital else place.domain
    phone_prefix = HOSPITAL_PHONE if on_hospital else place.phone
    contacts = []
    for title in titles[:count]:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        contacts.append(
            ContactPerson(
                name=f"{first} {last}",
                title=title,
                phone=f"{phone_prefix} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"{email_local_part(first, last)}@{domain}",
            )
        )
    return contacts


def seed_postings(
    orgs: dict[str, Organisation],
    units: dict[tuple[str, str], Unit],
    users: dict[str, User],
    now: datetime,
) -> tuple[int, int]:
    """Create the postings that are not there yet. Returns (new postings, total planned)."""
    planned = plan_postings(orgs, units, users, now)
    employers = {plan.posting.employer_id for plan in planned}
    existing = set(
        Posting.objects.filter(employer_id__in=employers).values_list("employer_id", "title")
    )
    taken_slugs = set(
        Posting.objects.filter(slug__in=[p.posting.slug for p in planned]).values_list(
            "slug", flat=True
        )
    )
    new = [
        plan
        for plan in planned
        if (plan.posting.employer_id, plan.posting.title) not in existing
        and plan.posting.slug not in taken_slugs
    ]
    Posting.objects.bulk_create([plan.posting for plan in new])
    # Look the rows up again rather than trust bulk_create to have set primary keys.
    pk_by_slug = dict(
        Posting.objects.filter(slug__in=[p.posting.slug for p in new]).values_list("slug", "pk")
    )
    contacts = []
    for plan in new:
        for contact in plan.contacts:
            contact.posting_id = pk_by_slug[plan.posting.slug]
            contacts.append(contact)
    ContactPerson.objects.bulk_create(contacts)
    return len(new), len(planned)


class Command(BaseCommand):
    help = "Build a realistic demo region (Helsefellesskapet Østfold) and print the demo logins."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            orgs = seed_organisations()
            units = seed_units(orgs)
            users = seed_users(orgs)
            created, planned = seed_postings(orgs, units, users, timezone.now())
        activity = seed_activity(orgs, users, timezone.now())
        track = seed_tracks_demo(users.get(COORDINATOR_EMAIL), TRUST_SLUG)
        seed_hiring_demo(timezone.now())
        invitations = seed_pool_demo(track, timezone.now())
        staff = [users[spec.email] for spec in DEMO_USERS if spec.role and spec.email in users]
        onboarding = seed_onboarding_demo(staff)
        letters = seed_letters_demo(PREVIOUS_ROUND, timezone.now())
        applicant = users.get(APPLICANT_EMAIL)
        alerts = seed_applicant_demo(applicant, timezone.now())
        offered = seed_applicant_offer(applicant, timezone.now())
        reminder = seed_reminder_demo(applicant, timezone.now(), users.get(COORDINATOR_EMAIL))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region ready: {len(orgs)} organisations, {len(units)} units, "
                f"{planned} demo postings ({created} new), {len(users)} demo users."
            )
        )
        self.stdout.write(
            f"Activity: {activity.applicants} applicants, {activity.applications} new "
            f"applications, {activity.events} events, {activity.campaigns} new survey campaigns."
        )
        if track is not None:
            self.stdout.write(
                f"Coupled track: {track.name} ({track.postings.count()} LIS1 postings, "
                f"{track.participations.count()} municipalities, {invitations} new "
                "invitations from the chief physician)."
            )
        self.stdout.write(
            f"Onboarding: {onboarding['buddies']} buddies named, {onboarding['items']} "
            f"checklist items ticked off; {letters} letters; {alerts} new job alerts"
            + ("; an offer for the demo applicant." if offered else ".")
        )
        if reminder is not None:
            self.stdout.write(reminder.describe())
        self.print_logins()

    def print_logins(self) -> None:
        site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
        width = max(len(spec.email) for spec in DEMO_USERS)
        lines = [
            "",
            f"Open {site}/ and log in with e-mail and password.",
            f"Password for every demo user: {DEMO_PASSWORD}",
            "",
        ]
        for spec in DEMO_USERS:
            mfa = "  [two-factor]" if spec.needs_mfa else ""
            lines.append(f"  {spec.email:<{width}}  {spec.label}{mfa}")
        lines += [
            "",
            "Two-factor code for staff and admin: run `make totp` "
            "(or `python manage.py demo_totp`).",
            f"Or add this TOTP secret to an authenticator app: {DEMO_TOTP_SECRET}",
            "",
        ]
        self.stdout.write("\n".join(lines))
