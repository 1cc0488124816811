"""What a choice's or an offer's status, and the reason the portal changed it, say to
whoever reads them. One home for these texts: every page, export and e-mail asks here.

Three readers, three voices:
- the **candidate** reads about herself, in the second person and plainly ("You accepted
  another post", "Not selected this time");
- the **employer** reads precisely about "the candidate" ("The candidate accepted another
  post", "Declined the offer");
- the **coordinator** reads neutral names, the same for every employer: the models' own
  labels (``ChoiceStatus``, ``Offer.Status``, ``StatusReason``), which the admin shows too.

The portal stores a *code* for a reason it generated (``StatusReason`` on ``ChoiceEvent``,
``OfferEvent`` and ``Offer``), never prose: prose would be frozen in the language and the
voice of whoever caused the change. Texts are looked up when shown, in the reader's
language. Words a person typed (an employer's reason for withdrawing an offer) are kept as
written and shown as theirs.
"""

from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from recruitment.models import ChoiceStatus, Offer, StatusReason


class Audience(StrEnum):
    CANDIDATE = "candidate"
    EMPLOYER = "employer"
    COORDINATOR = "coordinator"


OfferStatus = Offer.Status

# --- A choice's status (one posting on a candidate's ranked list) ---------------------------

CHOICE_STATUS: dict[Audience, dict[str, Promise]] = {
    Audience.CANDIDATE: {
        ChoiceStatus.DRAFT: _("Not sent yet"),
        ChoiceStatus.SUBMITTED: _("Sent to the employer"),
        ChoiceStatus.UNDER_REVIEW: _("Being reviewed"),
        ChoiceStatus.SHORTLISTED: _("You are on the shortlist"),
        ChoiceStatus.INTERVIEW: _("Invited to interview"),
        ChoiceStatus.OFFERED: _("You have an offer"),
        ChoiceStatus.ACCEPTED: _("You accepted the offer"),
        # Also when the offer expired or was declined for her: no "you declined" here.
        ChoiceStatus.DECLINED: _("Offer not accepted"),
        ChoiceStatus.REJECTED: _("Not selected this time"),
        ChoiceStatus.RESERVE: _("You are on the reserve list"),
        ChoiceStatus.WITHDRAWN: _("Withdrawn"),
    },
    Audience.EMPLOYER: {
        ChoiceStatus.DRAFT: _("Not sent yet"),
        ChoiceStatus.SUBMITTED: _("Submitted"),
        ChoiceStatus.UNDER_REVIEW: _("Under review"),
        ChoiceStatus.SHORTLISTED: _("Shortlisted"),
        ChoiceStatus.INTERVIEW: _("Invited to interview"),
        ChoiceStatus.OFFERED: _("Offered a post"),
        ChoiceStatus.ACCEPTED: _("Accepted the offer"),
        ChoiceStatus.DECLINED: _("Did not accept the offer"),
        ChoiceStatus.REJECTED: _("Not selected"),
        ChoiceStatus.RESERVE: _("On the reserve list"),
        ChoiceStatus.WITHDRAWN: _("Withdrawn"),
    },
    Audience.COORDINATOR: {status: status.label for status in ChoiceStatus},
}

# --- An offer's status ----------------------------------------------------------------------

OFFER_STATUS: dict[Audience, dict[str, Promise]] = {
    Audience.CANDIDATE: {
        # Never shown: a prepared offer stays invisible to the candidate until its wave.
        OfferStatus.PREPARED: _("Not sent to you yet"),
        OfferStatus.OPEN: _("Waiting for your answer"),
        OfferStatus.ACCEPTED: _("You accepted"),
        OfferStatus.DECLINED: _("You declined"),
        OfferStatus.EXPIRED: _("Expired: you did not answer in time"),
        OfferStatus.WITHDRAWN: _("Withdrawn by the employer"),
        OfferStatus.RELEASED: _("Given up for a post you ranked higher"),
        OfferStatus.CANCELLED: _("Cancelled after you accepted"),
    },
    Audience.EMPLOYER: {
        OfferStatus.PREPARED: _("Prepared for a wave"),
        OfferStatus.OPEN: _("Waiting for the candidate's answer"),
        OfferStatus.ACCEPTED: _("Accepted by the candidate"),
        OfferStatus.DECLINED: _("Declined by the candidate"),
        OfferStatus.EXPIRED: _("Expired without an answer"),
        OfferStatus.WITHDRAWN: _("Withdrawn"),
        OfferStatus.RELEASED: _("Given up: the candidate moved to a higher choice"),
        OfferStatus.CANCELLED: _("Cancelled after the candidate accepted"),
    },
    Audience.COORDINATOR: {status: status.label for status in OfferStatus},
}

