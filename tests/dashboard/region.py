"""A small hand-built region with known figures, and a way to grow it tenfold.

Current round "LIS1 høst 2026" (closed ten days ago; offers are being answered). Time to
fill runs from a posting's publishing to the acceptance that filled its last post:
  A  Sykehuset Øst, 2 posts, published 20 days before the deadline: u1 (1st, accepted at
     deadline + 3 d), u2 (1st, on the reserve list first, accepted at deadline + 5 d), u3
     (2nd, rejected), u4 (withdrew) → 3 applications, 2 first choices, 1 from the reserve
     list, filled by the second acceptance: 20 + 5 = 25.0 days
  B  Sykehuset Øst, 1 post, published 14 days before the deadline: u4 (2nd, accepted at
     deadline + 2 d, withdrew at + 6 d), u3 (1st, accepted at deadline + 9 d), u1 (2nd)
     → 2 applications, filled by the second acceptance: 14 + 9 = 23.0 days
  C  Sykehuset Vest, 3 posts, published 20 days before the deadline: u5 (1st, accepted at
     deadline + 7 d), u6 (1st) → 2 applications, 1 of 3 posts filled (33.3 %), not filled
  D  Fjordby kommune, 1 post: nobody; not filled
  Round: 4 postings, 7 posts, 7 applications, 5 applicants, 4 filled posts (57.1 %),
  3 unfilled, median 24.0 days from published to filled (A 25.0, B 23.0), 1 filled from a
  reserve list. Per employer: Sykehuset Øst 24.0; Sykehuset Vest and Fjordby none filled.
Previous round "LIS1 vår 2026": P0 Sykehuset Øst, 2 posts, published 30 days 12 hours
  before the deadline, 3 applicants, accepted at deadline + 10 d and + 20 d → 100 %,
  filled after 30.5 + 20 = 50.5 days, the round's median.
A future round "Sommerjobb 2027" opens in 5 days and closes in 25.
Outside rounds: E summer job at Sykehuset Øst, open (deadline in 20 days); F ALIS at
  Fjordby, closed and filled by a direct application; G a draft (never counted).
Surveys: "LIS1-evaluering høst 2026" for three units of Sykehuset Øst – Medisinsk klinikk
  (10 invited, 6 answered), Kirurgisk klinikk (8, 5), Akuttmottak (5, 2) – and
  "Vest evaluering" for one unit of Sykehuset Vest (6 invited, 5 answered).
Events: a career day at Sykehuset Øst in 7 days (30 places, 2 registered); one in 60 days.
Reminders: round_deadline 3 sent and 1 failed, survey_reminder 2 sent.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from careers.models import Event, EventKind, Registration
from feedback.models import Answer, Participation, QuestionKind, Response
from portal.models import Notification, Organisation, User
from recruitment.models import (
    Application,
    ApplicationRound,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    InterviewBooking,
    InterviewSlot,
    OfferWave,
    Posting,
    PostingKind,
)
from tests import factories
from tests.careers.tracks.factories import make_candidate, make_track
from tests.feedback.factories import CampaignFactory, InvitationFactory

# Released answers: Supervision 4.5, Access 3.0, Safety 2.0, Learning goals 5.0.
ANSWERS = {
    "supervision_regular": 4,
    "supervision_useful": 5,
    "access_senior": 3,
    "safety_work": 2,
    "goals_achieved": 5,
    "text_good": "Hemmelig fritekst som aldri skal vises",
}
SECRET_TEXT = ANSWERS["text_good"]


@dataclass
class Region:
    hospital: Organisation
    other_hospital: Organisation
    municipality: Organisation
    current: ApplicationRound
    previous: ApplicationRound
    future: ApplicationRound
    postings: dict[str, Posting] = field(default_factory=dict)
    units: dict[str, object] = field(default_factory=dict)
    campaigns: dict[str, object] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    track: object = None


def make_round(name: str, opens_days: int, closes_days: int) -> ApplicationRound:
    now = timezone.now()
    return ApplicationRound.objects.create(
        name=name,
        opens_at=now + timedelta(days=opens_days),
        closes_at=now + timedelta(days=closes_days),
        documents_required=False,
    )


def make_posting(round, employer, municipality, title, posts, **extra) -> Posting:
    """A posting in ``round`` is published when the round opens, unless told otherwise."""
    if round is not None:
        extra.setdefault("published_at", round.opens_at)
    posting = factories.PostingFactory(
        title=title,
        employer=employer,
        municipality=municipality,
        number_of_posts=posts,
        round=round,
        **extra,
    )
    return posting


def application(user, round=None, posting=None) -> Application:
    return Application.objects.create(
        applicant=user,
        round=round,
        posting=posting,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def choose(app, posting, rank, status=ChoiceStatus.SUBMITTED, **events) -> Choice:
    """A choice with its status; ``events`` maps statuses to days after the deadline."""
    choice = Choice.objects.create(application=app, posting=posting, rank=rank, status=status)
    for event_status, days in events.items():
        ChoiceEvent.objects.create(
            choice=choice,
            status=event_status,
            at=posting.application_deadline() + timedelta(days=days),
        )
    return choice


def build_region(hospital, other_hospital, municipality) -> Region:
    current = make_round("LIS1 høst 2026", -30, -10)
    previous = make_round("LIS1 vår 2026", -200, -170)
    future = make_round("Sommerjobb 2027", 5, 25)
    region = Region(hospital, other_hospital, municipality, current, previous, future)
    p = region.postings
    published = current.closes_at - timedelta(days=20)
    p["A"] = make_posting(current, hospital, municipality, "LIS1 Øst A", 2, published_at=published)
    p["B"] = make_posting(
        current,
        hospital,
        municipality,
        "LIS1 Øst B",
        1,
        published_at=current.closes_at - timedelta(days=14),
    )
    p["C"] = make_posting(
        current, other_hospital, municipality, "LIS1 Vest C", 3, published_at=published
    )
    p["D"] = make_posting(
        current, municipality, municipality, "LIS1 Fjordby D", 1, published_at=published
    )
    p["P0"] = make_posting(
        previous,
        hospital,
        municipality,
        "LIS1 Øst vår",
        2,
        published_at=previous.closes_at - timedelta(days=30, hours=12),
    )
    now = timezone.now()
    p["E"] = make_posting(
        None,
        hospital,
        municipality,
        "Sommervikar Øst",
        1,
        kind=PostingKind.SUMMER_JOB,
        deadline=now + timedelta(days=20),
    )
    p["F"] = make_posting(
        None,
        municipality,
        municipality,
        "ALIS Fjordby",
        1,
        kind=PostingKind.ALIS,
        deadline=now - timedelta(days=40),
        status=Posting.Status.CLOSED,
        closed_at=now - timedelta(days=5),
    )
    p["G"] = make_posting(
        None,
        hospital,
        municipality,
        "Utkast",
        4,
        status=Posting.Status.DRAFT,
        published_at=None,
        deadline=now + timedelta(days=10),
    )

    u = [factories.UserFactory() for _ in range(7)]
    a1, a2, a3, a4, a5, a6 = (application(user, current) for user in u[1:7])
    A, B, C = "ABC"
    choose(a1, p[A], 1, ChoiceStatus.ACCEPTED, accepted=3)
    choose(a1, p[B], 2)
    choose(a2, p[A], 1, ChoiceStatus.ACCEPTED, reserve=1, accepted=5)
    choose(a3, p[B], 1, ChoiceStatus.ACCEPTED, accepted=9)
    choose(a3, p[A], 2, ChoiceStatus.REJECTED)
    choose(a4, p[A], 1, ChoiceStatus.WITHDRAWN)
    choose(a4, p[B], 2, ChoiceStatus.WITHDRAWN, accepted=2, withdrawn=6)
    choose(a5, p[C], 1, ChoiceStatus.ACCEPTED, accepted=7)
    choose(a6, p[C], 1)

    before = [factories.UserFactory() for _ in range(3)]
    choose(application(before[0], previous), p["P0"], 1, ChoiceStatus.ACCEPTED, accepted=10)
    choose(application(before[1], previous), p["P0"], 1, ChoiceStatus.ACCEPTED, accepted=20)
    choose(application(before[2], previous), p["P0"], 1, ChoiceStatus.REJECTED)
    choose(application(u[0], posting=p["F"]), p["F"], 1, ChoiceStatus.ACCEPTED, accepted=2)

    build_interviews(region, accepted_choice=p[A].choices.get(application=a1))
    build_surveys(region)
    build_events(region)
    build_reminders(u[0])
    trust = factories.OrganisationFactory(
        name="Helse Øst HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=hospital.parent
    )
    region.track = make_track(trust=trust, municipalities=[municipality], name="Østlegen")
    return region


def build_interviews(region: Region, accepted_choice) -> None:
    """Slots for posting A: in 3 days (2 places, 1 booked, 1 booking cancelled), a
    cancelled one, and one in 40 days – beyond what "upcoming" covers."""
    now = timezone.now()
    posting = region.postings["A"]

    def slot(days, **fields):
        return InterviewSlot.objects.create(
            posting=posting, starts_at=now + timedelta(days=days), place="Kalnes", **fields
        )

    soon = slot(3, capacity=2)
    InterviewBooking.objects.create(slot=soon, choice=accepted_choice)
    InterviewBooking.objects.create(
        slot=soon, choice=posting.choices.get(status=ChoiceStatus.REJECTED), cancelled_at=now
    )
    slot(4, cancelled_at=now)
    slot(40)


def release(campaign, unit, n: int, answers=ANSWERS) -> None:
    questions = {q.key: q for q in campaign.version.questions.all()}
    for _ in range(n):
        response = Response.objects.create(campaign=campaign, unit=unit)
        for key, value in answers.items():
            question = questions[key]
            if question.kind == QuestionKind.TEXT:
                Answer.objects.create(response=response, question=question, text=value)
            else:
                Answer.objects.create(response=response, question=question, score=value)


def invite(campaign, unit, invited: int, answered: int) -> None:
    for n in range(invited):
        invitation = InvitationFactory(campaign=campaign, unit=unit)
        if n < answered:
            Participation.objects.create(invitation=invitation)


def build_surveys(region: Region) -> None:
    today = timezone.localdate()
    units = {
        name: factories.UnitFactory(organisation=region.hospital, name=name)
        for name in ("Medisinsk klinikk", "Kirurgisk klinikk", "Akuttmottak")
    }
    units["Vest medisin"] = factories.UnitFactory(
        organisation=region.other_hospital, name="Vest medisin"
    )
    region.units = units
    east = CampaignFactory(
        title="LIS1-evaluering høst 2026",
        units=[units["Medisinsk klinikk"], units["Kirurgisk klinikk"], units["Akuttmottak"]],
        opens_on=today - timedelta(days=40),
        closes_on=today - timedelta(days=10),
    )
    for name, invited, answered in (
        ("Medisinsk klinikk", 10, 6),
        ("Kirurgisk klinikk", 8, 5),
        ("Akuttmottak", 5, 2),
    ):
        invite(east, units[name], invited, answered)
        release(east, units[name], answered)
    west = CampaignFactory(
        title="Vest evaluering",
        units=[units["Vest medisin"]],
        opens_on=today - timedelta(days=20),
        closes_on=today - timedelta(days=5),
    )
    invite(west, units["Vest medisin"], 6, 5)
    release(west, units["Vest medisin"], 5)
    region.campaigns = {"east": east, "west": west}


def build_events(region: Region) -> None:
    now = timezone.now()
    for key, days in (("soon", 7), ("later", 60)):
        event = Event.objects.create(
            kind=EventKind.CAREER_DAY,
            title=f"Karrieredag {key}",
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=3),
            place="Kalnes",
            capacity=30,
        )
        event.organisers.add(region.hospital)
        region.events[key] = event
    for _ in range(2):
        Registration.objects.create(
            event=region.events["soon"],
            user=factories.UserFactory(),
            status=Registration.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )


def build_reminders(user: User, occasion_suffix: str = "") -> None:
    user_type = ContentType.objects.get_for_model(User)
    now = timezone.now()
    rows = [
        ("round_deadline", Notification.Status.SENT),
        ("round_deadline", Notification.Status.SENT),
        ("round_deadline", Notification.Status.SENT),
        ("round_deadline", Notification.Status.FAILED),
        ("survey_reminder", Notification.Status.SENT),
        ("survey_reminder", Notification.Status.SENT),
    ]
    for n, (occasion, status) in enumerate(rows):
        Notification.objects.create(
            recipient=user,
            occasion=occasion + occasion_suffix,
            content_type=user_type,
            object_id=1000 + n,
            status=status,
            sent_at=now if status == Notification.Status.SENT else None,
        )


def leftover(round: ApplicationRound, employer: Organisation, municipality, title: str) -> Posting:
    """A LIS1 posting of 2 posts in ``round``, a restplass once the round has a wave
    marked (``marked_wave``): no offer holds its posts."""
    return make_posting(round, employer, municipality, title, 2)


def marked_wave(round: ApplicationRound) -> OfferWave:
    """The round's one offer wave, marked a day after the round closed."""
    return OfferWave.objects.create(
        round=round,
        number=1,
        offers_at=round.closes_at + timedelta(hours=1),
        answer_by=round.closes_at + timedelta(hours=12),
        marking_at=round.closes_at + timedelta(days=1),
    )


