"""Writes for letters: an organisation's own templates, and sending letters.

Sending locks the posting's row first, so two submits of the same preview (a double
click, a second tab) run one after the other; the second finds the batch's letters
written and writes nothing. The unique (batch, choice) stays as the last guard. Each
letter is audited and handed to ``portal.notifications.notify`` in the same transaction:
the letter is the notification's object, so it is e-mailed once, and not at all if the
transaction rolls back.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit, notifications
from portal import permissions as portal_permissions
from portal.models import User
from recruitment.letters.defaults import TemplateText
from recruitment.letters.models import Letter, LetterKind, LetterTemplate
from recruitment.letters.render import render_letter, unknown_fields
from recruitment.models import Choice, Posting

OCCASION = "letter_to_applicant"


def check_fields(*texts: str) -> None:
    """ValidationError naming any merge field the portal does not know."""
    unknown = sorted({name for text in texts for name in unknown_fields(text)})
    if unknown:
        raise ValidationError(
            _("Unknown merge fields: %(fields)s.")
            % {"fields": ", ".join("{" + name + "}" for name in unknown)}
        )


@transaction.atomic
def save_template(*, user: User, organisation_id: int, kind: str, **texts: str) -> LetterTemplate:
    """Save the organisation's own copy of a template (made from the default the first
    time)."""
    if not portal_permissions.can_act_for(user, organisation_id):
        raise ValidationError(_("You do not act for this organisation."))
    if kind not in LetterKind.values:
        raise ValidationError(_("Unknown kind of letter."))
    check_fields(*texts.values())
    template, created = LetterTemplate.objects.update_or_create(
        organisation_id=organisation_id, kind=kind, defaults={**texts, "updated_by": user}
    )
    audit.record(
        actor=user,
        action=audit.Action.CREATE if created else audit.Action.CHANGE,
        obj=template,
        organisation_id=organisation_id,
        detail=f"letter template {kind}",
    )
    return template


@transaction.atomic
def use_default_template(*, user: User, organisation_id: int, kind: str) -> bool:
    """Drop the organisation's own copy: the default applies again."""
    if not portal_permissions.can_act_for(user, organisation_id):
        raise ValidationError(_("You do not act for this organisation."))
    template = LetterTemplate.objects.filter(organisation_id=organisation_id, kind=kind).first()
    if template is None:
        return False
    audit.record(
        actor=user,
        action=audit.Action.DELETE,
        obj=template,
        organisation_id=organisation_id,
        detail=f"letter template {kind}",
    )
    template.delete()
    return True


def free_template(subject: str, body: str) -> TemplateText:
    """A free message: the recruiter's own words, the same for every reader."""
    check_fields(subject, body)
    return TemplateText(kind=LetterKind.FREE, subject_nb=subject, body_nb=body, own=True)


@dataclass(frozen=True)
class Sent:
    written: list[Letter]
    already: int  # letters of this batch that an earlier submit wrote


def send_letters(
    *,
    user: User,
    posting: Posting,
    choices: list[Choice],
    template: TemplateText,
    batch: uuid.UUID,
    now: datetime | None = None,
) -> Sent:
    """Write one letter per chosen applicant (``permissions.chosen_for_employer``: the posting's own
    applicants) from ``template``, each rendered by ``render_letter`` as in the preview."""
    if not choices:
        raise ValidationError(_("Select at least one applicant."))
    if not portal_permissions.can_act_for(user, posting.employer_id):
        raise ValidationError(_("You do not act for this posting's employer."))
    if any(choice.posting_id != posting.pk for choice in choices):
        raise ValidationError(_("Letters go only to the posting's own applicants."))
    now = now or timezone.now()
    with transaction.atomic():
        # Serialises sending for the posting: a second submit waits, then finds the batch.
        Posting.objects.select_for_update().filter(pk=posting.pk).values_list("pk").get()
        done = set(Letter.objects.filter(batch=batch).values_list("choice_id", flat=True))
        due = [choice for choice in choices if choice.pk not in done]
        rows = []
        for choice in due:
            rendered = render_letter(template, choice)
            rows.append(
                Letter(
                    choice=choice,
                    kind=template.kind,
                    batch=batch,
                    language=rendered.language,
                    subject=rendered.subject,
                    body=rendered.body,
                    sent_by=user,
                    sent_at=now,
                )
            )
        written = Letter.objects.bulk_create(rows)
        for letter in written:
            applicant = letter.choice.application.applicant
            notifications.notify(OCCASION, letter, [applicant], now=now)
            audit.record(
                actor=user,
                action=audit.Action.CREATE,
                obj=letter,
                subject_user_id=applicant.pk,
                organisation_id=posting.employer_id,
                detail=f"letter {letter.kind}",
            )
    return Sent(written=written, already=len(choices) - len(due))
