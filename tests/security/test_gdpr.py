"""GDPR rights: access (a ZIP of everything), erasure, consent withdrawal, retention."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import Answer, Invitation, PendingResponse, Response
from portal import gdpr
from portal.celery import BEAT_SCHEDULE
from portal.models import AuditEvent, User
from recruitment.hiring.models import InterviewAssessment
from recruitment.models import (
    Application,
    ChoiceEvent,
    ChoiceStatus,
    Document,
    EmployerNote,
    Posting,
)
from tests import factories
from tests.factories import PASSWORD
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    ApplicationRoundFactory,
    ChoiceFactory,
    DocumentFactory,
    pdf_bytes,
)

# --- Every kind of personal data has a provider ---------------------------------------------

# Models that point at a person but need no provider, and why.
NOT_PERSONAL_DATA_OF_THE_USER = {
    "admin.LogEntry": "what a staff member did in the admin; staff are closed by the admin",
}


def test_every_model_that_holds_data_about_a_person_is_covered_by_a_provider():
    covered = {label for provider in gdpr.providers() for label in provider.models}
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        for field in model._meta.get_fields():
            points_at_user = (
                isinstance(field, models.ForeignKey)  # OneToOneField included
                and field.related_model is User
            )
            # SET_NULL: a staff member's authorship of a row about something else.
            if not points_at_user or field.remote_field.on_delete is models.SET_NULL:
                continue
            if label not in covered and label not in NOT_PERSONAL_DATA_OF_THE_USER:
                missing.append(f"{label}.{field.name}")
    assert not missing, (
        "These models hold data about a person but no GDPR provider exports and erases "
        f"them (add them to a provider's models in <app>/gdpr.py): {missing}"
    )


# --- Access: download everything ---------------------------------------------------------


@pytest.fixture
def held(applicant, hospital, municipality):
    """The applicant's profile, a document and a submitted application."""
    ApplicantProfileFactory(user=applicant, hpr_number="1234567", clinical_experience="Legevakt")
    cv = DocumentFactory(owner=applicant, title="Min CV.pdf")
    posting = factories.PostingFactory(employer=hospital, municipality=municipality)
    application = ApplicationFactory(
        applicant=applicant,
        round=ApplicationRoundFactory(postings=[posting]),
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
        motivation="Jeg vil jobbe i Fjordby.",
    )
    application.documents.add(cv)
    ChoiceFactory(application=application, posting=posting, status=ChoiceStatus.SUBMITTED)
    return {"cv": cv, "application": application, "posting": posting}


