"""The calendar entry of an agreed coupled-track meeting (interview, visit or talk).

One UID per invitation. Agreed: REQUEST, sequence 0. Cancelled or ended after a time was
agreed: CANCEL, sequence 1, so the entry the first e-mail made is removed. An invitation
has no length; the entry lasts ``MEETING_LENGTH``.
"""

from datetime import timedelta

from django.utils.translation import gettext as _

from careers.models import Invitation
from portal import calendar

MEETING_LENGTH = timedelta(hours=1)


def entry(invitation: Invitation) -> calendar.Entry:
    starts_at = invitation.chosen_time.starts_at
    cancelled = invitation.status != Invitation.Status.ACCEPTED
    summary = f"{invitation.get_kind_display()}: {invitation.municipality.name}"
    return calendar.Entry(
        uid=f"track-invitation-{invitation.pk}",
        summary=summary,
        starts_at=starts_at,
        ends_at=starts_at + MEETING_LENGTH,
        location=invitation.place,
        lines=[invitation.track.name, f"{_('Message')}: {invitation.message}"],
        sequence=1 if cancelled else 0,
        cancelled=cancelled,
    )


def invitation_attachment(invitation: Invitation, *, attendee: str | None):
    return calendar.attachment(
        entry(invitation), f"legeportalen-meeting-{invitation.pk}.ics", attendee=attendee
    )
