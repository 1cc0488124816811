"""Survey e-mail: the invitation (immediate, written by ``services.invite``) and the
reminders (RM, FB): at most two, only to people who have not answered.

Who has answered is known only as "this invitation was used" (``Participation``), through
``selectors.non_responders``; nothing here reads, counts or depends on any answer. Each
reminder carries a fresh single-use link (``services.new_link``), which replaces the one
sent before. The link goes into the e-mail only: the stored copy of the message (the
inbox) has a placeholder instead, so the database keeps no usable token, as before.

The first reminder is due some days (3) after the invitation was sent, the second some
days (7) after; neither once the campaign has closed. People invited by e-mail alone have
no account: their reminder is keyed on the invitation and written to its address.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from feedback import selectors, services
from feedback.models import Campaign, Invitation, Participation
from portal import notifications
from portal.notifications import Due, Occasion


def open_campaigns(now: datetime):
    today = timezone.localdate(now)
    return Campaign.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("pk")


def _recipient_id(invitation: Invitation) -> int | None:
    user = invitation.user
    return user.pk if user is not None and user.is_active else None


def _not_answered_sent_between(now: datetime, newest_days: int, oldest_days: int | None):
    """Unused invitations of open campaigns whose link went out at least ``newest_days``
    and (if given) less than ``oldest_days`` ago."""
    for campaign in open_campaigns(now):
        invitations = (
            selectors.non_responders(campaign)
            .filter(link_sent_at__lte=now - timedelta(days=newest_days))
            .select_related("user")
        )
        if oldest_days is not None:
            invitations = invitations.filter(link_sent_at__gt=now - timedelta(days=oldest_days))
        yield from invitations


def find_first_reminders(now: datetime) -> Iterator[Due]:
    for invitation in _not_answered_sent_between(
        now, settings.REMINDER_SURVEY_FIRST_DAYS, settings.REMINDER_SURVEY_SECOND_DAYS
    ):
        yield Due(_recipient_id(invitation), invitation)


def find_second_reminders(now: datetime) -> Iterator[Due]:
    for invitation in _not_answered_sent_between(now, settings.REMINDER_SURVEY_SECOND_DAYS, None):
        yield Due(_recipient_id(invitation), invitation)


def still_not_answered(invitation: Invitation, user) -> bool:
    """Asked again just before sending: someone who answered in the meantime, or a
    campaign that closed, gets no reminder."""
    if Participation.objects.filter(invitation=invitation).exists():
        return False
    return not invitation.campaign.is_closed()


def address(invitation: Invitation) -> tuple[str, str]:
    return invitation.email, invitation.language


def survey_context(invitation: Invitation, user) -> dict:
    campaign = Campaign.objects.select_related("version__template").get(pk=invitation.campaign_id)
    return {
        "campaign": campaign,
        "template": campaign.version.template,
        "unit": invitation.unit,
        "k": campaign.k,
    }


def reminder_context(invitation: Invitation, user) -> dict:
    return {
        **survey_context(invitation, user),
        # Issued now, inside the sending transaction: if the e-mail fails, the old link
        # stays valid. Never stored in the readable copy (see secret_context).
        "survey_link": services.new_link(invitation),
    }


def no_link(invitation: Invitation, user) -> str:
    """The inbox gets no link: the only way into a survey is the personal link."""
    return ""


REASON = _(
    "You get this e-mail because you were invited to this survey and your link has not "
    "been used yet. You get at most two reminders, and none once you have answered."
)


def invitation_context(invitation: Invitation, user) -> dict:
    return {
        **survey_context(invitation, user),
        # Made now, inside the sending transaction (see services.invitation_link).
        "survey_link": services.invitation_link(invitation),
    }


def _register() -> None:
    # The invitation itself: written by ``services.invite`` in the coordinator's
    # transaction. It cannot be turned off – the link in it is the only way to answer –
    # but the reminders after it can. Nothing in the row ties it to an answer: it names
    # the invitation, which already names the person; the link is in the e-mail only.
    notifications.register(
        Occasion(
            key="survey_invitation",
            label=_("Surveys: the invitation with your personal link"),
            reason=_(
                "You get this e-mail because a survey coordinator invited you to this "
                "anonymous survey. You get at most two reminders, and none once you have "
                "answered."
            ),
            optional=False,
            still_due=still_not_answered,
            context=invitation_context,
            link=no_link,
            secret_context=("survey_link",),
            address=address,
        )
    )
    for key, days, find_due in (
        ("survey_reminder_first", settings.REMINDER_SURVEY_FIRST_DAYS, find_first_reminders),
        ("survey_reminder_second", settings.REMINDER_SURVEY_SECOND_DAYS, find_second_reminders),
    ):
        notifications.register(
            Occasion(
                key=key,
                label=format_lazy(
                    _("Surveys you have not answered: a reminder {days} days after the invitation"),
                    days=days,
                ),
                reason=REASON,
                find_due=find_due,
                still_due=still_not_answered,
                context=reminder_context,
                link=no_link,
                template="survey_reminder",
                secret_context=("survey_link",),
                address=address,
            )
        )


_register()