def download(client) -> zipfile.ZipFile:
    response = client.post(reverse("privacy_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_an_applicant_downloads_everything_held_about_them_in_one_zip(login, applicant, held):
    archive = download(login(applicant))
    data = json.loads(archive.read("data.json"))
    assert data["portal"]["account"]["email"] == applicant.email
    assert data["recruitment"]["profile"]["hpr_number"] == "1234567"
    [application] = data["recruitment"]["applications"]
    assert application["motivation"] == "Jeg vil jobbe i Fjordby."
    assert application["choices"][0]["posting"] == held["posting"].title
    [document] = data["recruitment"]["documents"]
    assert document["title"] == "Min CV.pdf"
    assert archive.read(document["file"]) == pdf_bytes()


def test_the_export_holds_nobody_elses_data_nor_secrets(login, applicant, held):
    DocumentFactory(owner=factories.UserFactory(), title="Andres CV.pdf")
    archive = download(login(applicant))
    names = archive.namelist()
    assert len([n for n in names if n.startswith("documents/")]) == 1
    text = archive.read("data.json").decode()
    assert "Andres CV" not in text
    assert "secret" not in text  # TOTP secrets are never exported
    assert applicant.password not in text


def test_the_export_is_audited(login, applicant, held):
    download(login(applicant))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor_id == event.subject_user_id == applicant.pk


# --- What staff wrote and did about the person -------------------------------------------------


@pytest.fixture
def written_about(applicant, held, recruiter, chief_physician, municipality):
    """An employer's note and a municipal interviewer's assessment on the applicant's
    choice, and the employer opening the application (recorded in the audit trail)."""
    choice = held["application"].choices.get()
    EmployerNote.objects.create(
        choice=choice,
        organisation=held["posting"].employer,
        author=recruiter,
        text="Sterk kandidat.",
    )
    InterviewAssessment.objects.create(
        choice=choice,
        organisation=municipality,
        author=chief_physician,
        motivation=5,
        knowledge=4,
        overall=5,
        recommendation=InterviewAssessment.Recommendation.OFFER,
        notes="Tydelig interesse for allmennmedisin.",
    )
    client = Client()
    client.force_login(recruiter)
    url = reverse("recruitment:staff_application", args=[held["application"].pk])
    assert client.get(url).status_code == 200
    return choice


def decide(choice, status=ChoiceStatus.REJECTED):
    type(choice).objects.filter(pk=choice.pk).update(status=status)


def test_the_export_holds_what_staff_wrote_about_the_person_once_it_is_decided(
    login, applicant, held, written_about, recruiter, chief_physician
):
    decide(written_about)
    data = json.loads(download(login(applicant)).read("data.json"))
    [choice] = data["recruitment"]["applications"][0]["choices"]
    [note] = choice["notes_about_you"]
    assert note["text"] == "Sterk kandidat."
    assert note["organisation"] == "Sykehuset Øst"
    assert note["role"] == "Recruiter / department head"
    assert note["written_at"]
    [assessment] = choice["interview_assessments"]
    assert assessment["organisation"] == "Fjordby kommune"
    assert assessment["role"] == "Municipal chief physician (kommuneoverlege)"
    assert (assessment["motivation"], assessment["knowledge"], assessment["overall"]) == (5, 4, 5)
    assert assessment["communication"] is None
    assert assessment["recommendation"] == "offer"
    assert assessment["notes"] == "Tydelig interesse for allmennmedisin."
    assert "withheld" not in choice
    # The colleagues who wrote them are named by organisation and role, not by name.
    text = json.dumps(data, ensure_ascii=False)
    for staff in (recruiter, chief_physician):
        assert staff.email not in text
        assert f'"author_id": {staff.pk}' not in text


def test_the_export_withholds_notes_while_the_employer_is_still_deciding(
    login, applicant, held, written_about
):
    data = json.loads(download(login(applicant)).read("data.json"))
    [choice] = data["recruitment"]["applications"][0]["choices"]
    assert choice["notes_about_you"] == []
    assert choice["interview_assessments"] == []
    assert choice["withheld"] == {
        "notes": 1,
        "interview_assessments": 1,
        "why": "Withheld while the employer is still deciding (personopplysningsloven § 16 "
        "first paragraph (e): internal case preparation). In your export once the employer "
        "has decided.",
    }
    assert "Sterk kandidat" not in json.dumps(data, ensure_ascii=False)


def test_notes_are_in_the_export_once_the_posting_is_closed(login, applicant, held, written_about):
    Posting.objects.filter(pk=held["posting"].pk).update(
        status=Posting.Status.CLOSED, closed_at=timezone.now()
    )
    data = json.loads(download(login(applicant)).read("data.json"))
    [choice] = data["recruitment"]["applications"][0]["choices"]
    assert [n["text"] for n in choice["notes_about_you"]] == ["Sterk kandidat."]


def test_the_export_lists_who_looked_at_the_persons_data_by_organisation(
    login, applicant, held, written_about, recruiter
):
    client = Client()
    client.force_login(recruiter)
    client.get(reverse("recruitment:posting_applicants", args=[held["posting"].pk]))
    data = json.loads(download(login(applicant)).read("data.json"))
    views = [e for e in data["portal"]["access_log"] if e["action"] == "view"]
    assert [(e["by"], e["object"]) for e in views] == [
        ("Sykehuset Øst", f"recruitment.application {held['application'].pk}")
    ]
    [listed] = data["recruitment"]["applicant_lists_opened"]
    assert listed["list_of"] == held["posting"].title
    assert listed["by"] == "Sykehuset Øst"
    assert listed["action"] == "view"
    assert listed["what"] == "applicant list, page 1"
    assert recruiter.email not in json.dumps(data, ensure_ascii=False)


def test_an_entry_recorded_without_an_organisation_names_the_staff_members_own(
    login, applicant, held, chief_physician
):
    from portal import audit

    choice = held["application"].choices.get()
    audit.record(
        actor=chief_physician,
        action=AuditEvent.Action.VIEW,
        obj=choice,
        subject_user_id=applicant.pk,
        detail="interview assessments",
    )
    audit.record(
        actor=None, action=AuditEvent.Action.CHANGE, obj=choice, subject_user_id=applicant.pk
    )
    data = json.loads(download(login(applicant)).read("data.json"))
    assert [(e["by"], e["detail"]) for e in data["portal"]["access_log"]] == [
        ("Fjordby kommune", "interview assessments"),
        ("Legeportalen", ""),
    ]


def test_lists_opened_before_the_person_applied_are_not_theirs(login, applicant, held, recruiter):
    from portal import audit

    audit.record(
        actor=recruiter,
        action=AuditEvent.Action.VIEW,
        obj=held["posting"],
        organisation_id=held["posting"].employer_id,
        detail="applicant list, page 1",
    )
    Application.objects.filter(pk=held["application"].pk).update(
        submitted_at=timezone.now() + timedelta(minutes=5)
    )
    data = json.loads(download(login(applicant)).read("data.json"))
    assert data["recruitment"]["applicant_lists_opened"] == []


def test_the_coordinators_list_of_a_round_is_among_the_lists_opened(
    login, applicant, held, coordinator
):
    client = Client()
    client.force_login(coordinator)
    round = held["application"].round
    assert client.get(reverse("recruitment:round_detail", args=[round.pk])).status_code == 200
    data = json.loads(download(login(applicant)).read("data.json"))
    [listed] = data["recruitment"]["applicant_lists_opened"]
    assert (listed["list_of"], listed["what"]) == (round.name, "applications in the round, page 1")
    assert listed["by"] == "Helsefellesskapet"  # the coordinator's own organisation


def test_survey_answers_are_never_in_the_export(login, applicant, hospital):
    from feedback import services
    from feedback.models import Choice, Question, SurveyTemplate, SurveyVersion
    from feedback.seed_data import seed_default_templates
    from tests.feedback.conftest import answers_by_key, token_for
    from tests.feedback.factories import CampaignFactory, InvitationFactory

    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)
    unit = factories.UnitFactory(organisation=hospital)
    campaign = CampaignFactory(units=[unit])
    invitation = InvitationFactory(campaign=campaign, unit=unit, email=applicant.email)
    secret_text = "Overlegen på nattevakt er utrygg"
    services.submit_response(
        token=token_for(invitation),
        answers=answers_by_key(campaign, {"text_good": secret_text, "safety_work": 2}),
    )
    data = json.loads(download(login(applicant)).read("data.json"))
    [entry] = data["feedback"]["survey_invitations"]
    assert entry["answered"] is True
    assert secret_text not in json.dumps(data, ensure_ascii=False)
    assert PendingResponse.objects.count() == 1  # the answer is still held, unlinkably


def test_the_export_is_built_only_on_post(login, applicant):
    assert login(applicant).get(reverse("privacy_export")).status_code == 405


# --- Erasure: delete the account -------------------------------------------------------------


def delete_account(client, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("privacy_delete"), data)


def test_the_wrong_password_deletes_nothing(login, applicant, held):
    response = delete_account(login(applicant), password="not-my-password")
    assert response.status_code == 400
    assert User.objects.filter(pk=applicant.pk).exists()
    assert Document.objects.filter(owner=applicant).exists()


def test_deleting_without_confirming_deletes_nothing(login, applicant):
    assert delete_account(login(applicant), confirm=False).status_code == 400
    assert User.objects.filter(pk=applicant.pk).exists()


def test_deleting_the_account_removes_documents_from_storage_and_ends_sessions(
    applicant, held, django_capture_on_commit_callbacks
):
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})
    name = held["cv"].file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = delete_account(laptop)
    assert response.status_code == 302
    assert not User.objects.filter(pk=applicant.pk).exists()
    assert not default_storage.exists(name)
    assert not Document.objects.filter(pk=held["cv"].pk).exists()
    for device in (laptop, phone):
        assert not device.get(reverse("home")).wsgi_request.user.is_authenticated
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, object_type="portal.user")
    assert event.subject_user_id == applicant.pk


