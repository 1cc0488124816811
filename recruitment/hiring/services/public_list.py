"""The public applicant list (offentleglova § 25): exemptions decided, the list
published and taken down."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import audit, notifications
from portal.models import User
from recruitment.hiring import selectors
from recruitment.hiring.services.base import (
    check_manage,
    format_local,
)
from recruitment.models import (
    Choice,
    ExemptionDecision,
    ExemptionRequest,
    Posting,
    PublicApplicantList,
)

# --- Public applicant list (offentleglova § 25) --------------------------------------------


def _published(posting: Posting) -> bool:
    return PublicApplicantList.objects.filter(posting=posting, published_at__isnull=False).exists()


@transaction.atomic
def decide_exemption(
    *, user: User, choice: Choice, granted: bool, reason: str
) -> ExemptionDecision:
    """The employer decides an applicant's request to be left off its posting's list.
    The applicant is told (e-mail and their application page) before publication."""
    check_manage(user, choice.posting)
    if not ExemptionRequest.objects.filter(application_id=choice.application_id).exists():
        raise ValidationError(_("This applicant has not asked to be left off the list."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    Posting.objects.select_for_update().get(pk=choice.posting_id)
    if _published(choice.posting) and not granted:
        raise ValidationError(_("The list is published. Take it down before refusing a request."))
    decision, _created = ExemptionDecision.objects.update_or_create(
        choice=choice,
        defaults={
            "granted": granted,
            "reason": reason.strip(),
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    audit.record(
        actor=user,
        action=audit.Action.CHANGE,
        obj=decision,
        subject_user_id=choice.application.applicant_id,
        organisation_id=choice.posting.employer_id,
        detail="public list exemption " + ("granted" if granted else "refused"),
    )
    # A decision changed later is told again: one message per decision made.
    notifications.notify(
        "exemption_decided",
        decision,
        [choice.application.applicant],
        event=f"decided:{decision.decided_at.isoformat()}",
    )
    return decision


def publication_problems(posting: Posting, now: datetime | None = None) -> list[str]:
    """Why the public list cannot be published yet (empty when it can)."""
    now = now or timezone.now()
    problems = []
    closes = posting.application_deadline()
    if now < closes:
        problems.append(
            _("Applications are accepted until %(when)s; publish after that.")
            % {"when": format_local(closes)}
        )
    requests = selectors.exemption_requests(posting)
    undecided = [c for c in requests if getattr(c, "exemption_decision", None) is None]
    if undecided:
        problems.append(
            ngettext(
                "%(n)d request to be left off the list is not decided yet.",
                "%(n)d requests to be left off the list are not decided yet.",
                len(undecided),
            )
            % {"n": len(undecided)}
        )
    notice = timedelta(hours=settings.HIRING_EXEMPTION_NOTICE_HOURS)
    waiting = [
        c
        for c in requests
        if getattr(c, "exemption_decision", None) is not None
        and not c.exemption_decision.granted
        and c.exemption_decision.decided_at + notice > now
    ]
    if waiting:
        latest = max(c.exemption_decision.decided_at for c in waiting) + notice
        problems.append(
            _(
                "Applicants whose request was refused are told first and may withdraw: "
                "publish after %(when)s."
            )
            % {"when": format_local(latest)}
        )
    return problems


@transaction.atomic
def publish_public_list(*, user: User, posting: Posting) -> PublicApplicantList:
    check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    problems = publication_problems(posting)
    if problems:
        raise ValidationError(problems)
    public_list, _created = PublicApplicantList.objects.get_or_create(posting=posting)
    if public_list.published_at is None:
        public_list.published_at, public_list.published_by = timezone.now(), user
        public_list.save(update_fields=["published_at", "published_by"])
    return public_list


@transaction.atomic
def unpublish_public_list(*, user: User, posting: Posting) -> None:
    check_manage(user, posting)
    PublicApplicantList.objects.filter(posting=posting).update(published_at=None)
