"""Value types of recruitment that need no model: the kinds of posting and the reason codes
a choice or an offer carries. The models (``recruitment.models``, ``recruitment.hiring.models``)
and the dashboard read them from here, so none of them has to import another models module
for a list of codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingKind(models.TextChoices):
    """The stages of a doctor's path, in the order people walk it."""

    SUMMER_JOB = "summer_job", _("Summer job (sommervikar)")
    OBSERVERSHIP = "observership", _("Observership (hospitering)")
    LIS0 = "lis0", _("Student with limited licence (LIS0)")
    LIS1 = "lis1", _("LIS1")
    LIS2_3 = "lis2_3", _("LIS2/LIS3 (hospital specialty)")
    ALIS = "alis", _("ALIS (general practice in training)")
    CONSULTANT = "consultant", _("Consultant (overlege)")
    COMBINED = "combined", _("Combined post (kombinasjonsstilling)")
    OTHER = "other", _("Other")


class StatusReason(models.TextChoices):
    """Why the portal itself changed a choice or an offer (the candidate accepted another
    post, an offer went unanswered …). Stored as a code on the event, never as prose, and
    worded for each reader when shown (recruitment/wording.py). The labels are the neutral
    wording the coordinator reads."""

    ACCEPTED_OTHER_POST = "accepted_other_post", _("Accepted another post")
    ACCEPTED_HIGHER_CHOICE = "accepted_higher_choice", _("Accepted a higher-ranked post")
    UPGRADED = "upgraded", _("Accepted automatically (upgrade)")
    APPLICATION_WITHDRAWN = "application_withdrawn", _("Application withdrawn by the applicant")
    CHANGED_BEFORE_WAVE = "changed_before_wave", _("Application changed before the wave")
    NOT_ANSWERED = "not_answered", _("Not answered by the deadline")
    OFFER_WITHDRAWN = "offer_withdrawn", _("Offer withdrawn by the employer")
    ACCEPTANCE_CANCELLED = "acceptance_cancelled", _("Acceptance cancelled by the employer")
    REMOVED_FROM_RESERVE = "removed_from_reserve", _("Taken off the reserve list")


def reason_code_field():
    # db_default: rows written with COPY (demo/scale.py) or by older code need no value.
    return models.CharField(
        _("reason"),
        max_length=32,
        choices=StatusReason.choices,
        blank=True,
        default="",
        db_default="",
    )
