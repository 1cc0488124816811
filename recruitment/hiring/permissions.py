"""Who may see and do what in the employer workflow. Views call these; templates only hide
buttons. Builds on portal.permissions (who acts for which organisation) and
recruitment.permissions (which choices an employer sees).

Rules:
- the employer (staff acting for the posting's organisation, or the coordinator) manages
  the posting's slots, invitations, offers, reserve list and public applicant list;
- an organisation taking part in the interviews (a municipality on a hospital's LIS1
  posting) sees the posting's interview schedule and the invited candidates' names, and
  writes its own assessments; nothing else of the applications;
- assessments are read only by those acting for the organisation that wrote them;
- a candidate sees their own invitations and bookings, and only offers that have been
  released to them (a prepared offer stays invisible until its wave);
- the coordinator keeps every round's wave calendar.
Anyone else gets 404, so the existence of the object is not revealed.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal import permissions as portal_permissions
from portal.models import User
from recruitment import permissions as recruitment_permissions
from recruitment.models import (
    ApplicationRound,
    Choice,
    InterviewAssessment,
    InterviewBooking,
    InterviewInvitation,
    InterviewParticipant,
    InterviewSlot,
    Offer,
    OfferWave,
    Posting,
    PublicApplicantList,
)

# --- Employer ------------------------------------------------------------------------------


def may_manage(user: User, posting: Posting) -> bool:
    return portal_permissions.can_act_for(user, posting.employer_id)


def posting_for_employer(user: User, pk: int) -> Posting:
    return recruitment_permissions.posting_for_staff(user, pk)


def offer_for_employer(user: User, pk: int) -> Offer:
    return get_object_or_404(
        Offer.objects.select_related("choice__posting", "application__applicant", "wave").filter(
            choice__posting__employer__in=portal_permissions.acting_organisations(user)
        ),
        pk=pk,
    )


def slot_for_employer(user: User, pk: int) -> InterviewSlot:
    return get_object_or_404(
        InterviewSlot.objects.select_related("posting").filter(
            posting__employer__in=portal_permissions.acting_organisations(user)
        ),
        pk=pk,
    )


def choice_for_employer(user: User, pk: int) -> Choice:
    """A submitted choice for one of the user's postings (recruitment.permissions)."""
    return recruitment_permissions.choice_for_staff(user, pk)


def posting_choice_for_employer(user: User, posting: Posting, pk: int) -> Choice:
    """A choice the user may see (``choice_for_employer``) that is for ``posting``, one the
    caller already got through ``posting_for_employer``; 404 for another posting's."""
    choice = choice_for_employer(user, pk)
    if choice.posting_id != posting.pk:
        raise Http404
    return choice


def choice_to_offer(posting: Posting, pk: int) -> Choice:
    """A choice for ``posting`` (already got through ``posting_for_employer``), with what an
    offer needs; 404 for another posting's."""
    return get_object_or_404(
        Choice.objects.select_related("application__applicant", "posting"), pk=pk, posting=posting
    )


def public_list_choice(on_list: QuerySet[Choice], pk: int) -> Choice:
    """An applicant on the public list (``selectors.public_list_choices`` of a posting the
    caller already got through ``posting_for_employer``); 404 for anyone else."""
    return get_object_or_404(on_list.select_related("application__applicant"), pk=pk)


def participant_of_posting(posting: Posting, pk: int) -> InterviewParticipant:
    """An organisation taking part in the interviews of ``posting`` (already got through
    ``posting_for_employer``); 404 for another posting's."""
    return get_object_or_404(posting.interview_participants, pk=pk)


def published_list_for_public(published: PublicApplicantList | None) -> PublicApplicantList:
    """The public sees an applicant list once it is published (``selectors.published_list``
    of a posting got through ``posting_for_public``); 404 while none is."""
    if published is None:
        raise Http404
    return published


# --- Interviewers (the employer and participating organisations) --------------------------


def interview_postings(user: User) -> QuerySet[Posting]:
    """Postings whose interviews the user may see: their organisations' own, and those
    their organisation takes part in."""
    if not portal_permissions.has_staff_role(user):
        return Posting.objects.none()
    acting = portal_permissions.acting_organisations(user)
    return Posting.objects.filter(
        Q(employer__in=acting) | Q(interview_participants__organisation__in=acting)
    ).distinct()


def posting_for_interviewer(user: User, pk: int) -> Posting:
    return get_object_or_404(interview_postings(user).select_related("employer"), pk=pk)


def slot_for_interviewer(user: User, pk: int) -> InterviewSlot:
    return get_object_or_404(
        InterviewSlot.objects.select_related("posting__employer").filter(
            posting__in=interview_postings(user)
        ),
        pk=pk,
    )


def assessable_choices(user: User) -> QuerySet[Choice]:
    """Choices an interviewer may assess: invited to interview on a posting the user
    interviews for, and not withdrawn."""
    return Choice.objects.filter(
        posting__in=interview_postings(user), interview_invitation__isnull=False
    ).active()


def choice_for_interviewer(user: User, pk: int) -> Choice:
    return get_object_or_404(
        assessable_choices(user).select_related(
            "posting__employer", "application__applicant", "interview_invitation"
        ),
        pk=pk,
    )


def assessing_organisation_id(user: User, posting: Posting) -> int | None:
    """The organisation an interviewer writes for: the employer if they act for it,
    otherwise the participating organisation they act for."""
    if portal_permissions.can_act_for(user, posting.employer_id):
        return posting.employer_id
    acting = portal_permissions.acting_organisation_ids(user)
    for organisation_id in posting.interview_participants.values_list("organisation_id", flat=True):
        if organisation_id in acting:
            return organisation_id
    return None


def assessments_for(user: User) -> QuerySet[InterviewAssessment]:
    """Assessments written for the organisations the user acts for."""
    if not portal_permissions.has_staff_role(user):
        return InterviewAssessment.objects.none()
    return InterviewAssessment.objects.filter(
        organisation__in=portal_permissions.acting_organisations(user)
    )


# --- Candidate -----------------------------------------------------------------------------


def offers_for_applicant(user: User) -> QuerySet[Offer]:
    """The candidate's own offers that have been released to them."""
    return Offer.objects.filter(application__applicant=user, released_at__isnull=False)


def offer_for_applicant(user: User, pk: int) -> Offer:
    return get_object_or_404(
        offers_for_applicant(user).select_related(
            "choice__posting__employer", "choice__posting__municipality", "application__round"
        ),
        pk=pk,
    )


def invitation_for_applicant(user: User, pk: int) -> InterviewInvitation:
    return get_object_or_404(
        InterviewInvitation.objects.select_related(
            "choice__posting__employer", "choice__application"
        ).filter(choice__application__applicant=user),
        pk=pk,
    )


def booking_for_applicant(user: User, pk: int) -> InterviewBooking:
    return get_object_or_404(
        InterviewBooking.objects.select_related(
            "slot__posting__employer", "choice__application"
        ).filter(choice__application__applicant=user),
        pk=pk,
    )


# --- Coordinator ---------------------------------------------------------------------------


def round_for_coordinator(user: User, pk: int) -> ApplicationRound:
    return recruitment_permissions.round_for_coordinator(user, pk)


def wave_for_coordinator(user: User, pk: int) -> OfferWave:
    recruitment_permissions.require_coordinator(user)
    return get_object_or_404(OfferWave.objects.select_related("round"), pk=pk)
