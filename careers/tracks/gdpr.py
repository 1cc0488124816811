"""What coupled tracks hold about a person (see portal/gdpr.py): their consents (with the
text they agreed to), the municipalities' invitations and their placements.

``export_track_data`` and ``erase_track_data`` are the hook; the provider below registers
them, with the consents as one-click withdrawable consents."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from careers.models import Invitation, Placement, TrackConsent
from careers.tracks import services
from portal import gdpr


def export_track_data(user) -> dict[str, Any]:
    consents = TrackConsent.objects.filter(candidate=user).select_related("track", "text")
    invitations = (
        Invitation.objects.filter(candidate=user)
        .select_related("track", "municipality", "chosen_time")
        .prefetch_related("times")
    )
    placements = Placement.objects.filter(candidate=user).select_related(
        "track", "municipality", "lis1_posting"
    )
    return {
        "consents": [
            {
                "track": consent.track.name,
                "version": consent.text.version,
                "text": consent.text.body_nb,
                "text_en": consent.text.body_en,
                "documents_shared": consent.share_documents,
                "documents_text": consent.text.documents_nb if consent.share_documents else "",
                "given_at": consent.given_at,
                "ended_at": consent.ended_at,
                "end_reason": consent.end_reason,
            }
            for consent in consents.order_by("given_at", "pk")
        ],
        "invitations": [
            {
                "track": invitation.track.name,
                "municipality": invitation.municipality.name,
                "kind": invitation.kind,
                "message": invitation.message,
                "place": invitation.place,
                "proposed_times": [time.starts_at for time in invitation.times.all()],
                "status": invitation.status,
                "agreed_time": invitation.chosen_time.starts_at if invitation.chosen_time else None,
                "your_proposed_time": invitation.proposed_time,
                "your_message": invitation.candidate_message,
                "answered_at": invitation.answered_at,
                "outcome": invitation.outcome,
                "sent_at": invitation.created_at,
            }
            for invitation in invitations.order_by("created_at", "pk")
        ],
        "placements": [
            {
                "track": placement.track.name,
                "municipality": placement.municipality.name,
                "lis1_post": placement.lis1_posting.title if placement.lis1_posting else None,
                "lis1_start": placement.lis1_start,
                "municipal_lis1_start": placement.municipal_lis1_start,
                "municipal_lis1_end": placement.municipal_lis1_end,
                "alis_start": placement.alis_start,
                "status": placement.status,
            }
            for placement in placements.order_by("lis1_start", "pk")
        ],
    }


@transaction.atomic
def erase_track_data(user) -> None:
    """Withdraw every active consent (recorded in the audit trail), then delete the
    person's invitations, placements and consent records."""
    for consent in TrackConsent.objects.filter(candidate=user, ended_at__isnull=True):
        services.withdraw_consent(user=user, consent=consent)
    Invitation.objects.filter(candidate=user).delete()
    Placement.objects.filter(candidate=user).delete()
    TrackConsent.objects.filter(candidate=user).delete()


def _key(consent: TrackConsent) -> str:
    return f"track-{consent.track.slug}"


def track_consents(user):
    for consent in TrackConsent.objects.filter(
        candidate=user, ended_at__isnull=True
    ).select_related("track", "text"):
        yield gdpr.Consent(
            key=_key(consent),
            label=str(
                _("Share my profile with the municipalities in “%(track)s”")
                % {"track": consent.track.name}
            )
            + (str(_(", with my documents")) if consent.share_documents else ""),
            given_at=consent.given_at,
            version=str(consent.text.version),
            description=consent.text.body,
        )


def withdraw_track_consent(user, key: str) -> bool:
    for consent in TrackConsent.objects.filter(
        candidate=user, ended_at__isnull=True
    ).select_related("track"):
        if _key(consent) == key:
            services.withdraw_consent(user=user, consent=consent)
            return True
    return False


gdpr.register(
    gdpr.Provider(
        key="coupled_tracks",
        label=_("Coupled LIS1 and ALIS tracks"),
        export=export_track_data,
        models=("careers.TrackConsent", "careers.Invitation", "careers.Placement"),
        erase=erase_track_data,
        consents=track_consents,
        withdraw_consent=withdraw_track_consent,
        erase_order=30,
    )
)
