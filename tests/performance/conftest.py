"""Builders for the query-count tests: many rows in a few bulk inserts, so a test can
compare a page with N rows and with 10N rows without taking long."""

import itertools
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careers.models import CareerStage, Event, EventKind, Registration
from feedback.models import (
    Answer,
    Campaign,
    Invitation,
    Participation,
    QuestionKind,
    Response,
)
from portal.models import Organisation, Unit, User
from recruitment.models import (
    ApplicantProfile,
    Application,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    EmployerNote,
    LanguageLevel,
    LicenceStatus,
    Posting,
    PostingKind,
    Specialty,
    SpecialtyInterest,
)
from tests import factories

_serial = itertools.count(1)


def queries(client, url: str, **headers) -> int:
    """How many queries a page takes, after a first request has settled the session and
    with the cache emptied (so every query the page can make is counted)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def warm(client, url: str) -> None:
    assert client.get(url).status_code == 200


def make_postings(count: int, *, employers, municipalities, **fields) -> list[Posting]:
    """Published, open postings spread over employers, units and municipalities."""
    now = timezone.now()
    rows = []
    for n in range(count):
        serial = next(_serial)
        employer = employers[n % len(employers)]
        unit = Unit.objects.get_or_create(organisation=employer, name=f"Avdeling {n % 3}")[0]
        values = {
            "title": f"LIS1 allmennmedisin {serial}",
            "slug": f"lis1-allmennmedisin-{serial}",
            "kind": PostingKind.LIS1,
            "employer": employer,
            "unit": unit,
            "municipality": municipalities[n % len(municipalities)],
            "specialty": Specialty.GENERAL_PRACTICE,
            "summary": "Vi søker leger til et godt fagmiljø.",
            "description": "Allmennmedisin og legevakt i et raust kollegium.",
            "deadline": now + timedelta(days=10 + n),
            "start_date": (now + timedelta(days=90)).date(),
            "status": Posting.Status.PUBLISHED,
            "published_at": now - timedelta(days=1),
        }
        values.update(fields)
        rows.append(Posting(**values))
    return Posting.objects.bulk_create(rows)


def make_users(count: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"scale{next(_serial)}@example.no", full_name=f"Søker {n}", password="!")
        for n in range(count)
    )


def make_submitted_applications(count: int, posting: Posting, organisation) -> list[Choice]:
    """Submitted direct applications to ``posting``, each with a full profile, two career
    interests, a status history and a note of the employer."""
    now = timezone.now()
    users = make_users(count)
    profiles = ApplicantProfile.objects.bulk_create(
        ApplicantProfile(
            user=user,
            phone="+47 900 00 000",
            university="Universitetet i Oslo",
            education_country="Norge",
            licence_status=LicenceStatus.STUDENT,
            norwegian_level=LanguageLevel.NATIVE,
            grew_up_in_region=n % 2 == 0,
        )
        for n, user in enumerate(users)
    )
    SpecialtyInterest.objects.bulk_create(
        SpecialtyInterest(profile=profile, specialty=specialty)
        for profile in profiles
        for specialty in (Specialty.GENERAL_PRACTICE, Specialty.PSYCHIATRY)
    )
    applications = Application.objects.bulk_create(
        Application(
            applicant=user,
            posting=posting,
            status=Application.Status.SUBMITTED,
            submitted_at=now - timedelta(hours=n),
        )
        for n, user in enumerate(users)
    )
    choices = Choice.objects.bulk_create(
        Choice(application=application, posting=posting, rank=1, status=ChoiceStatus.SUBMITTED)
        for application in applications
    )
    ChoiceEvent.objects.bulk_create(
        ChoiceEvent(choice=choice, status=ChoiceStatus.SUBMITTED) for choice in choices
    )
    EmployerNote.objects.bulk_create(
        EmployerNote(choice=choice, organisation=organisation, text="Innkalles til intervju.")
        for choice in choices
    )
    return choices


def make_applications_of(user: User, postings: list[Posting]) -> list[Application]:
    """Submitted direct applications of one applicant, each with its timeline."""
    applications = Application.objects.bulk_create(
        Application(
            applicant=user,
            posting=posting,
            status=Application.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        for posting in postings
    )
    choices = Choice.objects.bulk_create(
        Choice(application=application, posting=application.posting, rank=1, status="submitted")
        for application in applications
    )
    ChoiceEvent.objects.bulk_create(
        ChoiceEvent(choice=choice, status=status)
        for choice in choices
        for status in (ChoiceStatus.SUBMITTED, ChoiceStatus.UNDER_REVIEW)
    )
    return applications


def make_responses(campaign: Campaign, count: int, units: list[Unit]) -> None:
    """Released responses spread over the units, answering every question."""
    questions = list(campaign.version.questions.prefetch_related("choices"))
    responses = Response.objects.bulk_create(
        Response(campaign=campaign, unit=units[n % len(units)]) for n in range(count)
    )
    answers = []
    for n, response in enumerate(responses):
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                answers.append(Answer(response=response, question=question, score=1 + n % 5))
            elif question.kind == QuestionKind.TEXT:
                answers.append(Answer(response=response, question=question, text=f"Svar {n}"))
            else:
                option = list(question.choices.all())[n % question.choices.count()]
                answers.append(Answer(response=response, question=question, choice=option))
    Answer.objects.bulk_create(answers)
    invitations = Invitation.objects.bulk_create(
        Invitation(campaign=campaign, unit=units[n % len(units)], email=f"svar{next(_serial)}@x.no")
        for n in range(count)
    )
    Participation.objects.bulk_create(Participation(invitation=i) for i in invitations)


def make_events(count: int, organiser: Organisation, users: list[User]) -> list[Event]:
    now = timezone.now()
    events = Event.objects.bulk_create(
        Event(
            kind=EventKind.INFORMATION_EVENING,
            title=f"Informasjonsmøte {next(_serial)}",
            starts_at=now + timedelta(days=5 + n),
            ends_at=now + timedelta(days=5 + n, hours=2),
            place="Auditoriet",
            capacity=2,
        )
        for n in range(count)
    )
    stages = list(CareerStage.objects.all()[:2])
    Event.organisers.through.objects.bulk_create(
        Event.organisers.through(event=event, organisation=organiser) for event in events
    )
    Event.target_stages.through.objects.bulk_create(
        Event.target_stages.through(event=event, careerstage=stage)
        for event in events
        for stage in stages
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            status=Registration.Status.CONFIRMED if n < 2 else Registration.Status.WAITING,
            confirmed_at=now if n < 2 else None,
        )
        for event in events
        for n, user in enumerate(users)
    )
    return events


@pytest.fixture
def municipalities(health_community):
    return [
        factories.MunicipalityFactory(name=f"Kommune {n}", parent=health_community)
        for n in range(3)
    ]
