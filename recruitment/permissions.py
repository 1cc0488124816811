"""Who may see and change what in the application portal (AP). Views call these; templates
only hide buttons.

Rules:
- an applicant sees only their own profile, documents and applications;
- an employer (staff acting for the posting's organisation, see portal.permissions) sees
  a candidate only through a *submitted* choice that ranks one of its own postings, and of
  that application only its own choices: never the candidate's other choices, and never
  a rank unless the round shares rank with employers;
- an employer downloads only the documents attached to an application it may see;
- a municipality's chief physician downloads a document only when its owner is in a
  coupled-track pool of the municipality and consented to share documents (the rule is
  careers.tracks.selectors.documents_shared_with);
- notes are read and written by those acting for the note's organisation only;
- the recruitment coordinator runs rounds and sees every submitted application.
Anyone else gets 404, so the existence of an application or document is not revealed.
- a posting is managed by staff acting for its employer (and the coordinator); anyone
  sees a published or closed posting's public page, nobody a draft's.

The ``*_for_<persona>`` functions return the one object a persona may see, or raise 404;
recruitment.selectors only read.
"""

from datetime import datetime
from uuid import UUID

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from portal import permissions as portal_permissions
from portal.models import User
from recruitment import hooks, selectors
from recruitment.models import (
    ApplicantProfile,
    Application,
    ApplicationRound,
    Choice,
    ChoiceQuerySet,
    Document,
    EmployerNote,
    JobAlert,
    Posting,
)

# --- Applicant ---------------------------------------------------------------------------


APPLIES_KEY = "recruitment:applies:{pk}"


def applies(user: User | AnonymousUser) -> bool:
    """Whether the person is someone who applies, and so sees the applicant's menu (my
    applications, profile, path, start): everyone signed in without a staff role, and staff
    who keep an applicant profile or an application of their own (a doctor who also
    recruits). Staff who only recruit get no menu for applying.

    No query for those without a staff role; for staff the answer is worked out when they
    sign in and cached, and forgotten when their profile or an application of theirs is
    saved or deleted (``forget_applies``), so staff pages keep their query counts."""
    if not user.is_authenticated:
        return False
    if not portal_permissions.has_staff_role(user):
        return True
    cached = getattr(user, "_recruitment_applies", None)
    if cached is None:
        key = APPLIES_KEY.format(pk=user.pk)
        cached = cache.get(key)
        if cached is None:
            cached = (
                get_user_model()
                .objects.filter(pk=user.pk)
                .filter(Q(applicant_profile__isnull=False) | Q(applications__isnull=False))
                .exists()
            )
            cache.set(key, cached, 24 * 3600)
        user._recruitment_applies = cached
    return cached


