"""What the application portal holds about a person, and how long (see portal/gdpr.py).

Retention, as the settings say (defaults as Jobbnorge's): an application is kept until
``APPLICATION_RETENTION_DAYS`` (120) after the last posting it ranks has closed – its
closing time, or its deadline if it was never closed – or ``APPLICATION_RETENTION_DAYS_
INTERVIEWED`` (540) if the candidate got as far as an interview (or an offer, or the
reserve list). Then an unsuccessful application is deleted, and a hire is anonymised: the
employer keeps that a post was filled, when and how, but not by whom.

When a person deletes their account, an application the employer must still keep – a
hire, or one still being decided for a posting that has not closed – is anonymised the
same way; everything else of theirs here is deleted, their files from storage too.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, ProtectedError, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from portal import audit, gdpr
from portal.models import AuditEvent, Membership, Organisation
from recruitment import alerts as job_alerts
from recruitment.hiring.models import (
    ExemptionRequest,
    InterviewAssessment,
    PublicListDetails,
)
from recruitment.models import (
    ApplicantProfile,
    Application,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    Document,
    EmployerNote,
    JobAlert,
    Letter,
    Posting,
)

# Got as far as an interview: the longer retention applies.
INTERVIEWED = frozenset(
    {
        ChoiceStatus.INTERVIEW,
        ChoiceStatus.OFFERED,
        ChoiceStatus.ACCEPTED,
        ChoiceStatus.DECLINED,
        ChoiceStatus.RESERVE,
    }
)
HIRED = frozenset({ChoiceStatus.ACCEPTED})
# Still being decided: the employer works with these while the posting is open.
FINISHED = frozenset({ChoiceStatus.WITHDRAWN, ChoiceStatus.REJECTED, ChoiceStatus.DECLINED})


def being_decided(choice: Choice) -> bool:
    """The employer is still deciding this choice: sent, neither finished nor a hire, on a
    posting that has not closed."""
    return (
        choice.is_submitted
        and choice.status not in FINISHED | HIRED
        and choice.posting.status != Posting.Status.CLOSED
    )


def _document_path(document: Document) -> str:
    return f"documents/{document.uuid}-{get_valid_filename(document.title) or 'document.pdf'}"


# --- Export ---------------------------------------------------------------------------------


def _export(user) -> dict[str, Any]:
    profile = ApplicantProfile.objects.filter(user=user).prefetch_related("interests").first()
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("round", "posting")
        .prefetch_related(
            "choices__posting__employer",
            "choices__events",
            "choices__offers",
            "choices__interview_bookings__slot",
            "choices__notes",
            "choices__assessments",
            "choices__letters",
            "documents",
        )
        .order_by("created_at", "pk")
    )
    applications = list(applications)
    choices = [choice for application in applications for choice in application.choices.all()]
    staff = _StaffNames(choices)
    data: dict[str, Any] = {
        "profile": None,
        "documents": [
            {
                "kind": document.kind,
                "title": document.title,
                "size": document.size,
                "uploaded_at": document.uploaded_at,
                "file": _document_path(document),
            }
            for document in Document.objects.filter(owner=user).order_by("uploaded_at", "pk")
        ],
        "applications": [
            {
                "title": application.title,
                "status": application.status,
                "created_at": application.created_at,
                "submitted_at": application.submitted_at,
                "withdrawn_at": application.withdrawn_at,
                "motivation": application.motivation,
                "documents": [_document_path(d) for d in application.documents.all()],
                "left_off_public_list_request": _exemption(application),
                "choices": [
                    {
                        "posting": choice.posting.title,
                        "employer": choice.posting.employer.name,
                        "rank": choice.rank,
                        "status": choice.status,
                        "motivation": choice.motivation,
                        "history": [
                            {"status": event.status, "at": event.at, "reason": event.reason_code}
                            for event in sorted(choice.events.all(), key=lambda e: (e.at, e.pk))
                        ],
                        "interviews": [
                            {
                                "starts_at": booking.slot.starts_at,
                                "place": booking.slot.place,
                                "booked_at": booking.booked_at,
                                "cancelled_at": booking.cancelled_at,
                            }
                            for booking in choice.interview_bookings.all()
                        ],
                        "offers": [
                            {
                                "status": offer.status,
                                "reason": offer.reason_code,
                                "offered_at": offer.released_at,
                                "respond_by": offer.respond_by,
                                "start_date": offer.start_date,
                                "terms": offer.terms,
                                "answered_at": offer.answered_at,
                            }
                            for offer in choice.offers.all()
                        ],
                        "letters": [
                            {
                                "subject": letter.subject,
                                "body": letter.body,
                                "sent_at": letter.sent_at,
                            }
                            for letter in choice.letters.all()
                        ],
                        **_written_about(choice, staff),
                    }
                    for choice in sorted(application.choices.all(), key=lambda c: c.rank)
                ],
            }
            for application in applications
        ],
        "public_applicant_list_details": PublicListDetails.objects.filter(user=user)
        .values("birth_year", "gender", "residence", "occupational_title", "updated_at")
        .first(),
        "applicant_lists_opened": _applicant_lists_opened(user, applications),
        "staff_writings": str(
            _(
                "What employers' staff wrote about you – notes and interview assessments – "
                "is under each choice, with the organisation and role of the writer but not "
                "their name. While an employer is still deciding a choice, what its staff "
                "wrote about it is withheld (personopplysningsloven § 16 first paragraph "
                "(e): internal case preparation); it is in your export once the employer "
                "has decided."
            )
        ),
    }
    if profile is not None:
        data["profile"] = {
            "phone": profile.phone,
            "university": profile.university,
            "education_country": profile.education_country,
            "graduation_date": profile.graduation_date,
            "licence_status": profile.licence_status,
            "hpr_number": profile.hpr_number,
            "norwegian_level": profile.norwegian_level,
            "grew_up_in_region": profile.grew_up_in_region,
            "studied_in_region": profile.studied_in_region,
            "family_in_region": profile.family_in_region,
            "worked_in_region": profile.worked_in_region,
            "local_connection_details": profile.local_connection_details,
            "clinical_experience": profile.clinical_experience,
            "career_preference": profile.career_preference,
            "interests": [interest.specialty for interest in profile.interests.all()],
            "updated_at": profile.updated_at,
        }
    return data


class _StaffNames:
    """Organisations and roles of the staff who wrote about the person's choices. The
    colleague is not named: what they wrote is the person's data, who they are is theirs."""

    def __init__(self, choices: list[Choice]):
        rows = [
            row for choice in choices for row in (*choice.notes.all(), *choice.assessments.all())
        ]
        self.organisations = dict(
            Organisation.objects.filter(pk__in={r.organisation_id for r in rows}).values_list(
                "pk", "name"
            )
        )
        self.roles: dict[tuple[int, int], str] = {}
        for membership in Membership.objects.filter(
            user_id__in={r.author_id for r in rows if r.author_id},
            organisation_id__in=self.organisations,
        ):
            key = (membership.user_id, membership.organisation_id)
            self.roles.setdefault(key, str(membership.get_role_display()))

    def of(self, row) -> dict[str, str]:
        return {
            "organisation": self.organisations.get(row.organisation_id, ""),
            "role": self.roles.get((row.author_id, row.organisation_id), str(_("Staff"))),
        }