def trust_hospital(name: str, parent: Organisation) -> Organisation:
    """A hospital under a hospital trust of its own (``{name} HF``)."""
    trust = factories.OrganisationFactory(
        name=f"{name} HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=parent
    )
    return factories.OrganisationFactory(name=name, parent=trust)


def add_restplass_and_coupling(region: Region) -> None:
    """One restplass and one row of the coupling limit, for the query counts to start from."""
    hospital = trust_hospital("Sykehus Base", region.hospital.parent)
    old = make_round("Runde base", -380, -370)
    marked_wave(old)
    leftover(old, hospital, region.municipality, "LIS1 base")


def grow(region: Region, factor: int = 10) -> None:
    """Add ``factor - 1`` more of everything: employers (hospitals, each under a trust of
    its own) with postings in both rounds and outside them, applicants and acceptances,
    rounds each with a restplass, survey campaigns with answers, events and reminders – so
    the data is about ``factor`` times the base set."""
    now = timezone.now()
    for n in range(factor - 1):
        employer = trust_hospital(f"Sykehus {n}", region.hospital.parent)
        current = make_posting(region.current, employer, region.municipality, f"LIS1 {n} A", 2)
        extra = make_posting(region.current, employer, region.municipality, f"LIS1 {n} B", 1)
        before = make_posting(region.previous, employer, region.municipality, f"LIS1 {n} vår", 1)
        make_posting(
            None,
            employer,
            region.municipality,
            f"Sommer {n}",
            1,
            kind=PostingKind.SUMMER_JOB,
            deadline=now + timedelta(days=3 + n),
        )
        old = make_round(f"Runde {n}", -400 - n, -390 - n)
        marked_wave(old)
        leftover(old, employer, region.municipality, f"LIS1 {n} restplass")
        plan = [
            (current, ChoiceStatus.ACCEPTED, {"reserve": 1, "accepted": 4}),
            (current, ChoiceStatus.ACCEPTED, {"accepted": 6}),
            (before, ChoiceStatus.ACCEPTED, {"accepted": 8}),
            (extra, ChoiceStatus.REJECTED, {}),
            *[(extra, ChoiceStatus.SUBMITTED, {})] * 8,
        ]
        for rank, (posting, status, events) in enumerate(plan):
            round = region.previous if posting is before else region.current
            app = application(factories.UserFactory(verified=False), round)
            choose(app, posting, 1 + rank % 2, status, **events)
        unit = factories.UnitFactory(organisation=employer, name=f"Enhet {n}")
        small = factories.UnitFactory(organisation=employer, name=f"Liten enhet {n}")
        campaign = CampaignFactory(
            title=f"Evaluering {n}",
            units=[unit, small],
            opens_on=timezone.localdate() - timedelta(days=30 + n),
            closes_on=timezone.localdate() - timedelta(days=n),
        )
        invite(campaign, unit, 7, 6)
        release(campaign, unit, 6)
        invite(campaign, small, 3, 1)
        event = Event.objects.create(
            kind=EventKind.SEMINAR,
            title=f"Seminar {n}",
            starts_at=now + timedelta(days=2 + n),
            ends_at=now + timedelta(days=2 + n, hours=2),
            place="Kalnes",
            capacity=10,
        )
        event.organisers.add(employer)
        build_reminders(factories.UserFactory(), occasion_suffix=f"_{n}")
        track = make_track(
            trust=employer.parent,
            postings=[current],
            municipalities=[region.municipality],
            name=f"Spor {n}",
        )
        make_candidate(posting=current, round=region.future, track=track)