# --- Why the portal changed a status by itself ---------------------------------------------

REASON: dict[Audience, dict[str, Promise]] = {
    Audience.CANDIDATE: {
        StatusReason.ACCEPTED_OTHER_POST: _("You accepted another post."),
        StatusReason.ACCEPTED_HIGHER_CHOICE: _("You accepted a post you ranked higher."),
        StatusReason.UPGRADED: _(
            "Accepted for you automatically: you had accepted a lower choice with upgrade."
        ),
        StatusReason.APPLICATION_WITHDRAWN: _("You withdrew your application."),
        StatusReason.CHANGED_BEFORE_WAVE: _("Your application changed before the offer wave."),
        StatusReason.NOT_ANSWERED: _("You did not answer by the deadline."),
        StatusReason.OFFER_WITHDRAWN: _("The employer withdrew its offer."),
        StatusReason.ACCEPTANCE_CANCELLED: _(
            "The employer has recorded that you will not start in the post."
        ),
        StatusReason.REMOVED_FROM_RESERVE: _("You are no longer on the reserve list."),
    },
    Audience.EMPLOYER: {
        StatusReason.ACCEPTED_OTHER_POST: _("The candidate accepted another post."),
        StatusReason.ACCEPTED_HIGHER_CHOICE: _("The candidate accepted a post they ranked higher."),
        StatusReason.UPGRADED: _(
            "Accepted automatically: the candidate had accepted a lower choice with upgrade."
        ),
        StatusReason.APPLICATION_WITHDRAWN: _("The candidate withdrew the application."),
        StatusReason.CHANGED_BEFORE_WAVE: _(
            "The candidate's application changed before the wave, so the offer was not sent."
        ),
        StatusReason.NOT_ANSWERED: _("The candidate did not answer by the deadline."),
        StatusReason.OFFER_WITHDRAWN: _("The offer to the candidate was withdrawn."),
        StatusReason.ACCEPTANCE_CANCELLED: _(
            "The acceptance was cancelled: the candidate will not start."
        ),
        StatusReason.REMOVED_FROM_RESERVE: _("The candidate was taken off the reserve list."),
    },
    Audience.COORDINATOR: {reason: reason.label for reason in StatusReason},
}


def choice_status(status: str, audience: str) -> str:
    """The label of a choice's status for ``audience`` (the raw value if unknown)."""
    return str(CHOICE_STATUS[Audience(audience)].get(status, status))


def offer_status(status: str, audience: str) -> str:
    return str(OFFER_STATUS[Audience(audience)].get(status, status))


def reason(code: str, audience: str) -> str:
    """Why the portal changed the status, for ``audience``; empty when a person did."""
    if not code:
        return ""
    return str(REASON[Audience(audience)].get(code, ""))


def choice_status_choices(statuses, audience: str) -> list[tuple[str, Promise]]:
    """Form choices (value, lazy label) for these statuses, in the reader's words."""
    labels = CHOICE_STATUS[Audience(audience)]
    return [(status, labels[status]) for status in statuses]


def staff_audience(user) -> Audience:
    """Who reads a staff page: the coordinator (who oversees every employer) reads the
    neutral texts; staff of an employer read the employer's."""
    if portal_permissions.is_coordinator(user):
        return Audience.COORDINATOR
    return Audience.EMPLOYER