def test_an_application_still_being_decided_is_kept_anonymised(login, applicant, held, recruiter):
    application = held["application"]
    choice = application.choices.get()
    EmployerNote.objects.create(
        choice=choice, organisation=held["posting"].employer, author=recruiter, text="Ola er bra"
    )
    ChoiceEvent.objects.create(choice=choice, status=ChoiceStatus.SUBMITTED, actor=applicant)
    delete_account(login(applicant))
    application.refresh_from_db()
    stand_in = application.applicant
    assert gdpr.is_erased(stand_in)
    assert not stand_in.is_active
    assert not stand_in.has_usable_password()
    assert stand_in.full_name == ""
    assert application.motivation == ""
    assert not application.documents.exists()
    assert not EmployerNote.objects.filter(choice=choice).exists()
    assert not ChoiceEvent.objects.filter(choice=choice, actor__isnull=False).exists()
    assert application.choices.get().status == ChoiceStatus.SUBMITTED  # the record stays


def test_a_hire_is_kept_anonymised_even_after_the_posting_closed(login, applicant, held):
    Posting.objects.filter(pk=held["posting"].pk).update(
        status=Posting.Status.CLOSED, closed_at=timezone.now()
    )
    held["application"].choices.update(status=ChoiceStatus.ACCEPTED)
    delete_account(login(applicant))
    assert gdpr.is_erased(Application.objects.get(pk=held["application"].pk).applicant)