def _written_about(choice: Choice, staff: _StaffNames) -> dict[str, Any]:
    """The employers' notes and interview assessments on a choice, once it is decided."""
    notes, assessments = list(choice.notes.all()), list(choice.assessments.all())
    if being_decided(choice):
        written: dict[str, Any] = {"notes_about_you": [], "interview_assessments": []}
        if notes or assessments:
            written["withheld"] = {
                "notes": len(notes),
                "interview_assessments": len(assessments),
                "why": str(
                    _(
                        "Withheld while the employer is still deciding "
                        "(personopplysningsloven § 16 first paragraph (e): internal case "
                        "preparation). In your export once the employer has decided."
                    )
                ),
            }
        return written
    return {
        "notes_about_you": [
            {**staff.of(note), "written_at": note.created_at, "text": note.text} for note in notes
        ],
        "interview_assessments": [
            {
                **staff.of(assessment),
                "written_at": assessment.created_at,
                "updated_at": assessment.updated_at,
                "motivation": assessment.motivation,
                "knowledge": assessment.knowledge,
                "communication": assessment.communication,
                "cooperation": assessment.cooperation,
                "overall": assessment.overall,
                "primary_care_interest": assessment.primary_care_interest,
                "recommendation": assessment.recommendation,
                "notes": assessment.notes,
            }
            for assessment in assessments
        ],
    }


