"""Letters to applicants: an employer's message templates and the letters sent from them.
Imported at the bottom of recruitment/models.py, so these models belong to the
``recruitment`` app.

- Every organisation starts with the portal's default templates (``defaults.py``: data in
  code, never rows); saving one makes the organisation's own copy, which it then edits.
- A ``Letter`` is one message to one applicant about one choice (their application for a
  posting), rendered once when it is sent and kept as sent: the applicant reads it under
  their application, and its e-mail is a notification whose object is the letter, so each
  letter is delivered exactly once.
- Letters sent together share a ``batch`` (the token of the preview they were sent from):
  the unique (batch, choice) makes a second submit of the same form write nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation


class LetterKind(models.TextChoices):
    REJECTED_SCREENING = "rejected_screening", _("Rejection after screening")
    REJECTED_INTERVIEW = "rejected_interview", _("Rejection after interview")
    POST_FILLED = "post_filled", _("The post is filled")
    INTERVIEW_INVITATION = "interview_invitation", _("Invitation to interview")
    FREE = "free", _("Free message")


class LetterTemplate(models.Model):
    """An organisation's own copy of the template for one kind of letter, in Bokmål and
    optionally English. Without one, the organisation uses the portal's default."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    kind = models.CharField(_("kind of letter"), max_length=32, choices=LetterKind.choices)
    subject_nb = models.CharField(_("subject (Bokmål)"), max_length=200)
    body_nb = models.TextField(_("text (Bokmål)"))
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["organisation", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                name="letter_template_one_per_kind",
                violation_error_message=_("The organisation already has this template."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values), name="letter_template_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(subject_nb="") & ~Q(body_nb=""),
                name="letter_template_has_bokmaal",
            ),
            # English is optional, but never half a letter.
            models.CheckConstraint(
                condition=Q(subject_en="", body_en="") | (~Q(subject_en="") & ~Q(body_en="")),
                name="letter_template_english_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_kind_display()}"


class Letter(models.Model):
    """One letter to one applicant about one choice, as it was sent."""

    choice = models.ForeignKey(
        "recruitment.Choice", on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(_("kind of letter"), max_length=32, choices=LetterKind.choices)
    batch = models.UUIDField(_("sent together as"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["choice", "sent_at"], name="letter_choice_sent")]
        constraints = [
            models.UniqueConstraint(fields=["batch", "choice"], name="letter_once_per_batch"),
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values), name="letter_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(subject="") & ~Q(body=""), name="letter_not_empty"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return self.choice.application.get_absolute_url() + f"#letter-{self.pk}"
