"""E-mails from careers, each a subject / text / html triplet under templates/careers/emails/,
rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send(*, to, template: str, context: dict) -> None:
    """Send ``careers/emails/<template>`` to a user, in the user's own language."""
    with translation.override(getattr(to, "language", None) or settings.LANGUAGE_CODE):
        context = {**context, "recipient": to}
        subject = render_to_string(f"careers/emails/{template}_subject.txt", context)
        text = render_to_string(f"careers/emails/{template}.txt", context)
        html = render_to_string(f"careers/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[to.email])
    message.attach_alternative(html, "text/html")
    message.send()