def test_finished_applications_and_drafts_are_deleted_with_the_account(
    login, applicant, held, hospital, municipality
):
    held["application"].choices.update(status=ChoiceStatus.REJECTED)
    draft = ApplicationFactory(
        applicant=applicant,
        round=None,
        posting=factories.PostingFactory(employer=hospital, municipality=municipality),
    )
    delete_account(login(applicant))
    assert not Application.objects.filter(pk__in=[held["application"].pk, draft.pk]).exists()


def test_staff_cannot_delete_their_own_account(login, recruiter):
    client = login(recruiter)
    assert "staff role" in client.get(reverse("privacy")).content.decode()
    response = delete_account(client)
    assert response.status_code == 400
    assert User.objects.filter(pk=recruiter.pk).exists()


def test_deleting_the_account_leaves_survey_counts_but_not_the_address(login, applicant, hospital):
    from feedback.models import Participation
    from tests.feedback.factories import CampaignFactory, InvitationFactory

    unit = factories.UnitFactory(organisation=hospital)
    from feedback.models import Choice, Question, SurveyTemplate, SurveyVersion
    from feedback.seed_data import seed_default_templates

    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)
    answered = InvitationFactory(
        campaign=CampaignFactory(units=[unit]), unit=unit, email=applicant.email
    )
    Participation.objects.create(invitation=answered)
    unanswered = InvitationFactory(
        campaign=CampaignFactory(units=[unit]), unit=unit, email=applicant.email
    )
    delete_account(login(applicant))
    assert not Invitation.objects.filter(pk=unanswered.pk).exists()
    answered.refresh_from_db()
    assert applicant.email not in answered.email
    assert answered.token_hash is None
    assert Participation.objects.filter(invitation=answered).exists()
    assert Response.objects.count() == Answer.objects.count() == 0  # nothing else touched


