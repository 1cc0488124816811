"""What the surveys hold about a person (see portal/gdpr.py): only that they were invited,
and whether they used their link. Their answers are stored without any link to them (see
feedback/models.py), so they can be neither exported nor found to be erased – which is
the promise made to every respondent."""

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from feedback.models import Invitation, Participation
from portal import gdpr


def _invitations(user):
    return Invitation.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def _export(user) -> dict[str, Any]:
    invitations = (
        _invitations(user)
        .select_related("campaign", "unit")
        .annotate(answered=Exists(Participation.objects.filter(invitation=OuterRef("pk"))))
        .order_by("created_at", "pk")
    )
    return {
        "survey_invitations": [
            {
                "survey": invitation.campaign.title,
                "unit": invitation.unit.name,
                "email": invitation.email,
                "invited_at": invitation.created_at,
                "link_sent_at": invitation.link_sent_at,
                "answered": invitation.answered,
            }
            for invitation in invitations
        ],
        "survey_answers": str(
            _("Survey answers are anonymous: nothing links them to you, so none are here.")
        ),
    }


def _erase(user) -> None:
    answered = Exists(Participation.objects.filter(invitation=OuterRef("pk")))
    # Not answered: the invitation simply goes (and no reminder will follow).
    _invitations(user).filter(~answered).delete()
    # Answered: the campaign's participation count stays right, but without the person.
    for pk in _invitations(user).filter(answered).values_list("pk", flat=True):
        Invitation.objects.filter(pk=pk).update(
            email=f"erased-{pk}@{gdpr.ERASED_DOMAIN}", user=None, token_hash=None
        )


gdpr.register(
    gdpr.Provider(
        key="feedback",
        label=_("Survey invitations"),
        export=_export,
        models=("feedback.Invitation",),
        erase=_erase,
        erase_order=30,
    )
)