def remember_applies(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    """Worked out when the person signs in, so that no page of theirs pays for it."""
    cache.delete(APPLIES_KEY.format(pk=user.pk))
    user.__dict__.pop("_recruitment_applies", None)
    applies(user)


def forget_applies(
    sender: object, instance: ApplicantProfile | Application, **kwargs: object
) -> None:
    """A profile or an application saved or deleted: ask ``applies`` again."""
    user_id = getattr(instance, "user_id", None) or getattr(instance, "applicant_id", None)
    cache.delete(APPLIES_KEY.format(pk=user_id))


def application_for_applicant(user: User, pk: int) -> Application:
    """The applicant's own application, or 404."""
    return get_object_or_404(
        Application.objects.select_related("round", "posting__employer"), pk=pk, applicant=user
    )


def choice_of_application(application: Application, choice_pk: int) -> Choice:
    """A choice of an application the caller already got through
    ``application_for_applicant``; 404 for a choice of another application."""
    return get_object_or_404(application.choices.select_related("posting"), pk=choice_pk)


def document_for_owner(user: User, uuid: UUID) -> Document:
    return get_object_or_404(Document, uuid=uuid, owner=user)


def document_for_reader(user: User, uuid: UUID) -> Document:
    """A document the user may download: their own, or one shared with them through a
    coupled-track pool (only with the owner's document consent); 404 otherwise."""
    document = Document.objects.filter(uuid=uuid, owner=user).first()
    if document is not None:
        return document
    return get_object_or_404(hooks.documents_shared_with.ask(user), uuid=uuid)


# --- Employer ----------------------------------------------------------------------------


def employer_choices(user: User) -> ChoiceQuerySet:
    """Submitted choices for postings of the organisations the user acts for."""
    if not portal_permissions.has_staff_role(user):
        return Choice.objects.none()
    choices = Choice.objects.submitted()
    if portal_permissions.is_coordinator(user):
        return choices
    return choices.filter(posting__employer__in=portal_permissions.acting_organisations(user))


def application_for_staff(user: User, pk: int) -> Application:
    """An application the user may open as an employer (or coordinator), or 404."""
    visible = employer_choices(user).filter(application=OuterRef("pk"))
    return get_object_or_404(
        Application.objects.select_related(
            "round", "posting", "applicant__applicant_profile"
        ).filter(Exists(visible)),
        pk=pk,
    )


def visible_choices(user: User, application: Application) -> QuerySet[Choice]:
    """Of an application, the choices this staff user may see: the coordinator sees the
    whole ranked list, an employer only the choices for its own postings."""
    choices = employer_choices(user).filter(application=application)
    if sees_whole_application(user):
        return choices.order_by("rank")
    # Ordered by title, not rank: the order of an employer's own postings would leak rank.
    return choices.order_by("posting__title", "pk")


def sees_whole_application(user: User) -> bool:
    return portal_permissions.is_coordinator(user)


def can_see_rank(user: User, round: ApplicationRound | None) -> bool:
    if round is None:
        return False  # a direct application has one choice; its "rank" means nothing
    return round.share_rank_with_employers or portal_permissions.is_coordinator(user)


def choice_for_staff(user: User, pk: int) -> Choice:
    return get_object_or_404(
        employer_choices(user).select_related("posting", "application__round"), pk=pk
    )


def may_change_status(user: User, choice: Choice) -> bool:
    return portal_permissions.can_act_for(user, choice.posting.employer_id) and choice.is_active


def document_for_staff(user: User, application: Application, uuid: UUID) -> Document:
    """A document attached to an application the user may see (checked by the caller
    through ``application_for_staff``); any other document is 404."""
    return get_object_or_404(application.documents.all(), uuid=uuid)


def notes_for(user: User) -> QuerySet[EmployerNote]:
    """Notes written for the organisations the user acts for."""
    if not portal_permissions.has_staff_role(user):
        return EmployerNote.objects.none()
    return EmployerNote.objects.filter(
        Q(organisation__in=portal_permissions.acting_organisations(user))
    )


# --- Coordinator -------------------------------------------------------------------------


def require_coordinator(user: User) -> None:
    if not portal_permissions.is_coordinator(user):
        raise Http404


def round_for_public(pk: int) -> ApplicationRound:
    """Any round: its page is open to everyone; an unknown one is 404."""
    return get_object_or_404(ApplicationRound, pk=pk)


def posting_of_round(round: ApplicationRound, posting_pk: int) -> Posting:
    """A posting of a round the caller already got through ``round_for_coordinator``;
    404 for a posting outside it."""
    return get_object_or_404(round.postings, pk=posting_pk)


def round_for_coordinator(user: User, pk: int) -> ApplicationRound:
    require_coordinator(user)
    return get_object_or_404(ApplicationRound, pk=pk)


# --- Postings ------------------------------------------------------------------------------


def posting_for_public(slug: str, now: datetime) -> Posting:
    """A posting's public page: published or closed postings answer; drafts do not."""
    return get_object_or_404(
        Posting.objects.publicly_visible()
        .with_related()
        .with_state(now)
        .prefetch_related("contacts"),
        slug=slug,
    )


def publicly_visible_posting(pk: int) -> Posting:
    """A published or closed posting by id, as anyone may see it; a draft is 404."""
    return get_object_or_404(Posting.objects.publicly_visible(), pk=pk)


def published_posting(pk: int) -> Posting:
    """A published posting, the only kind an applicant may add to an application."""
    return get_object_or_404(Posting.objects.published(), pk=pk)


def require_own_alert(user: User, pk: int) -> None:
    """404 unless the job alert is the user's own."""
    if not JobAlert.objects.filter(pk=pk, user=user).exists():
        raise Http404


def posting_for_staff(user: User, pk: int) -> Posting:
    """404 for anyone who may not manage the posting."""
    return get_object_or_404(selectors.postings_for_staff(user).prefetch_related("contacts"), pk=pk)