def _applicant_lists_opened(user, applications: list[Application]) -> list[dict[str, Any]]:
    """Lists of applicants that staff opened or exported after the person applied – a
    posting's applicant list, its CSV, its offers and reserve list; the coordinator's list
    of a round's applications. The trail records a list once, not each person on it, so
    these are the lists the person was (or may have been) on."""
    lists: dict[tuple[str, str], tuple[str, datetime]] = {}

    def on(obj, name: str, since: datetime) -> None:
        key = (obj._meta.label_lower, str(obj.pk))
        earlier = lists.get(key, (name, since))[1]
        lists[key] = (name, min(since, earlier))

    for application in applications:
        if application.submitted_at is None:
            continue
        if application.round is not None:
            on(application.round, application.round.name, application.submitted_at)
        for choice in application.choices.all():
            if choice.is_submitted:
                on(choice.posting, choice.posting.title, application.submitted_at)
    if not lists:
        return []
    wanted = Q()
    for object_type, object_id in lists:
        wanted |= Q(object_type=object_type, object_id=object_id)
    events = list(
        AuditEvent.objects.filter(
            wanted, action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT]
        ).order_by("at", "pk")
    )
    by = gdpr.who_acted(events, user)
    return [
        {
            "at": event.at,
            "action": event.action,
            "list_of": name,
            "by": by(event),
            "what": event.detail,
        }
        for event in events
        for name, since in [lists[(event.object_type, event.object_id)]]
        if event.at >= since
    ]


def _exemption(application: Application) -> dict[str, Any] | None:
    request = ExemptionRequest.objects.filter(application=application).first()
    if request is None:
        return None
    return {
        "reason": request.reason,
        "requested_at": request.requested_at,
        "decisions": [
            {
                "posting": choice.posting.title,
                "granted": decision.granted,
                "reason": decision.reason,
            }
            for choice in application.choices.all()
            if (decision := getattr(choice, "exemption_decision", None)) is not None
        ],
    }


def _files(user):
    for document in Document.objects.filter(owner=user):
        yield gdpr.ExportFile(_document_path(document), lambda d=document: d.file.open("rb"))


# --- Anonymising and erasing ------------------------------------------------------------------


def anonymise_application(application: Application, *, reason: str) -> None:
    """Detach the application from its person and strip what could identify them; the
    choices, their statuses and dates stay for the employer's records and statistics."""
    person_id = application.applicant_id
    stand_in = gdpr.erased_person()
    Application.objects.filter(pk=application.pk).update(applicant=stand_in, motivation="")
    Choice.objects.filter(application=application).update(motivation="")
    EmployerNote.objects.filter(choice__application=application).delete()
    Letter.objects.filter(choice__application=application).delete()  # they name the person
    InterviewAssessment.objects.filter(choice__application=application).update(notes="")
    ExemptionRequest.objects.filter(application=application).update(reason="")
    application.documents.clear()
    ChoiceEvent.objects.filter(choice__application=application, actor_id=person_id).update(
        actor=None
    )
    audit.record(
        actor=None,
        action=AuditEvent.Action.CHANGE,
        obj=application,
        subject_user_id=person_id,
        detail=f"anonymised: {reason}",
    )


def _must_keep(application: Application) -> bool:
    """Whether the employer still needs this application when its person leaves."""
    if application.status == Application.Status.DRAFT:
        return False
    choices = list(application.choices.all())
    if any(choice.status in HIRED for choice in choices):
        return True
    return any(being_decided(choice) for choice in choices)


def _delete(application: Application, *, reason: str, subject_user_id: int | None) -> bool:
    """Delete the application with its choices; False when records of the hiring (such as
    an offer) protect it, and it must be anonymised instead."""
    try:
        with transaction.atomic():
            audit.record(
                actor=None,
                action=AuditEvent.Action.DELETE,
                obj=application,
                subject_user_id=subject_user_id,
                detail=reason,
            )
            application.delete()
    except ProtectedError:
        return False
    return True


