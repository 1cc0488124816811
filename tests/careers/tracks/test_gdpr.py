"""The coupled tracks' part of a person's data rights: export, one-click withdrawal through
the privacy page's registry, and erasure."""

from datetime import timedelta

from django.utils import timezone

from careers.models import Invitation, Placement, TrackConsent
from careers.tracks import gdpr as track_gdpr
from careers.tracks import services
from portal import gdpr
from portal.models import AuditEvent


def placed(chief, track, municipality, candidate, posting):
    invitation = services.invite(
        user=chief,
        participation=track.participations.get(municipality=municipality),
        candidate_id=candidate.pk,
        kind="talk",
        message="Om vilkårene",
        times=[timezone.now() + timedelta(days=3)],
    )
    services.answer_invitation(
        user=candidate, invitation=invitation, answer="accept", time_id=invitation.times.get().pk
    )
    services.record_outcome(user=chief, invitation=invitation, outcome="accepted")
    return services.create_placement(
        user=chief,
        invitation=invitation,
        lis1_start=posting.start_date,
        alis_start=posting.start_date + timedelta(days=540),
    )


def test_the_export_holds_consents_invitations_and_placements(
    chief_a, track, municipality, candidate, covered_posting
):
    placed(chief_a, track, municipality, candidate, covered_posting)
    data = track_gdpr.export_track_data(candidate)
    (consent,) = data["consents"]
    assert consent["version"] == 1
    assert "Fjordby kommune" in consent["text"]
    assert consent["given_at"] is not None
    (invitation,) = data["invitations"]
    assert (invitation["municipality"], invitation["message"]) == (
        "Fjordby kommune",
        "Om vilkårene",
    )
    assert data["placements"][0]["lis1_post"] == covered_posting.title
    assert gdpr.export_data(candidate)["coupled_tracks"] == data


def test_the_consent_is_listed_and_withdrawn_through_the_registry(track, candidate, municipality):
    ((_provider, consent),) = [
        (p, c) for p, c in gdpr.consents(candidate) if p.key == "coupled_tracks"
    ]
    assert consent.key == "track-ostlegen"
    assert consent.version == "1"
    assert "Fjordby kommune" in consent.description
    assert gdpr.withdraw_consent(candidate, "coupled_tracks", "track-ostlegen") is True
    assert not TrackConsent.objects.filter(candidate=candidate, ended_at__isnull=True).exists()
    assert not gdpr.withdraw_consent(candidate, "coupled_tracks", "track-ostlegen")
    assert AuditEvent.objects.filter(detail="track consent withdrawn: v1").exists()


def test_erasure_removes_everything_of_the_person(
    chief_a, track, municipality, candidate, covered_posting
):
    placed(chief_a, track, municipality, candidate, covered_posting)
    track_gdpr.erase_track_data(candidate)
    assert not TrackConsent.objects.filter(candidate=candidate).exists()
    assert not Invitation.objects.filter(candidate=candidate).exists()
    assert not Placement.objects.filter(candidate=candidate).exists()
    assert AuditEvent.objects.filter(
        subject_user_id=candidate.pk, detail="track consent withdrawn: v1"
    ).exists()
