"""Coupled-track data: tracks with municipalities, and candidates at each step."""

from django.utils import timezone

from careers.models import Track, TrackMunicipality
from careers.tracks import services
from recruitment.models import Application, Choice, ChoiceEvent, ChoiceStatus, SpecialtyInterest
from tests import factories
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    DocumentFactory,
)


def make_track(*, trust, postings=(), municipalities=(), published=True, **fields) -> Track:
    """A track as the coordinator's services leave it: covered postings, participations
    and a current consent text."""
    values = {
        "name": f"Koblet LIS1–ALIS {Track.objects.count() + 1}",
        "summary": "LIS1 på sykehuset, så ALIS i en av kommunene.",
        "description": "Et forutsigbart løp fra LIS1 til spesialist i allmennmedisin.",
        "coupled_places": 2,
        "status": Track.Status.PUBLISHED if published else Track.Status.DRAFT,
        **fields,
    }
    values.setdefault("slug", f"track-{Track.objects.count() + 1}")
    track = Track(hospital_trust=trust, **values)
    if published:
        track.published_at = timezone.now()
    track.save()
    track.postings.set(postings)
    for municipality in municipalities:
        TrackMunicipality.objects.create(
            track=track,
            municipality=municipality,
            salary_model="Fastlønn i ALIS-perioden, deretter næringsdrift.",
            supervision="Veileder fra første dag, supervisjon hver uke.",
        )
    services.ensure_consent_text(track)
    return track


def accept_offer(choice: Choice) -> Choice:
    """The state an accepted LIS1 offer leaves (recruitment's hiring guarantees it): the
    choice is accepted, with its event. Set directly: the offer workflow is not ours."""
    now = timezone.now()
    choice.status = ChoiceStatus.ACCEPTED
    choice.status_changed_at = now
    choice.save(update_fields=["status", "status_changed_at"])
    ChoiceEvent.objects.create(choice=choice, status=ChoiceStatus.ACCEPTED, at=now)
    return choice


def make_candidate(
    *,
    posting=None,
    round=None,
    preference="primary_care",
    accepted=True,
    track=None,
    consent=True,
    share_documents=False,
    with_document=False,
    local=0,
    **user_fields,
):
    """A LIS1 applicant with a submitted application ranking ``posting``; optionally the
    offer accepted, and consent to ``track`` given."""
    user = factories.UserFactory(**user_fields)
    flags = ["grew_up_in_region", "studied_in_region", "family_in_region", "worked_in_region"]
    profile = ApplicantProfileFactory(
        user=user,
        career_preference=preference,
        hpr_number="",
        **{flag: index < local for index, flag in enumerate(flags)},
    )
    SpecialtyInterest.objects.create(profile=profile, specialty="allmennmedisin")
    if posting is not None:
        application = ApplicationFactory(
            applicant=user,
            round=round,
            posting=None if round else posting,
            status=Application.Status.SUBMITTED,
            submitted_at=timezone.now(),
            motivation="Hemmelig motivasjon",
        )
        if with_document:
            application.documents.add(DocumentFactory(owner=user, title="min-cv.pdf"))
        choice = Choice.objects.create(
            application=application, posting=posting, rank=1, status=ChoiceStatus.SUBMITTED
        )
        if accepted:
            accept_offer(choice)
    if track is not None and consent:
        services.give_consent(user=user, track=track, share_documents=share_documents)
    return user
