"""The national data set: what the portal would hold if every trust and municipality in
Norway used it (DESIGN.md, "Scale"). Built by ``manage.py seed_scale`` for ``make bench``.

Rows are written with PostgreSQL ``COPY`` in one transaction, with primary keys reserved
from each table's sequence up front so that related rows can be written without reading
anything back. Nothing is switched off: every constraint, index and trigger (the job
board's search vector among them) is in force while the rows go in.

The data follows the models' own rules: one application per applicant and round, ranks
1..n, a posting in at most one round; survey responses carry a campaign and (from k
respondents on) a unit and nothing else, in shuffled order, and small units are combined
as ``feedback.services`` does when a campaign closes.
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from django.utils.text import slugify
from psycopg.types.json import Jsonb

from careers.models import CareerStage, Event, EventKind, Registration
from demo.data.national import (
    BODIES,
    CLINICAL_EXPERIENCE,
    COMMUTING,
    EVENT_DESCRIPTION,
    EVENT_PLACE,
    EVENT_TITLE,
    FREE_TEXTS,
    HOSPITAL_SPECIALTIES,
    HOSPITAL_UNITS,
    HOUSING,
    INTROS,
    KIND_TITLES,
    KINDERGARTEN,
    MOTIVATIONS,
    MUNICIPAL_UNITS,
    NOTE_PUBLIC_LIST,
    NOTES,
    OFFER_TERMS,
    OFFER_WITHDRAWN_REASON,
    QUALIFICATIONS,
    REGION_OFFERS,
    REGIONS,
    SUMMARIES,
    TOWN_HEADS,
    TOWN_TAILS,
)
from demo.data.people import FIRST_NAMES, LAST_NAMES, UNIVERSITIES
from demo.data.texts import SPECIALTY_NB
from feedback import release, sealing
from feedback.models import (
    Answer,
    Campaign,
    Invitation,
    Participation,
    PendingResponse,
    QuestionKind,
    Response,
    SurveyKind,
    SurveyTemplate,
)
from portal.models import Membership, Notification, Organisation, Unit, User
from recruitment.hiring.models import Offer, OfferEvent, OfferWave
from recruitment.models import (
    ApplicantProfile,
    Application,
    ApplicationRound,
    CareerPreference,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    ContactPerson,
    Document,
    EmployerNote,
    LanguageLevel,
    LicenceStatus,
    Posting,
    PostingKind,
    Specialty,
    SpecialtyInterest,
)

SEED = 2026
# Every organisation of the data set has a slug with this prefix; the first health
# community's slug marks a database that already holds it.
SLUG_PREFIX = "skala-"
MARKER_SLUG = f"{SLUG_PREFIX}helsefellesskap-01"
EMAIL_DOMAIN = "skala.example.no"
BUSY_POSTING_SLUG = f"{SLUG_PREFIX}lis1-mange-sokere"
CURRENT_ROUND_NAME = "LIS1 vår – nasjonal runde (skala)"
PREVIOUS_ROUND_NAME = "LIS1 høst – nasjonal runde (skala)"
# The occasion of the reminders that wait in the outbox: "the round closes soon and your
# application is still a draft" (see bench/README.md, "Reminder sweep").
REMINDER_OCCASION = "draft_deadline_first"
# A campaign's k and k_text are the portal's defaults (feedback/models.py), and its answers
# are released by the portal's own rule (feedback.release.plan) with that k.
CAMPAIGN_K = Campaign._meta.get_field("k").default
CAMPAIGN_K_TEXT = Campaign._meta.get_field("k_text").default


@dataclass(frozen=True)
class Spec:
    """How much to build. ``scaled`` shrinks it for tests; the defaults are the issue's."""

    health_communities: int = 20
    hospitals_per_trust: int = 2
    municipalities: int = 320
    units_per_hospital: int = 10
    applicants: int = 40_000
    postings: int = 5_000
    lis1_per_round: int = 400
    previous_round_applications: int = 24_000
    busy_applications: int = 1_000
    direct_applications: int = 6_000
    choices: int = 150_000
    offers: int = 3_000
    campaigns: int = 200
    responses: int = 60_000
    largest_unit_responses: int = 2_000
    notifications: int = 40_000
    events: int = 300

    @property
    def organisations(self) -> int:
        return self.health_communities * (2 + self.hospitals_per_trust) + self.municipalities

    def scaled(self, factor: float) -> Spec:
        if factor == 1:
            return self
        minimum = {
            "health_communities": 2,
            "hospitals_per_trust": 1,
            "municipalities": 4,
            "units_per_hospital": 3,
            "campaigns": 6,
            "events": 3,
        }
        values = {}
        for spec_field in fields(self):
            value = getattr(self, spec_field.name)
            if spec_field.name in ("hospitals_per_trust", "units_per_hospital"):
                values[spec_field.name] = value
                continue
            values[spec_field.name] = max(minimum.get(spec_field.name, 1), round(value * factor))
        spec = replace(self, **values)
        # Keep the proportions that the generator relies on.
        lis1 = min(max(12, spec.lis1_per_round), spec.postings // 3)
        applications = min(spec.previous_round_applications, spec.applicants)
        return replace(
            spec,
            lis1_per_round=lis1,
            previous_round_applications=applications,
            busy_applications=min(spec.busy_applications, applications),
            notifications=min(spec.notifications, spec.applicants),
            direct_applications=min(spec.direct_applications, spec.applicants),
            largest_unit_responses=min(spec.largest_unit_responses, spec.responses // 3),
        )


def has_scale_data() -> bool:
    return Organisation.objects.filter(slug=MARKER_SLUG).exists()


def holds_other_data() -> list[str]:
    """What the database holds besides the rows migrations create (reference data)."""
    found = []
    for model in (User, Organisation, Posting, Application, Campaign, Event):
        count = model.objects.count()
        if count:
            found.append(f"{count} {model._meta.verbose_name_plural}")
    return found


# --- Writing rows ----------------------------------------------------------------------------


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


class Table:
    """Rows for one table, written with COPY when flushed (or when the buffer is full)."""

    FLUSH_AT = 50_000

    def __init__(self, model: type[models.Model], field_names: Iterable[str]):
        self.model = model
        self.field_names = list(field_names)
        columns = [model._meta.get_field(name).column for name in self.field_names]
        self.sql = (
            f"COPY {_quote(model._meta.db_table)} "
            f"({', '.join(_quote(column) for column in columns)}) FROM STDIN"
        )
        self.rows: list[tuple] = []
        self.written = 0

    def add(self, *values) -> None:
        self.rows.append(values)
        if len(self.rows) >= self.FLUSH_AT:
            self.flush()

    def flush(self) -> int:
        if self.rows:
            with connection.cursor() as cursor, cursor.cursor.copy(self.sql) as copy:
                for row in self.rows:
                    copy.write_row(row)
            self.written += len(self.rows)
            self.rows = []
        return self.written


def reserve_ids(model: type[models.Model], count: int) -> int:
    """Take ``count`` consecutive primary keys from the table's sequence; returns the first."""
    if count <= 0:
        return 0
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def town_names(count: int, rng: random.Random, taken: set[str]) -> list[str]:
    names = [head + tail for head in TOWN_HEADS for tail in TOWN_TAILS]
    names = [name.capitalize() for name in names if name not in taken]
    rng.shuffle(names)
    if count > len(names):
        names += [f"{name} {n}" for n in range(2, 10) for name in names][: count - len(names)]
    return names[:count]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _ascii(text: str) -> str:
    return slugify(text.translate(str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O"})))


# --- The builder -------------------------------------------------------------------------------


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class OrgRow:
    pk: int
    name: str
    kind: str
    parent: int | None
    town: str
    region: str
    units: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class PostingRow:
    pk: int
    kind: str
    employer: int
    unit: int
    status: str
    deadline: datetime
    in_round: str | None = None  # "previous" or "current"
    posts: int = 1


class Builder:
    """Builds the data set in the order the foreign keys need."""

    def __init__(self, spec: Spec, *, now: datetime | None = None, log: Callable = print):
        self.spec = spec
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.rng = random.Random(SEED)
        self.log = log
        self.counts = Counts()
        self.password = "!" + secrets.token_urlsafe(30)  # unusable: nobody logs in with it

    # Each step is timed and counted.
    def step(self, name: str, function: Callable[[], int]) -> None:
        started = time.perf_counter()
        rows = function()
        seconds = time.perf_counter() - started
        self.counts.rows[name] = rows
        self.counts.seconds[name] = seconds
        self.log(f"  {name:<28} {rows:>9,} rows  {seconds:6.1f} s")

    def build(self) -> Counts:
        self.step("organisations and units", self.organisations)
        self.step("staff", self.staff)
        self.step("applicants and profiles", self.applicants)
        self.step("postings", self.postings)
        self.step("rounds and applications", self.applications)
        self.step("notifications", self.notifications)
        self.step("surveys", self.surveys)
        self.step("events", self.events)
        self.step("offers", self.offers)
        return self.counts

    # --- Organisations ---------------------------------------------------------------------

    def organisations(self) -> int:
        spec, rng = self.spec, self.rng
        taken = set(Organisation.objects.values_list("name", flat=True))
        communities = spec.health_communities
        hospitals = communities * spec.hospitals_per_trust
        towns = town_names(hospitals + spec.municipalities, rng, taken)
        total = communities * 2 + hospitals + spec.municipalities
        next_id = reserve_ids(Organisation, total)
        table = Table(Organisation, ["id", "name", "slug", "kind", "parent", "website", "about"])
        self.orgs: dict[int, OrgRow] = {}
        self.communities, self.trusts, self.hospitals, self.municipalities = [], [], [], []

        def add(name: str, kind: str, parent: int | None, town: str, region: str) -> OrgRow:
            nonlocal next_id
            row = OrgRow(next_id, name, kind, parent, town, region)
            next_id += 1
            number = len(self.orgs) + 1
            slug = (
                MARKER_SLUG if not self.orgs else f"{SLUG_PREFIX}{_ascii(name)[:150]}-{number:03d}"
            )
            about = f"{name} er med i helsefellesskapet i {region}."
            table.add(row.pk, name, slug, kind, parent, "", about)
            self.orgs[row.pk] = row
            return row

        regions = [REGIONS[n % len(REGIONS)] for n in range(communities)]
        for n, region in enumerate(regions):
            label = region if n < len(REGIONS) else f"{region} {n // len(REGIONS) + 1}"
            community = add(
                f"Helsefellesskapet {label} (skala)",
                Organisation.Kind.HEALTH_COMMUNITY,
                None,
                label,
                label,
            )
            trust = add(
                f"Helse {label} HF (skala)",
                Organisation.Kind.HOSPITAL_TRUST,
                community.pk,
                label,
                label,
            )
            self.communities.append(community)
            self.trusts.append(trust)
            for _ in range(spec.hospitals_per_trust):
                town = towns.pop()
                self.hospitals.append(
                    add(f"{town} sykehus", Organisation.Kind.HOSPITAL, trust.pk, town, label)
                )
        for n in range(spec.municipalities):
            community = self.communities[n % communities]
            town = towns.pop()
            self.municipalities.append(
                add(
                    f"{town} kommune",
                    Organisation.Kind.MUNICIPALITY,
                    community.pk,
                    town,
                    community.region,
                )
            )
        table.flush()
        # Parents come before children in the rows above, so the foreign keys hold.

        units = Table(Unit, ["id", "organisation", "name"])
        planned = []
        for hospital in self.hospitals:
            names = rng.sample(HOSPITAL_UNITS, min(spec.units_per_hospital, len(HOSPITAL_UNITS)))
            planned += [(hospital, name) for name in names]
        for municipality in self.municipalities:
            names = rng.sample(MUNICIPAL_UNITS, rng.randint(3, 4))
            planned += [(municipality, name) for name in names]
        unit_id = reserve_ids(Unit, len(planned))
        for org, name in planned:
            units.add(unit_id, org.pk, name)
            org.units.append((unit_id, name))
            unit_id += 1
        units.flush()
        self.municipalities_of = defaultdict(list)
        for municipality in self.municipalities:
            self.municipalities_of[municipality.parent].append(municipality)
        return table.written + units.written

    def community_of(self, org: OrgRow) -> int:
        while org.parent is not None:
            org = self.orgs[org.parent]
        return org.pk

    # --- Users -------------------------------------------------------------------------------

    def _users(self, rows: list[tuple[str, str, str]]) -> list[int]:
        """(email, full name, language) → ids, with a verified primary e-mail address."""
        first = reserve_ids(User, len(rows))
        users = Table(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
                "email",
                "full_name",
                "language",
                "session_token",
            ],
        )
        emails = Table(EmailAddress, ["user", "email", "verified", "primary"])
        ids = []
        joined = self.now - timedelta(days=400)
        for offset, (email, name, language) in enumerate(rows):
            pk = first + offset
            ids.append(pk)
            users.add(
                pk,
                self.password,
                False,
                False,
                True,
                joined + timedelta(minutes=offset),
                email,
                name,
                language,
                secrets.token_hex(16),
            )
            emails.add(pk, email, True, True)
        users.flush()
        emails.flush()
        return ids

    def staff(self) -> int:
        """A recruiter for every trust and hospital, a chief physician (kommuneoverlege) for
        every municipality and a coordinator for every health community – all with TOTP."""
        rng = self.rng
        planned: list[tuple[OrgRow, str]] = []
        planned += [(org, Membership.Role.COORDINATOR) for org in self.communities]
        planned += [(org, Membership.Role.RECRUITER) for org in self.trusts + self.hospitals]
        planned += [(org, Membership.Role.CHIEF_PHYSICIAN) for org in self.municipalities]
        ids = self._users(
            [(f"{role}.{org.pk}@{EMAIL_DOMAIN}", _person(rng), "nb") for org, role in planned]
        )
        memberships = Table(Membership, ["user", "organisation", "role", "created_at"])
        authenticators = Table(Authenticator, ["user", "type", "data", "created_at"])
        self.staff_of: dict[int, int] = {}
        for pk, (org, role) in zip(ids, planned, strict=True):
            memberships.add(pk, org.pk, role, self.now)
            secret = Jsonb({"secret": encrypt(generate_totp_secret())})
            authenticators.add(pk, Authenticator.Type.TOTP, secret, self.now)
            self.staff_of[org.pk] = pk
        memberships.flush()
        authenticators.flush()
        return len(ids) * 3 + memberships.written

    def applicants(self) -> int:
        spec, rng = self.spec, self.rng
        self.applicant_ids = self._users(
            [
                (
                    f"soker{n:05d}@{EMAIL_DOMAIN}",
                    _person(rng),
                    "en" if rng.random() < 0.1 else "nb",
                )
                for n in range(1, spec.applicants + 1)
            ]
        )
        profiles = Table(
            ApplicantProfile,
            [
                "id",
                "user",
                "phone",
                "university",
                "education_country",
                "graduation_date",
                "licence_status",
                "hpr_number",
                "norwegian_level",
                "grew_up_in_region",
                "studied_in_region",
                "family_in_region",
                "worked_in_region",
                "local_connection_details",
                "clinical_experience",
                "career_preference",
                "updated_at",
            ],
        )
        interests = Table(SpecialtyInterest, ["profile", "specialty"])
        documents = Table(
            Document, ["id", "uuid", "owner", "kind", "title", "file", "size", "uploaded_at"]
        )
        first_profile = reserve_ids(ApplicantProfile, len(self.applicant_ids))
        first_document = reserve_ids(Document, len(self.applicant_ids))
        levels = LanguageLevel.values
        self.cv_of: dict[int, int] = {}
        specialties = [s for s in Specialty.values if s]
        for offset, user_id in enumerate(self.applicant_ids):
            complete = rng.random() < 0.9
            licence = rng.choice(LicenceStatus.values)
            hpr = str(10_000_000 + offset) if licence in LicenceStatus.with_hpr_number() else ""
            university, country = rng.choice(UNIVERSITIES)
            profile_id = first_profile + offset
            profiles.add(
                profile_id,
                user_id,
                f"+47 9{rng.randint(1000000, 9999999)}",
                university,
                country if complete else "",
                date(self.today.year + rng.randint(-3, 1), rng.choice((1, 6)), 15),
                licence,
                hpr,
                rng.choice(levels[3:]) if complete else "",
                rng.random() < 0.3,
                rng.random() < 0.25,
                rng.random() < 0.3,
                rng.random() < 0.2,
                "",
                CLINICAL_EXPERIENCE if rng.random() < 0.6 else "",
                rng.choice(CareerPreference.values),
                self.now,
            )
            for specialty in rng.sample(specialties, rng.randint(0, 3)):
                interests.add(profile_id, specialty)
            document_id = first_document + offset
            documents.add(
                document_id,
                uuid.uuid4(),
                user_id,
                Document.Kind.CV,
                "cv.pdf",
                f"documents/skala/{document_id}.pdf",
                rng.randint(40_000, 900_000),
                self.now - timedelta(days=rng.randint(1, 200)),
            )
            self.cv_of[user_id] = document_id
        profiles.flush()
        interests.flush()
        documents.flush()
        return (
            len(self.applicant_ids) * 2 + profiles.written + interests.written + documents.written
        )

    # --- Postings ----------------------------------------------------------------------------

    def postings(self) -> int:
        spec, rng = self.spec, self.rng
        table = Table(
            Posting,
            [
                "id",
                "title",
                "slug",
                "kind",
                "employer",
                "unit",
                "municipality",
                "location",
                "specialty",
                "summary",
                "description",
                "qualifications",
                "start_date",
                "duration_months",
                "number_of_posts",
                "deadline",
                "housing",
                "kindergarten",
                "commuting",
                "region_offers",
                "status",
                "published_at",
                "closed_at",
                "created_by",
                "created_at",
                "updated_at",
            ],
        )
        contacts = Table(ContactPerson, ["posting", "name", "title", "phone", "email"])
        first = reserve_ids(Posting, spec.postings)
        self.postings_list: list[PostingRow] = []
        self.previous_closes = self.now - timedelta(days=100)
        self.current_closes = self.now + timedelta(days=5)
        other_kinds = [k for k in PostingKind.values if k != PostingKind.LIS1]
        weights = [400, 200, 250, 700, 350, 450, 100, 150]
        hospital_kinds = {
            PostingKind.SUMMER_JOB,
            PostingKind.OBSERVERSHIP,
            PostingKind.LIS0,
            PostingKind.LIS2_3,
            PostingKind.CONSULTANT,
        }
        for offset in range(spec.postings):
            pk = first + offset
            in_round = None
            if offset < spec.lis1_per_round:
                kind, in_round = PostingKind.LIS1, "previous"
            elif offset < 2 * spec.lis1_per_round:
                kind, in_round = PostingKind.LIS1, "current"
            else:
                kind = rng.choices(other_kinds, weights)[0]
            on_hospital = kind == PostingKind.LIS1 or (
                (kind in hospital_kinds and rng.random() < 0.85)
                or (kind == PostingKind.COMBINED and rng.random() < 0.5)
            )
            employer = rng.choice(self.hospitals if on_hospital else self.municipalities)
            community = self.community_of(employer)
            municipality = (
                rng.choice(self.municipalities_of[community]) if on_hospital else employer
            )
            unit_id, unit_name = rng.choice(employer.units)
            specialty = ""
            if kind in (PostingKind.LIS2_3, PostingKind.CONSULTANT):
                specialty = rng.choice(HOSPITAL_SPECIALTIES)
            elif kind in (PostingKind.ALIS, PostingKind.OTHER):
                specialty = Specialty.GENERAL_PRACTICE
            spec_nb = SPECIALTY_NB.get(specialty, "faget")
            base = rng.choice(KIND_TITLES[kind]).format(spec=spec_nb)
            title = f"{base} – {unit_name}, {employer.town}"
            slug = BUSY_POSTING_SLUG if offset == 0 else f"{_ascii(title)[:190]}-{pk:x}"
            context = {
                "employer": employer.name,
                "unit": unit_name,
                "town": employer.town,
                "region": employer.region,
                "spec": spec_nb,
            }
            description = "\n\n".join(
                [
                    rng.choice(INTROS).format(**context),
                    rng.choice(BODIES),
                    rng.choice(BODIES),
                    NOTE_PUBLIC_LIST,
                ]
            )
            # Statuses and deadlines: rounds have theirs; the rest mostly open.
            if in_round == "previous":
                deadline = self.previous_closes
                status = Posting.Status.CLOSED if rng.random() < 0.5 else Posting.Status.PUBLISHED
            elif in_round == "current":
                deadline, status = self.current_closes, Posting.Status.PUBLISHED
            else:
                roll = rng.random()
                if roll < 0.72:
                    status = Posting.Status.PUBLISHED
                    deadline = self.now + timedelta(
                        days=rng.randint(3, 120), hours=rng.randint(0, 23)
                    )
                elif roll < 0.92:
                    status = Posting.Status.PUBLISHED if roll < 0.84 else Posting.Status.CLOSED
                    deadline = self.now - timedelta(days=rng.randint(1, 200))
                else:
                    status = Posting.Status.DRAFT
                    deadline = self.now + timedelta(days=rng.randint(20, 120))
            published_at = None
            if status != Posting.Status.DRAFT:
                published_at = min(deadline, self.now) - timedelta(days=rng.randint(5, 40))
            closed_at = deadline + timedelta(days=1) if status == Posting.Status.CLOSED else None
            if closed_at and closed_at > self.now:
                closed_at = self.now
            start = (deadline + timedelta(days=rng.randint(30, 150))).date()
            posts = (
                rng.choice((1, 1, 1, 2, 3, 5)) if kind != PostingKind.LIS1 else rng.randint(1, 8)
            )
            duration = {
                PostingKind.LIS1: 12,
                PostingKind.SUMMER_JOB: 2,
                PostingKind.OBSERVERSHIP: 1,
                PostingKind.LIS0: 6,
                PostingKind.LIS2_3: 60,
                PostingKind.ALIS: 60,
            }.get(kind)
            table.add(
                pk,
                title[:200],
                slug,
                kind,
                employer.pk,
                unit_id,
                municipality.pk,
                f"{unit_name}, {employer.town}",
                specialty,
                rng.choice(SUMMARIES).format(**context),
                description,
                rng.choice(QUALIFICATIONS),
                start,
                duration,
                posts,
                deadline,
                rng.choice(HOUSING),
                rng.choice(KINDERGARTEN),
                rng.choice(COMMUTING),
                rng.choice(REGION_OFFERS),
                status,
                published_at,
                closed_at,
                self.staff_of.get(employer.pk),
                (published_at or self.now) - timedelta(days=2),
                published_at or self.now,
            )
            self.postings_list.append(
                PostingRow(pk, kind, employer.pk, unit_id, status, deadline, in_round, posts)
            )
            for _ in range(rng.choice((1, 2))):
                name = _person(rng)
                contacts.add(
                    pk,
                    name,
                    "Avdelingssjef" if on_hospital else "Kommuneoverlege",
                    f"+47 {rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}",
                    f"{_ascii(name).replace('-', '.')}@{EMAIL_DOMAIN}",
                )
        table.flush()
        contacts.flush()
        return table.written + contacts.written

    # --- Rounds and applications -------------------------------------------------------------

    def applications(self) -> int:
        """The previous (closed) round with submitted applications under review, the current
        round closing in five days with a draft for every applicant, and direct applications
        to postings outside any round. Together they hold ``spec.choices`` ranked choices."""
        spec, rng = self.spec, self.rng
        rounds = Table(
            ApplicationRound,
            [
                "id",
                "name",
                "opens_at",
                "closes_at",
                "max_choices",
                "documents_required",
                "share_rank_with_employers",
                "created_at",
            ],
        )
        first_round = reserve_ids(ApplicationRound, 2)
        self.previous_round, self.current_round = first_round, first_round + 1
        rounds.add(
            self.previous_round,
            PREVIOUS_ROUND_NAME,
            self.previous_closes - timedelta(days=30),
            self.previous_closes,
            10,
            True,
            False,
            self.now - timedelta(days=200),
        )
        rounds.add(
            self.current_round,
            CURRENT_ROUND_NAME,
            self.now - timedelta(days=25),
            self.current_closes,
            10,
            True,
            False,
            self.now - timedelta(days=40),
        )
        rounds.flush()
        previous = [p for p in self.postings_list if p.in_round == "previous"]
        current = [p for p in self.postings_list if p.in_round == "current"]
        # The rounds' postings take their round's deadline and drop their own (the
        # constraint "posting_deadline_or_round").
        for round_id, postings in ((self.previous_round, previous), (self.current_round, current)):
            Posting.objects.filter(pk__in=[p.pk for p in postings]).update(
                round_id=round_id, deadline=None
            )

        applications = Table(
            Application,
            [
                "id",
                "applicant",
                "round",
                "posting",
                "status",
                "motivation",
                "created_at",
                "updated_at",
                "submitted_at",
                "withdrawn_at",
            ],
        )
        choices = Table(
            Choice,
            ["id", "application", "posting", "rank", "motivation", "status", "status_changed_at"],
        )
        events = Table(ChoiceEvent, ["choice", "status", "at", "actor"])
        attached = Table(Application.documents.through, ["application", "document"])
        notes = Table(EmployerNote, ["choice", "organisation", "author", "text", "created_at"])

        direct_targets = [
            p for p in self.postings_list if p.in_round is None and p.status != Posting.Status.DRAFT
        ]
        current_choices = round(spec.applicants * 1.2)
        previous_choices = max(
            spec.previous_round_applications,
            spec.choices - current_choices - spec.direct_applications,
        )
        total_apps = spec.previous_round_applications + spec.applicants + spec.direct_applications
        next_application = reserve_ids(Application, total_apps)
        next_choice = reserve_ids(
            Choice, previous_choices + current_choices + spec.direct_applications
        )
        self.draft_of: dict[int, int] = {}  # applicant → draft application in current round
        # (choice, application, posting, status) of the previous round, for the offers
        self.previous_choices: list[tuple[int, int, PostingRow, str]] = []

        # The previous round: ranked lists under review.
        counts = self._split(previous_choices, spec.previous_round_applications, 1, 10)
        busy = previous[0]
        others = previous[1:] or previous
        popularity = [1 / (n + 1) ** 0.6 for n in range(len(others))]
        reviewed = [
            (ChoiceStatus.SUBMITTED, 30),
            (ChoiceStatus.UNDER_REVIEW, 25),
            (ChoiceStatus.SHORTLISTED, 10),
            (ChoiceStatus.INTERVIEW, 6),
            (ChoiceStatus.REJECTED, 20),
            (ChoiceStatus.RESERVE, 5),
            (ChoiceStatus.WITHDRAWN, 4),
        ]
        statuses, status_weights = zip(*reviewed, strict=True)
        applicants = rng.sample(self.applicant_ids, spec.previous_round_applications)
        for index, (applicant, count) in enumerate(zip(applicants, counts, strict=True)):
            application_id = next_application
            next_application += 1
            submitted_at = self.previous_closes - timedelta(
                days=rng.randint(0, 29), minutes=rng.randint(0, 1440)
            )
            applications.add(
                application_id,
                applicant,
                self.previous_round,
                None,
                Application.Status.SUBMITTED,
                rng.choice(MOTIVATIONS),
                submitted_at - timedelta(days=2),
                submitted_at,
                submitted_at,
                None,
            )
            attached.add(application_id, self.cv_of[applicant])
            picked = self._pick(
                others, popularity, count - 1 if index < spec.busy_applications else count
            )
            if index < spec.busy_applications:
                picked.insert(rng.randrange(len(picked) + 1), busy)
            for rank, posting in enumerate(picked, start=1):
                status = rng.choices(statuses, status_weights)[0]
                if posting is busy and status == ChoiceStatus.WITHDRAWN:
                    status = ChoiceStatus.SUBMITTED
                changed = submitted_at + timedelta(days=rng.randint(1, 60))
                changed = min(changed, self.now)
                choices.add(
                    next_choice,
                    application_id,
                    posting.pk,
                    rank,
                    "",
                    status,
                    changed if status != ChoiceStatus.SUBMITTED else submitted_at,
                )
                events.add(next_choice, ChoiceStatus.SUBMITTED, submitted_at, applicant)
                if status != ChoiceStatus.SUBMITTED:
                    actor = (
                        applicant
                        if status == ChoiceStatus.WITHDRAWN
                        else (self.staff_of.get(posting.employer))
                    )
                    events.add(next_choice, status, changed, actor)
                if posting is busy and rng.random() < 0.3:
                    notes.add(
                        next_choice,
                        posting.employer,
                        self.staff_of.get(posting.employer),
                        rng.choice(NOTES),
                        changed,
                    )
                self.previous_choices.append((next_choice, application_id, posting, status))
                next_choice += 1

        # The current round: a draft for every applicant, due for a deadline reminder.
        for applicant in self.applicant_ids:
            application_id = next_application
            next_application += 1
            started = self.now - timedelta(days=rng.randint(0, 24), minutes=rng.randint(0, 1440))
            applications.add(
                application_id,
                applicant,
                self.current_round,
                None,
                Application.Status.DRAFT,
                "",
                started,
                started,
                None,
                None,
            )
            self.draft_of[applicant] = application_id
            if rng.random() < 0.5:
                attached.add(application_id, self.cv_of[applicant])
        draft_counts = self._split(current_choices, len(self.applicant_ids), 1, 3)
        for applicant, count in zip(self.applicant_ids, draft_counts, strict=True):
            for rank, posting in enumerate(rng.sample(current, min(count, len(current))), 1):
                choices.add(
                    next_choice,
                    self.draft_of[applicant],
                    posting.pk,
                    rank,
                    "",
                    ChoiceStatus.DRAFT,
                    self.now - timedelta(days=1),
                )
                next_choice += 1

        # Direct applications to postings outside any round: one choice each.
        seen = set()
        for _ in range(spec.direct_applications):
            while True:
                applicant = rng.choice(self.applicant_ids)
                posting = rng.choice(direct_targets)
                if (applicant, posting.pk) not in seen:
                    seen.add((applicant, posting.pk))
                    break
            application_id = next_application
            next_application += 1
            sent = min(posting.deadline, self.now) - timedelta(days=rng.randint(0, 20))
            applications.add(
                application_id,
                applicant,
                None,
                posting.pk,
                Application.Status.SUBMITTED,
                rng.choice(MOTIVATIONS),
                sent - timedelta(hours=3),
                sent,
                sent,
                None,
            )
            attached.add(application_id, self.cv_of[applicant])
            choices.add(
                next_choice, application_id, posting.pk, 1, "", ChoiceStatus.SUBMITTED, sent
            )
            events.add(next_choice, ChoiceStatus.SUBMITTED, sent, applicant)
            next_choice += 1

        written = sum(table.flush() for table in (applications, choices, events, attached, notes))
        self.counts.rows["choices"] = choices.written
        return written + rounds.written

    def _split(self, total: int, parts: int, low: int, high: int) -> list[int]:
        """``parts`` random counts in [low, high] that add up to ``total`` (when possible)."""
        rng = self.rng
        total = max(parts * low, min(total, parts * high))
        mean = total / parts
        counts = [
            max(low, min(high, round(rng.expovariate(1 / max(mean - low + 0.5, 0.5)) + low)))
            for _ in range(parts)
        ]
        difference = total - sum(counts)
        step = 1 if difference > 0 else -1
        while difference:
            index = rng.randrange(parts)
            if low <= counts[index] + step <= high:
                counts[index] += step
                difference -= step
        return counts

    def _pick(self, postings: list[PostingRow], weights: list[float], count: int):
        count = min(count, len(postings))
        picked: dict[int, PostingRow] = {}
        while len(picked) < count:
            for posting in self.rng.choices(postings, weights, k=count - len(picked)):
                picked[posting.pk] = posting
        return list(picked.values())[:count]

    # --- Notifications -------------------------------------------------------------------------

    def notifications(self) -> int:
        """The round-deadline reminders a sweep has found due and not delivered yet."""
        content_type = ContentType.objects.get_for_model(Application)
        table = Table(
            Notification,
            [
                "recipient",
                "occasion",
                "content_type",
                "object_id",
                "status",
                "attempts",
                "next_attempt_at",
                "last_error",
                "subject",
                "body",
                "link",
                "created_at",
                "message_key",
                "unknown_outcomes",
                "event",
            ],
        )
        for applicant in self.applicant_ids[: self.spec.notifications]:
            table.add(
                applicant,
                REMINDER_OCCASION,
                content_type.pk,
                self.draft_of[applicant],
                Notification.Status.PENDING,
                0,
                self.now,
                "",
                "",
                "",
                "",
                self.now,
                uuid.uuid4(),
                0,
                "",
            )
        return table.flush()

    # --- Surveys -------------------------------------------------------------------------------

    def surveys(self) -> int:
        spec, rng = self.spec, self.rng
        versions = {}
        for template in SurveyTemplate.objects.prefetch_related(
            "versions__questions__choices"
        ).order_by("pk"):
            version = max(template.versions.all(), key=lambda v: v.number, default=None)
            if version is not None and version.questions.all():
                versions[template.kind] = version
        if not versions:
            self.log("  (no survey templates: run the feedback migrations first)")
            return 0
        kinds = [
            k
            for k in (
                SurveyKind.LIS1,
                SurveyKind.LIS2_3,
                SurveyKind.ALIS,
                SurveyKind.EXIT,
                SurveyKind.STAY,
            )
            if k in versions
        ]
        kind_weights = {
            SurveyKind.LIS1: 35,
            SurveyKind.LIS2_3: 25,
            SurveyKind.ALIS: 15,
            SurveyKind.EXIT: 12,
            SurveyKind.STAY: 13,
        }

        campaigns = Table(
            Campaign,
            [
                "id",
                "version",
                "title",
                "opens_on",
                "closes_on",
                "k",
                "k_text",
                "finalised",
                "release_batches",
                "created_by",
                "created_at",
            ],
        )
        campaign_units = Table(Campaign.units.through, ["campaign", "unit"])
        invitations = Table(
            Invitation,
            ["id", "campaign", "unit", "email", "language", "link_sent_at", "created_at"],
        )
        participations = Table(Participation, ["id", "invitation"])
        responses = Table(Response, ["id", "campaign", "unit", "batch"])
        answers = Table(Answer, ["id", "response", "question", "score", "choice", "text"])
        pending = Table(PendingResponse, ["id", "campaign", "unit", "sealed"])

        first_campaign = reserve_ids(Campaign, spec.campaigns)
        open_count = max(1, spec.campaigns // 20)
        rest = spec.responses - spec.largest_unit_responses
        per_campaign = self._split(rest, spec.campaigns, 0, rest)
        hospital_units = [(h, u) for h in self.hospitals for u in h.units]
        municipal_units = [(m, u) for m in self.municipalities for u in m.units]
        # Plan every campaign first, so the invitations' keys can be reserved in one go.
        plans = []
        for n in range(spec.campaigns):
            kind = (
                SurveyKind.LIS1
                if n == 0
                else rng.choices(kinds, [kind_weights[k] for k in kinds])[0]
            )
            community = self.communities[n % len(self.communities)]
            units = self._campaign_units(kind, community, hospital_units, municipal_units)
            biggest = spec.largest_unit_responses if n == 0 else 0
            split = self._unit_split(per_campaign[n] + biggest, units, biggest)
            # Everyone who answered was invited, and about 70 % more did not answer.
            asked = {u: a + round(a * 0.7) + rng.randint(0, 3) for u, a in split.items()}
            plans.append((first_campaign + n, kind, community, units, split, asked))
        invitation_id = reserve_ids(Invitation, sum(sum(plan[5].values()) for plan in plans))
        self.open_campaigns: list[int] = []
        participation_rows, response_rows, answer_rows = [], [], []
        for n, (campaign_id, kind, community, units, split, asked) in enumerate(plans):
            version = versions[kind]
            is_open = n >= spec.campaigns - open_count
            if is_open:
                opens_on = self.today - timedelta(days=7)
                closes_on = self.today + timedelta(days=14)
            else:
                opens_on = self.today - timedelta(days=30 + rng.randint(0, 4 * 365))
                closes_on = opens_on + timedelta(days=21)
            season = "vår" if opens_on.month < 7 else "høst"
            created = timezone.make_aware(datetime.combine(opens_on, datetime.min.time()))
            # Who answered, in random order, released as the portal would have released
            # them (feedback/release.py): an open campaign still holds the answers of units
            # where fewer than k wait; a closed one combined or destroyed them.
            answered = [unit_id for unit_id, n in split.items() for _ in range(n)]
            rng.shuffle(answered)
            held: dict[int, list[int]] = {}
            for position, unit_id in enumerate(answered):
                held.setdefault(unit_id, []).append(position)
            decided = release.plan(held, k=CAMPAIGN_K, closed=not is_open)
            campaigns.add(
                campaign_id,
                version.pk,
                f"{version.template.name_nb} {season} {opens_on.year} – {community.region}",
                opens_on,
                closes_on,
                CAMPAIGN_K,
                CAMPAIGN_K_TEXT,
                not is_open,
                len(decided.batches),
                self.staff_of.get(community.pk),
                created,
            )
            for unit_id in units:
                campaign_units.add(campaign_id, unit_id)
            if is_open:
                self.open_campaigns.append(campaign_id)
            for unit_id, count in asked.items():
                for person in range(count):
                    invitations.add(
                        invitation_id,
                        campaign_id,
                        unit_id,
                        f"lege.{campaign_id}.{unit_id}.{person}@{EMAIL_DOMAIN}",
                        "nb",
                        created,
                        created,
                    )
                    if person < split[unit_id]:
                        participation_rows.append((uuid.uuid4(), invitation_id))
                    invitation_id += 1
            quality = {unit_id: rng.uniform(2.6, 4.6) for unit_id in units}
            questions = list(version.questions.all())
            released = {
                position: (number, batch.unit_id)
                for number, batch in enumerate(decided.batches, start=1)
                for position in batch.held
            }
            gone = set(decided.destroyed)
            for position, unit_id in enumerate(answered):
                if position in gone:
                    continue
                values = self._answers(questions, quality[unit_id])
                if position not in released:
                    sealed = sealing.seal(
                        {str(q): v for q, v in values.items()},
                        campaign_id=campaign_id,
                        unit_id=unit_id,
                    )
                    pending.add(uuid.uuid4(), campaign_id, unit_id, sealed)
                    continue
                number, group = released[position]
                response_id = uuid.uuid4()
                response_rows.append((response_id, campaign_id, group, number))
                for question in questions:
                    value = values.get(question.pk)
                    if value is None:
                        continue
                    if question.kind == QuestionKind.LIKERT:
                        answer_rows.append((response_id, question.pk, value, None, ""))
                    elif question.kind == QuestionKind.TEXT:
                        answer_rows.append((response_id, question.pk, None, None, value))
                    else:
                        for choice_id in value:
                            answer_rows.append((response_id, question.pk, None, choice_id, ""))
        campaigns.flush()
        # Random keys written in key order: the rows' order is still random with respect to
        # the people who answered (the keys are random), and each index is filled front to
        # back instead of page by random page – several times faster.
        for row in sorted(participation_rows):
            participations.add(*row)
        for row in sorted(response_rows, key=lambda r: r[0]):
            responses.add(*row)
        answer_rows.sort(key=lambda r: (r[0], r[1], r[3] or 0))
        answer_ids = sorted(uuid.uuid4() for _ in answer_rows)
        for answer_id, row in zip(answer_ids, answer_rows, strict=True):
            answers.add(answer_id, *row)
        for table in (campaign_units, invitations, participations, responses, answers, pending):
            table.flush()
        self.counts.rows["responses"] = responses.written
        return sum(
            t.written
            for t in (
                campaigns,
                campaign_units,
                invitations,
                participations,
                responses,
                answers,
                pending,
            )
        )

    def _campaign_units(self, kind, community, hospital_units, municipal_units) -> list[int]:
        rng = self.rng
        own_hospitals = [u for h, u in hospital_units if self.community_of(h) == community.pk] or [
            u for _h, u in hospital_units
        ]
        own_municipal = [u for m, u in municipal_units if m.parent == community.pk] or [
            u for _m, u in municipal_units
        ]
        if kind in (SurveyKind.ALIS,):
            pool = own_municipal
        elif kind == SurveyKind.LIS1:
            pool = own_hospitals[:6] + own_municipal[:6]
        else:
            pool = own_hospitals + own_municipal[:4]
        count = min(len(pool), rng.randint(4, 12))
        return [unit_id for unit_id, _name in rng.sample(pool, count)]

    def _unit_split(self, respondents: int, units: list[int], biggest: int) -> dict[int, int]:
        """How many answered in each unit: uneven, with some units below k."""
        rng = self.rng
        split = dict.fromkeys(units, 0)
        if biggest:
            split[units[0]] = biggest
            respondents -= biggest
        weights = [rng.choice((0.2, 1, 1, 2, 4)) for _ in units]
        for unit_id in rng.choices(units, weights, k=max(respondents, 0)):
            split[unit_id] += 1
        return split

    def _answers(self, questions, quality: float) -> dict[int, object]:
        rng = self.rng
        values: dict[int, object] = {}
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                if rng.random() < 0.95:
                    values[question.pk] = max(1, min(5, round(rng.gauss(quality, 0.9))))
            elif question.kind == QuestionKind.TEXT:
                if rng.random() < 0.15:
                    values[question.pk] = rng.choice(FREE_TEXTS)
            else:
                options = [c.pk for c in question.choices.all()]
                if not options or rng.random() > 0.9:
                    continue
                many = question.kind == QuestionKind.MULTIPLE
                values[question.pk] = rng.sample(
                    options, rng.randint(1, min(3, len(options))) if many else 1
                )
        return values

    # --- Events -------------------------------------------------------------------------------

    def events(self) -> int:
        spec, rng = self.spec, self.rng
        table = Table(
            Event,
            [
                "id",
                "kind",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "place",
                "video_url",
                "capacity",
                "calendar_sequence",
                "created_by",
                "created_at",
                "updated_at",
            ],
        )
        organisers = Table(Event.organisers.through, ["event", "organisation"])
        stages = Table(Event.target_stages.through, ["event", "careerstage"])
        registrations = Table(
            Registration, ["event", "user", "status", "queued_at", "confirmed_at"]
        )
        stage_ids = list(CareerStage.objects.values_list("pk", flat=True))
        first = reserve_ids(Event, spec.events)
        kinds = EventKind.values
        for n in range(spec.events):
            pk = first + n
            org = rng.choice(self.hospitals + self.municipalities)
            starts = self.now + timedelta(days=rng.randint(-365, 365), hours=rng.randint(0, 8))
            starts = starts.replace(hour=17, minute=0, second=0, microsecond=0)
            kind = rng.choice(kinds)
            capacity = rng.choice((20, 40, 60, 100, 200))
            table.add(
                pk,
                kind,
                EVENT_TITLE.format(kind=EventKind(kind).label, town=org.town),
                EVENT_DESCRIPTION.format(organisation=org.name),
                starts,
                starts + timedelta(hours=2),
                EVENT_PLACE.format(town=org.town),
                "",
                capacity,
                0,  # never moved
                self.staff_of.get(org.pk),
                starts - timedelta(days=40),
                starts - timedelta(days=40),
            )
            organisers.add(pk, org.pk)
            for stage in rng.sample(stage_ids, min(len(stage_ids), rng.randint(1, 3))):
                stages.add(pk, stage)
            people = rng.sample(
                self.applicant_ids, min(len(self.applicant_ids), rng.randint(0, capacity + 10))
            )
            for place, user_id in enumerate(people):
                queued = starts - timedelta(days=30, minutes=-place)
                confirmed = place < capacity
                registrations.add(
                    pk,
                    user_id,
                    Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITING,
                    queued,
                    queued if confirmed else None,
                )
        return sum(t.flush() for t in (table, organisers, stages, registrations))

    # --- Offers ---------------------------------------------------------------------------------

    def offers(self) -> int:
        """Offers in the previous round's synchronised waves: answered ones in the first
        four, open ones in a wave released yesterday (answer due in two days). Each
        offer's choice gets the status the hiring services would have given it, and no
        posting gets more acceptances than it has posts."""
        spec, rng = self.spec, self.rng
        waves = Table(
            OfferWave,
            ["id", "round", "number", "offers_at", "answer_by", "marking_at", "released_at"],
        )
        first_wave = reserve_ids(OfferWave, 5)
        schedule = []
        for number in range(1, 6):
            offers_at = (
                self.now - timedelta(days=1)
                if number == 5
                else self.previous_closes + timedelta(days=14 * number)
            )
            answer_by, marking_at = offers_at + timedelta(days=3), offers_at + timedelta(days=4)
            waves.add(
                first_wave + number - 1,
                self.previous_round,
                number,
                offers_at,
                answer_by,
                marking_at,
                offers_at,
            )
            schedule.append((first_wave + number - 1, offers_at, answer_by))
        waves.flush()

        candidates = [
            row
            for row in self.previous_choices
            if row[3] not in (ChoiceStatus.WITHDRAWN, ChoiceStatus.REJECTED)
        ]
        rng.shuffle(candidates)
        offers = Table(
            Offer,
            [
                "id",
                "choice",
                "application",
                "wave",
                "status",
                "respond_by",
                "start_date",
                "terms",
                "with_upgrade",
                "choice_status_before",
                "reason",
                "created_by",
                "created_at",
                "released_at",
                "answered_at",
                "ended_at",
            ],
        )
        events = Table(OfferEvent, ["offer", "status", "at", "actor", "note"])
        choice_events = Table(ChoiceEvent, ["choice", "status", "at", "actor"])
        new_status: dict[int, str] = {}
        accepted_apps: set[int] = set()
        accepted_per_posting: dict[int, int] = defaultdict(int)
        chosen = candidates[: spec.offers]
        next_offer = reserve_ids(Offer, len(chosen))
        outcomes = ["accepted", "declined", "expired", "open", "withdrawn"]
        for choice_id, application_id, posting, before in chosen:
            outcome = rng.choices(outcomes, [45, 25, 8, 15, 7])[0]
            full = accepted_per_posting[posting.pk] >= posting.posts
            if outcome == "accepted" and (application_id in accepted_apps or full):
                outcome = "declined"
            wave, released, respond_by = (
                schedule[4] if outcome == "open" else rng.choice(schedule[:4])
            )
            staff = self.staff_of.get(posting.employer)
            answered = ended = None
            status_after = {
                "accepted": ChoiceStatus.ACCEPTED,
                "declined": ChoiceStatus.DECLINED,
                "expired": ChoiceStatus.DECLINED,
                "open": ChoiceStatus.OFFERED,
                "withdrawn": before,
            }[outcome]
            if outcome in ("accepted", "declined"):
                answered = ended = released + timedelta(hours=rng.randint(1, 70))
            elif outcome == "expired":
                ended = respond_by
            elif outcome == "withdrawn":
                ended = released + timedelta(hours=rng.randint(1, 48))
            if outcome == "accepted":
                accepted_apps.add(application_id)
                accepted_per_posting[posting.pk] += 1
            offers.add(
                next_offer,
                choice_id,
                application_id,
                wave,
                outcome,
                respond_by,
                (self.previous_closes + timedelta(days=180)).date(),
                OFFER_TERMS,
                False,
                before,
                OFFER_WITHDRAWN_REASON if outcome == "withdrawn" else "",
                staff,
                released - timedelta(days=2),
                released,
                answered,
                ended,
            )
            events.add(next_offer, "open", released, staff, "")
            choice_events.add(choice_id, ChoiceStatus.OFFERED, released, staff)
            if outcome != "open":
                events.add(
                    next_offer, outcome, ended, staff if outcome == "withdrawn" else None, ""
                )
            if status_after not in (ChoiceStatus.OFFERED, before):
                choice_events.add(choice_id, status_after, ended, None)
            if status_after != before:
                new_status[choice_id] = status_after
            next_offer += 1
        written = offers.flush() + events.flush() + choice_events.flush() + waves.written
        with connection.cursor() as cursor:
            for status in set(new_status.values()):
                ids = [pk for pk, value in new_status.items() if value == status]
                cursor.execute(
                    "UPDATE recruitment_choice SET status = %s, status_changed_at = %s "
                    "WHERE id = ANY(%s)",
                    [status, self.now - timedelta(days=1), ids],
                )
        self.counts.rows["offers"] = offers.written
        return written


def analyse() -> None:
    """Fresh planner statistics and visibility maps (for index-only scans) for the tables
    the data set filled. Table by table: a database-wide ANALYZE also visits the shared
    catalogues and can wait on other databases' sessions."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    existing = set(connection.introspection.table_names())
    # VACUUM cannot run inside a transaction (as in tests); ANALYZE alone can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f"{command} {_quote(table)}")