def test_a_place_at_an_event_goes_to_the_waiting_list(login, applicant, hospital):
    from careers import services
    from careers.models import Registration
    from tests.careers.factories import EventFactory

    event = EventFactory(organisers=[hospital], capacity=1)
    services.register(user=applicant, event=event)
    waiting = factories.UserFactory()
    services.register(user=waiting, event=event)
    delete_account(login(applicant))
    assert Registration.objects.get(user=waiting).status == Registration.Status.CONFIRMED


# --- Consent: withdrawn with one click, at once ------------------------------------------------


class ConsentBook:
    """A stand-in app with one consent, as careers' coupled-track consent plugs in."""

    def __init__(self):
        self.given: dict[int, bool] = {}

    def consents(self, user):
        if self.given.get(user.pk):
            yield gdpr.Consent(
                key="share-profile",
                label="Share my profile with municipalities",
                given_at=timezone.now(),
                version="3",
            )

    def withdraw(self, user, key):
        if key != "share-profile" or not self.given.get(user.pk):
            return False
        self.given[user.pk] = False
        return True


@pytest.fixture
def consent_book():
    book = ConsentBook()
    gdpr.providers()  # discover the real ones first
    gdpr.register(
        gdpr.Provider(
            key="consentbook",
            label="Consent book",
            export=lambda user: {"given": book.given.get(user.pk, False)},
            consents=book.consents,
            withdraw_consent=book.withdraw,
        )
    )
    yield book
    gdpr._registry.pop("consentbook")


def test_a_consent_is_withdrawn_with_one_click_at_once(login, applicant, consent_book):
    consent_book.given[applicant.pk] = True
    client = login(applicant)
    page = client.get(reverse("privacy")).content.decode()
    assert "Share my profile with municipalities" in page
    url = reverse("privacy_consent_withdraw", args=["consentbook", "share-profile"])
    assert url in page
    response = client.post(url)
    assert response.status_code == 302
    assert consent_book.given[applicant.pk] is False
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, subject_user_id=applicant.pk)
    assert "consent withdrawn" in event.detail
    assert client.post(url).status_code == 404  # nothing left to withdraw


def test_nobody_withdraws_another_persons_consent(login, applicant, other_user, consent_book):
    consent_book.given[applicant.pk] = True
    url = reverse("privacy_consent_withdraw", args=["consentbook", "share-profile"])
    assert login(other_user).post(url).status_code == 404
    assert consent_book.given[applicant.pk] is True


def test_deleting_the_account_withdraws_consents_first(login, applicant, consent_book):
    consent_book.given[applicant.pk] = True
    delete_account(login(applicant))
    assert consent_book.given[applicant.pk] is False


@pytest.fixture
def other_user(db):
    return factories.UserFactory()


# --- Retention -------------------------------------------------------------------------------


@pytest.fixture
def closed_application(applicant, hospital, municipality):
    """An application to a posting that closed at ``closed``, in the given state."""
    closed = timezone.now() - timedelta(days=1000)

    def _make(status=ChoiceStatus.REJECTED, history=(), person=None):
        posting = factories.PostingFactory(
            employer=hospital,
            municipality=municipality,
            deadline=closed - timedelta(days=30),
            status=Posting.Status.CLOSED,
            closed_at=closed,
        )
        application = ApplicationFactory(
            applicant=person or factories.UserFactory(),
            round=ApplicationRoundFactory(
                opens_at=closed - timedelta(days=90), closes_at=closed - timedelta(days=60)
            ),
            status=Application.Status.SUBMITTED,
            submitted_at=closed - timedelta(days=61),
        )
        choice = ChoiceFactory(application=application, posting=posting, status=status)
        for past in history:
            ChoiceEvent.objects.create(choice=choice, status=past)
        return application

    _make.closed = closed
    return _make


