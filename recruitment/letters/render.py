"""Turning a template into one applicant's letter. The preview and the sending call the
same ``render_letter``, so what a recruiter checked is what the applicant gets.

Merge fields are written in braces, ``{name}``; the text is plain text, never a Django
template, so a template cannot reach anything but these values.
"""

import re
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from recruitment.letters.defaults import TemplateText
from recruitment.models import Choice

FIELD = re.compile(r"\{([a-z_]+)\}")

FIELDS = {
    "name": _("the applicant's name"),
    "posting": _("the posting's title"),
    "employer": _("the employer"),
    "round": _("the application round (empty outside a round)"),
    "interview_time": _("the booked interview time"),
    "contact_person": _("the posting's contact person"),
}


@dataclass(frozen=True)
class RenderedLetter:
    language: str
    subject: str
    body: str


def unknown_fields(text: str) -> list[str]:
    return sorted({name for name in FIELD.findall(text) if name not in FIELDS})


def merge(text: str, values: dict[str, str]) -> str:
    return FIELD.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def _contact(choice: Choice) -> str:
    contact = next(iter(choice.posting.contacts.all()), None)
    if contact is None:
        return choice.posting.employer.name
    return ", ".join(part for part in (contact.name, contact.phone, contact.email) if part)


def _interview_time(choice: Choice, language: str) -> str:
    bookings = getattr(choice, "active_bookings", None)
    if bookings is None:
        bookings = list(
            choice.interview_bookings.filter(cancelled_at__isnull=True)
            .select_related("slot")
            .order_by("slot__starts_at")
        )
    if not bookings:
        with translation.override(language):
            return str(_("not booked yet"))
    with translation.override(language):
        return date_format(timezone.localtime(bookings[0].slot.starts_at), "DATETIME_FORMAT")


def merge_values(choice: Choice, language: str) -> dict[str, str]:
    applicant = choice.application.applicant
    posting = choice.posting
    return {
        "name": applicant.full_name or applicant.email,
        "posting": posting.title,
        "employer": posting.employer.name,
        "round": posting.round.name if posting.round_id else "",
        "interview_time": _interview_time(choice, language),
        "contact_person": _contact(choice),
    }


def render_letter(template: TemplateText, choice: Choice) -> RenderedLetter:
    """The letter for this choice's applicant, in their language when the template has it."""
    wanted = choice.application.applicant.language or "nb"
    language, subject, body = template.in_language(wanted)
    values = merge_values(choice, language)
    subject = " ".join(merge(subject, values).split())  # one line, as an e-mail subject
    return RenderedLetter(language=language, subject=subject[:300], body=merge(body, values))
