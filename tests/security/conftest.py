"""The security suite's personas and one small world in which every URL of the project has
an object to point at: an application of the applicant to the hospital, its documents,
an event, an onboarding, a survey campaign … Everything is owned by the ``hospital``, so
the recruiter of the hospital is "the owning organisation" and the recruiter of
``other_hospital`` is the outsider."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from careers import services as careers_services
from careers.models import CareerStage
from feedback import services as feedback_services
from feedback.models import Choice as SurveyChoice
from feedback.models import Question, SurveyTemplate, SurveyVersion
from feedback.seed_data import seed_default_templates
from portal.models import Membership, Notification
from recruitment.applications import services as application_services
from recruitment.models import EmployerNote, JobAlert
from tests import factories
from tests.careers.factories import EventFactory
from tests.conftest import with_mfa
from tests.feedback.factories import CampaignFactory, InvitationFactory
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationRoundFactory,
    DocumentFactory,
)

PERSONAS = (
    "anonymous",
    "applicant",
    "other_applicant",
    "recruiter",
    "outsider_recruiter",
    "chief_physician",
    "chief_physician_without_consent",
    "coordinator",
)


@pytest.fixture
def other_applicant(db):
    user = factories.UserFactory(email="annen.soker@example.no", full_name="Kari Søker")
    ApplicantProfileFactory(user=user)
    return user


@pytest.fixture
def chief_physician(db, municipality):
    """The municipal chief physician (kommuneoverlege) of the posting's municipality: the
    work is done there, but the hospital is the employer."""
    user = with_mfa(factories.UserFactory(email="kommuneoverlege@example.no"))
    factories.MembershipFactory(
        user=user, organisation=municipality, role=Membership.Role.CHIEF_PHYSICIAN
    )
    return user


@pytest.fixture
def other_municipality(db, health_community):
    return factories.MunicipalityFactory(name="Nabobygd kommune", parent=health_community)


@pytest.fixture
def chief_physician_without_consent(db, other_municipality):
    """The chief physician of a municipality that joined the coupled track after the
    candidates consented: their consent does not name it, so nothing of them is shown
    there – the only thing that separates this persona from ``chief_physician``."""
    user = with_mfa(factories.UserFactory(email="kommuneoverlege@nabobygd.no"))
    factories.MembershipFactory(
        user=user, organisation=other_municipality, role=Membership.Role.CHIEF_PHYSICIAN
    )
    return user


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def client(self, persona: str, **kwargs) -> Client:
        client = Client(**kwargs)
        user = self.users.get(persona)
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(
    applicant,
    other_applicant,
    recruiter,
    outsider_recruiter,
    chief_physician,
    chief_physician_without_consent,
    coordinator,
    hospital,
    municipality,
    other_municipality,
    other_hospital,
):
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, SurveyChoice)
    careers_services.seed_career_stages()
    ApplicantProfileFactory(user=applicant)
    unit = factories.UnitFactory(organisation=hospital, name="Medisinsk klinikk")
    posting = factories.PostingFactory(
        title="LIS1 Sykehuset Øst", employer=hospital, municipality=municipality, unit=unit
    )
    other_posting = factories.PostingFactory(
        title="LIS1 Sykehuset Vest", employer=other_hospital, municipality=municipality
    )
    direct_posting = factories.PostingFactory(
        title="Sommervikar Sykehuset Øst", employer=hospital, municipality=municipality
    )
    # The other hospital takes part in the round, but the application does not rank it.
    round = ApplicationRoundFactory(name="LIS1 høst 2027", postings=[posting, other_posting])
    cv = DocumentFactory(owner=applicant, title="cv.pdf")
    application = application_services.start_round_application(user=applicant, round=round)
    choice = application_services.add_choice(
        user=applicant, application=application, posting=posting
    )
    application.documents.add(cv)
    application_services.submit_application(user=applicant, application=application)
    choice.refresh_from_db()
    note = EmployerNote.objects.create(
        choice=choice, organisation=hospital, author=recruiter, text="Sterk kandidat."
    )
    event = EventFactory(
        organisers=[hospital], starts_at=timezone.now() + timedelta(days=10), capacity=5
    )
    careers_services.register(user=applicant, event=event)
    # The hospital has no checklist template of its own: opening that page shows the
    # default one and must write nothing (issue 17).
    onboarding = careers_services.start_onboarding(
        hire_user=applicant,
        organisation=hospital,
        start_date=timezone.localdate() + timedelta(days=30),
        posting=posting,
    )
    # Unread messages in the applicant's and the recruiter's inboxes: opening an inbox
    # must not mark them read (a GET writes nothing).
    for person in (applicant, recruiter):
        Notification.objects.create(
            recipient=person,
            occasion="world",
            content_type=ContentType.objects.get_for_model(posting),
            object_id=posting.pk,
            status=Notification.Status.SENT,
            sent_at=timezone.now(),
            subject="Søknadsfristen nærmer seg",
            body="Husk å sende søknaden.",
        )
    campaign = CampaignFactory(units=[unit], title="LIS1 høst 2026")
    invitation = InvitationFactory(campaign=campaign, unit=unit, email="lege@example.no")
    survey_token = feedback_services.new_link(invitation).rstrip("/").rsplit("/", 1)[-1]
    tracks = _coupled_track(applicant, posting, round, municipality, other_municipality)
    hiring = _hiring(applicant, recruiter, hospital, municipality, round)
    job_alert = JobAlert.objects.create(
        user=applicant, query="kind=lis1", confirmed_at=timezone.now()
    )
    visitor_alert = JobAlert.objects.create(email="besøkende@example.no", query="q=kirurgi")

    return World(
        users={
            "anonymous": None,
            "applicant": applicant,
            "other_applicant": other_applicant,
            "recruiter": recruiter,
            "outsider_recruiter": outsider_recruiter,
            "chief_physician": chief_physician,
            "chief_physician_without_consent": chief_physician_without_consent,
            "coordinator": coordinator,
        },
        objects={
            "hospital": hospital,
            "municipality": municipality,
            "other_municipality": other_municipality,
            "unit": unit,
            "posting": posting,
            "direct_posting": direct_posting,
            "round": round,
            "cv": cv,
            "application": application,
            "choice": choice,
            "note": note,
            "event": event,
            "onboarding": onboarding,
            "checklist_item": onboarding.items.first(),
            "stage": CareerStage.objects.get(key="lis1"),
            "campaign": campaign,
            "invitation": invitation,
            "survey_token": survey_token,
            "template": campaign.version.template,
            "job_alert": job_alert,
            "visitor_alert": visitor_alert,
            **tracks,
            **hiring,
        },
    )


def _hiring(applicant, recruiter, hospital, municipality, round) -> dict[str, Any]:
    """The employer workflow on a posting of its own, outside the round: the applicant
    applied directly, was invited to interview (the municipality takes part in the
    interviews), booked a time and holds an open offer; the round has an offer wave."""
    from recruitment.hiring import services as hiring_services
    from recruitment.models import OfferWave

    hiring_posting = factories.PostingFactory(
        title="LIS2 indremedisin", employer=hospital, municipality=municipality
    )
    application = application_services.start_direct_application(
        user=applicant, posting=hiring_posting
    )
    application_services.submit_application(user=applicant, application=application)
    choice = application.choices.get()
    participant = hiring_services.add_participant(
        user=recruiter, posting=hiring_posting, organisation=municipality
    )
    [slot] = hiring_services.create_slots(
        user=recruiter,
        posting=hiring_posting,
        starts_at=timezone.now() + timedelta(days=5),
        duration_minutes=30,
        place="Kalnes, rom 2",
    )
    hiring_services.invite_to_interview(user=recruiter, posting=hiring_posting, choices=[choice])
    choice.refresh_from_db()
    booking = hiring_services.book_slot(
        user=applicant, invitation=choice.interview_invitation, slot=slot
    )
    offer = hiring_services.make_offer(user=recruiter, choice=choice)
    now = timezone.now()
    wave = OfferWave.objects.create(
        round=round,
        number=1,
        offers_at=now + timedelta(days=20),
        answer_by=now + timedelta(days=23),
        marking_at=now + timedelta(days=24),
    )
    return {
        "hiring_posting": hiring_posting,
        "hiring_choice": choice,
        "participant": participant,
        "slot": slot,
        "interview_invitation": choice.interview_invitation,
        "booking": booking,
        "offer": offer,
        "wave": wave,
    }


def _coupled_track(applicant, posting, round, municipality, other_municipality) -> dict[str, Any]:
    """A coupled track covering the posting with the chief physician's municipality; a
    candidate in its pool (accepted LIS1, primary care, consent shared with documents) whom
    the municipality invited and placed; the applicant's own consent. Then
    ``other_municipality`` joins the track: the consents given so far do not name it."""
    from careers.models import Invitation, Placement, TrackMunicipality
    from careers.tracks import services as track_services
    from recruitment.models import Document
    from tests.careers.tracks.factories import make_candidate, make_track

    track = make_track(trust=posting.employer, postings=[posting], municipalities=[municipality])
    candidate = make_candidate(
        posting=posting,
        round=round,
        track=track,
        email="i@pool.no",
        full_name="Ida Pool",
        share_documents=True,
        with_document=True,
    )
    track_invitation = Invitation.objects.create(
        track=track, municipality=municipality, candidate=candidate, kind="visit", message="Hei"
    )
    start = posting.start_date
    placement = Placement.objects.create(
        candidate=candidate,
        track=track,
        municipality=municipality,
        invitation=track_invitation,
        lis1_start=start,
        alis_start=start + timedelta(days=540),
    )
    consent = track_services.give_consent(user=applicant, track=track, share_documents=False)
    TrackMunicipality.objects.create(track=track, municipality=other_municipality)
    track_services.ensure_consent_text(track)  # a new version; the consents keep theirs
    return {
        "track": track,
        "pool_candidate": candidate,
        "track_invitation": track_invitation,
        "placement": placement,
        "track_consent": consent,
        "pool_document": Document.objects.get(owner=candidate),
    }
