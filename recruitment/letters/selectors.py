"""Reads for letters. Who may write to whom is the applicant list's rule
(recruitment.permissions.employer_choices): only the posting's own applicants that the
user may see (the 404 for any other is recruitment.letters.permissions)."""

import hashlib
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from portal.models import User
from recruitment import permissions
from recruitment.letters.defaults import DEFAULTS, TemplateText
from recruitment.letters.models import Letter, LetterKind, LetterTemplate
from recruitment.models import (
    Application,
    Choice,
    ChoiceQuerySet,
    InterviewBooking,
    Offer,
    Posting,
)


def _as_text(row: LetterTemplate) -> TemplateText:
    return TemplateText(
        kind=row.kind,
        subject_nb=row.subject_nb,
        body_nb=row.body_nb,
        subject_en=row.subject_en,
        body_en=row.body_en,
        own=True,
    )


def templates_for(organisation_id: int) -> dict[str, TemplateText]:
    """Every kind of letter as the organisation writes it: its own copy, else the
    default. One query."""
    own = {
        row.kind: _as_text(row)
        for row in LetterTemplate.objects.filter(organisation_id=organisation_id)
    }
    return {kind: own.get(kind, DEFAULTS[kind]) for kind in LetterKind.values}


def template_for(organisation_id: int, kind: str) -> TemplateText:
    row = LetterTemplate.objects.filter(organisation_id=organisation_id, kind=kind).first()
    return _as_text(row) if row is not None else DEFAULTS[kind]


def own_template(organisation_id: int, kind: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(organisation_id=organisation_id, kind=kind).first()


def version(template: TemplateText) -> str:
    """A digest of the template's words: a preview carries it, and sending refuses a
    template that changed since the preview was shown."""
    words = "\x00".join(
        (template.subject_nb, template.body_nb, template.subject_en, template.body_en)
    )
    return hashlib.sha256(words.encode()).hexdigest()[:32]


def letter_choices(user: User, posting: Posting) -> ChoiceQuerySet:
    """The posting's applicants the user may write to: those on its applicant list that
    are still applying (not withdrawn), with ``has_live_offer`` annotated."""
    live = Offer.objects.filter(choice=OuterRef("pk"), status__in=Offer.Status.live())
    return (
        permissions.employer_choices(user)
        .filter(posting=posting)
        .active()
        .annotate(has_live_offer=Exists(live))
        .select_related("application__applicant")
        .order_by("application__applicant__full_name", "pk")
    )


def not_offered(choices: ChoiceQuerySet) -> ChoiceQuerySet:
    """Of these, the applicants who hold no offer (prepared, open or accepted): whom a
    rejection or "the post is filled" is for."""
    # has_live_offer is letter_choices' annotation, which the declared type does not carry.
    return choices.filter(has_live_offer=False)  # type: ignore[misc]


def round_is_over(posting: Posting, now: datetime | None = None) -> bool:
    """Applications can no longer come in: the posting is closed, or its deadline (the
    round's, for a posting in a round) has passed."""
    if posting.status == Posting.Status.CLOSED:
        return True
    deadline = posting.application_deadline()
    return deadline is not None and deadline <= (now or timezone.now())


def selected(user: User, posting: Posting, ids: list[int]) -> list[Choice]:
    """The chosen applicants with what their letters show, in list order; ids not on the
    posting's applicant list for the user are left out (the views call
    ``recruitment.letters.permissions.chosen_for_employer``, which answers 404 for them).
    Those who have withdrawn since they were chosen are left out too (they get no letter,
    and the preview shows none)."""
    wanted = set(ids)
    choices: list[Choice] = list(
        letter_choices(user, posting)
        .filter(pk__in=wanted)
        .prefetch_related(
            Prefetch(
                "interview_bookings",
                queryset=InterviewBooking.objects.filter(cancelled_at__isnull=True)
                .select_related("slot")
                .order_by("slot__starts_at"),
                to_attr="active_bookings",
            )
        )
    )
    for choice in choices:
        choice.posting = posting  # its contacts are loaded with it (permissions.posting_for_staff)
    return choices


def letters_for_application(user: User, application: Application) -> list[Letter]:
    """The letters the applicant received about their application, newest first."""
    return list(
        Letter.objects.filter(
            choice__application=application, choice__application__applicant=user
        ).select_related("choice__posting__employer")
    )


def template_initial(
    organisation_id: int, kind: str, own: LetterTemplate | None
) -> dict[str, str] | None:
    """What the template form starts from when the organisation has no copy of its own:
    the texts that apply now."""
    if own is not None:
        return None
    current = template_for(organisation_id, kind)
    return {
        "subject_nb": current.subject_nb,
        "body_nb": current.body_nb,
        "subject_en": current.subject_en,
        "body_en": current.body_en,
    }