def _erase(user) -> None:
    applications = Application.objects.filter(applicant=user).prefetch_related("choices__posting")
    for application in applications:
        reason = "account deleted"
        if _must_keep(application) or not _delete(
            application, reason=reason, subject_user_id=user.pk
        ):
            anonymise_application(application, reason=reason)
    # The files leave storage once the deletion commits (see recruitment.models).
    Document.objects.filter(owner=user).delete()
    ApplicantProfile.objects.filter(user=user).delete()
    PublicListDetails.objects.filter(user=user).delete()


# --- Retention --------------------------------------------------------------------------------


def due_for_retention(now: datetime):
    """Applications past their retention period, with whether they ended in a hire."""
    short = now - timedelta(days=settings.APPLICATION_RETENTION_DAYS)
    long = now - timedelta(days=settings.APPLICATION_RETENTION_DAYS_INTERVIEWED)
    of_application = Q(application=OuterRef("pk"))
    interviewed = Exists(Choice.objects.filter(of_application, status__in=INTERVIEWED)) | Exists(
        ChoiceEvent.objects.filter(choice__application=OuterRef("pk"), status__in=INTERVIEWED)
    )
    return (
        Application.objects.annotate(
            # When the application closed, and when the last posting it ranks closed (a
            # posting in a round at its round's close, unless closed later). A restplass
            # has no deadline: its applications wait until it is closed.
            closed=Greatest(
                Coalesce("round__closes_at", "posting__deadline", "posting__closed_at"),
                Max(
                    Coalesce(
                        "choices__posting__closed_at",
                        "choices__posting__deadline",
                        "round__closes_at",
                    )
                ),
            ),
            interviewed=interviewed,
            hired=Exists(Choice.objects.filter(of_application, status__in=HIRED)),
        )
        .filter(Q(interviewed=False, closed__lt=short) | Q(interviewed=True, closed__lt=long))
        .exclude(hired=True, applicant__email__endswith="@" + gdpr.ERASED_DOMAIN)
        .select_related("applicant")
        .order_by("pk")
    )


def _retention(now: datetime) -> dict[str, int]:
    deleted = anonymised = 0
    for application in due_for_retention(now).iterator(chunk_size=500):
        if application.hired:
            anonymise_application(application, reason="retention period over")
            anonymised += 1
            continue
        person, erased = application.applicant, gdpr.is_erased(application.applicant)
        reason = "retention period over"
        if _delete(application, reason=reason, subject_user_id=None if erased else person.pk):
            if erased:
                person.delete()
            deleted += 1
        elif not erased:
            anonymise_application(application, reason=reason)
            anonymised += 1
    return {"deleted": deleted, "anonymised": anonymised}


gdpr.register(
    gdpr.Provider(
        key="recruitment",
        label=_("Profile, documents and applications"),
        export=_export,
        models=(
            "recruitment.ApplicantProfile",
            "recruitment.Document",
            "recruitment.Application",
            "recruitment.PublicListDetails",
        ),
        files=_files,
        erase=_erase,
        retention=_retention,
        erase_order=50,
    )
)


# --- Job alerts (recruitment/alerts.py) ------------------------------------------------------


def _export_alerts(user) -> list[dict[str, Any]]:
    return [
        {
            "search": alert.query,
            "frequency": alert.frequency,
            "created_at": alert.created_at,
            "confirmed_at": alert.confirmed_at,
        }
        for alert in JobAlert.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _erase_alerts(user) -> None:
    for alert_id in JobAlert.objects.filter(user=user).values_list("pk", flat=True):
        job_alerts.delete(alert_id)


def _alert_retention(now: datetime) -> dict[str, int]:
    """A visitor's address that was never confirmed is kept only as long as its link works."""
    unconfirmed = JobAlert.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - timedelta(days=settings.JOB_ALERT_CONFIRM_DAYS),
    )
    deleted, _by_model = unconfirmed.delete()
    return {"deleted": deleted}


gdpr.register(
    gdpr.Provider(
        key="job_alerts",
        label=_("Job alerts"),
        export=_export_alerts,
        models=("recruitment.JobAlert",),
        erase=_erase_alerts,
        retention=_alert_retention,
        erase_order=40,
    )
)
