"""Receipts to the applicant, each a subject / text / html triplet under
templates/recruitment/email/, rendered in the applicant's own language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from recruitment.models import Application

RECEIPTS = {"submitted", "withdrawn", "choice_withdrawn"}


def send_receipt(application_id: int, kind: str, choice_id: int | None = None) -> None:
    """A confirmation with the ranked list, after submission or withdrawal."""
    if kind not in RECEIPTS:
        raise ValueError(f"Unknown receipt {kind!r}")
    application = (
        Application.objects.select_related("applicant", "round", "posting")
        .prefetch_related("choices__posting__employer")
        .get(pk=application_id)
    )
    user = application.applicant
    choices = sorted(application.choices.all(), key=lambda c: c.rank)
    language = user.language or settings.LANGUAGE_CODE
    context = {
        "recipient": user,
        "application": application,
        "active_choices": [c for c in choices if c.is_listed],
        "withdrawn_choice": next((c for c in choices if c.pk == choice_id), None),
        "url": settings.SITE_URL + reverse("recruitment:application_detail", args=[application.pk]),
    }
    with translation.override(language):
        subject = render_to_string(f"recruitment/email/{kind}_subject.txt", context)
        text = render_to_string(f"recruitment/email/{kind}.txt", context)
        html = render_to_string(f"recruitment/email/{kind}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    message.send()