def after(closed, days: int):
    return closed + timedelta(days=days)


def test_an_unsuccessful_application_is_deleted_after_the_retention_period(closed_application):
    application = closed_application()
    days = settings.APPLICATION_RETENTION_DAYS
    gdpr.apply_retention(after(closed_application.closed, days - 1))
    assert Application.objects.filter(pk=application.pk).exists()
    outcome = gdpr.apply_retention(after(closed_application.closed, days + 1))
    assert outcome["recruitment.deleted"] == 1
    assert not Application.objects.filter(pk=application.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, object_type="recruitment.application"
    ).exists()


def test_an_interviewed_candidate_is_kept_for_the_longer_period(closed_application):
    application = closed_application(history=[ChoiceStatus.INTERVIEW])
    gdpr.apply_retention(after(closed_application.closed, 200))
    assert Application.objects.filter(pk=application.pk).exists()
    days = settings.APPLICATION_RETENTION_DAYS_INTERVIEWED
    gdpr.apply_retention(after(closed_application.closed, days + 1))
    assert not Application.objects.filter(pk=application.pk).exists()


def test_a_hire_is_anonymised_not_deleted_and_a_second_run_changes_nothing(
    closed_application, applicant
):
    hire = closed_application(status=ChoiceStatus.ACCEPTED, person=applicant)
    now = after(closed_application.closed, settings.APPLICATION_RETENTION_DAYS_INTERVIEWED + 1)
    first = gdpr.apply_retention(now)
    assert first["recruitment.anonymised"] == 1
    hire.refresh_from_db()
    assert gdpr.is_erased(hire.applicant)
    assert User.objects.filter(pk=applicant.pk).exists()  # the person keeps their account
    second = gdpr.apply_retention(now)
    assert second["recruitment.anonymised"] == second["recruitment.deleted"] == 0
    assert Application.objects.get(pk=hire.pk).applicant_id == hire.applicant_id


def test_an_anonymised_application_is_purged_with_its_stand_in(closed_application, applicant):
    application = closed_application(person=applicant)
    from recruitment.gdpr import anonymise_application

    anonymise_application(application, reason="account deleted")
    stand_in = Application.objects.get(pk=application.pk).applicant
    gdpr.apply_retention(after(closed_application.closed, settings.APPLICATION_RETENTION_DAYS + 1))
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not User.objects.filter(pk=stand_in.pk).exists()


def test_retention_runs_twice_without_harm(closed_application):
    closed_application()
    closed_application(status=ChoiceStatus.ACCEPTED)
    now = after(closed_application.closed, settings.APPLICATION_RETENTION_DAYS_INTERVIEWED + 1)
    gdpr.apply_retention(now)
    remaining = list(Application.objects.values_list("pk", "applicant_id"))
    assert gdpr.apply_retention(now) == {
        "job_alerts.deleted": 0,
        "recruitment.deleted": 0,
        "recruitment.anonymised": 0,
    }
    assert list(Application.objects.values_list("pk", "applicant_id")) == remaining


def test_retention_runs_every_night_from_the_beat_schedule():
    entry = BEAT_SCHEDULE["portal-apply-retention"]
    assert entry["task"] == "portal.tasks.apply_retention"
    from portal.tasks import apply_retention

    assert apply_retention.apply().get() == {
        "job_alerts.deleted": 0,
        "recruitment.deleted": 0,
        "recruitment.anonymised": 0,
    }


def test_the_retention_settings_default_to_120_and_540_days():
    assert settings.APPLICATION_RETENTION_DAYS == 120
    assert settings.APPLICATION_RETENTION_DAYS_INTERVIEWED == 540
