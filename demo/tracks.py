"""Demo data for coupled tracks (CT), written through careers.tracks.services.

``seed_tracks_demo`` sets up "Østfoldlegen", a track of Sykehuset Østfold HF with
Sarpsborg, Fredrikstad and Halden and their ALIS terms, covering the trust's LIS1 postings
advertised with the coupled option and last autumn's hospital posting: the coordinator's
work. ``seed_pool_demo`` runs after the hiring demo has filled that posting: the hires who
prefer primary care (or are undecided) consent in the candidate's panel, and Sarpsborg's
chief physician invites them – one invitation in each state, one of them all the way to a
placement. Data in ``demo/data/tracks.py``. Running either again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from careers.models import Invitation, Track, TrackConsent
from careers.tracks import selectors
from careers.tracks import services as track_services
from demo.data import tracks as data
from portal.models import Membership, Organisation, User
from recruitment.models import Posting, PostingKind

Answer = track_services.Answer
Outcome = Invitation.Outcome


@transaction.atomic
def seed_tracks_demo(coordinator: User | None, trust_slug: str) -> Track | None:
    """The demo track, as the coordinator sets it up; None without the demo region or a
    coordinator. A track that is there already keeps its text and municipalities; it only
    gains a covered posting it lacks (a demo seeded before it covered last autumn's)."""
    trust = Organisation.objects.filter(
        slug=trust_slug, kind=Organisation.Kind.HOSPITAL_TRUST
    ).first()
    if trust is None or coordinator is None:
        return None
    postings = list(
        Posting.objects.filter(
            Q(employer=trust) | Q(employer__parent=trust), kind=PostingKind.LIS1
        ).filter(Q(title__icontains=data.COVERED_TITLE_WORD) | Q(title=data.COVERED_PREVIOUS_TITLE))
    )
    existing = Track.objects.filter(slug=data.SLUG).first()
    if existing is not None:
        covered = set(existing.postings.values_list("pk", flat=True))
        if not {p.pk for p in postings} <= covered:
            missing = [p for p in postings if p.pk not in covered]
            track_services.save_track(
                user=coordinator,
                track=existing,
                postings=[*existing.postings.all(), *missing],
            )
        return existing
    track = track_services.save_track(
        user=coordinator,
        track=Track(
            slug=data.SLUG,
            name=data.NAME,
            hospital_trust=trust,
            summary=data.SUMMARY,
            description=data.DESCRIPTION,
            coupled_places=data.COUPLED_PLACES,
            status=Track.Status.PUBLISHED,
        ),
        postings=postings,
    )
    for slug, terms in data.TERMS.items():
        municipality = Organisation.objects.filter(
            slug=slug, kind=Organisation.Kind.MUNICIPALITY
        ).first()
        if municipality is None:
            continue
        participation = track_services.add_municipality(
            user=coordinator, track=track, municipality=municipality
        )
        for name, value in terms.items():
            setattr(participation, name, value)
        track_services.save_terms(user=coordinator, participation=participation)
    return track


def _chief_physicians(track: Track):
    """(chief physician, participation) for each participating municipality with one."""
    for participation in track.participations.select_related("municipality").order_by("pk"):
        membership = (
            Membership.objects.filter(
                organisation=participation.municipality, role=Membership.Role.CHIEF_PHYSICIAN
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is not None:
            yield membership.user, participation


def _hires(track: Track) -> list[User]:
    """Those who accepted a LIS1 offer on a posting the track covers, first hired first."""
    ids = dict.fromkeys(
        selectors.accepted_covered_choices(track.pk)
        .order_by("status_changed_at", "pk")
        .values_list("application__applicant_id", flat=True)
    )
    users = User.objects.in_bulk(list(ids))
    return [users[pk] for pk in ids]


def _at_ten(now: datetime, days: int) -> datetime:
    day = timezone.localdate(now) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


@transaction.atomic
def seed_pool_demo(track: Track | None, now: datetime) -> int:
    """Consents from the track's hires, then the first chief physician's invitations (data
    ``SCENES``). Returns how many invitations were sent; none when the municipality has
    invited anyone before."""
    if track is None:
        return 0
    chief, participation = next(_chief_physicians(track), (None, None))
    hires = _hires(track)
    for candidate, (preference, share_documents) in zip(hires, data.POOL_ANSWERS, strict=False):
        if not TrackConsent.objects.filter(candidate=candidate, track=track).exists():
            track_services.save_answers(
                user=candidate,
                track=track,
                preference=preference,
                consent=True,
                share_documents=share_documents,
            )
    if (
        chief is None
        or Invitation.objects.filter(track=track, municipality=participation.municipality).exists()
    ):
        return 0
    pool = list(selectors.pool_users(track, participation.municipality_id))
    pool.sort(key=lambda user: hires.index(user) if user in hires else len(hires))
    sent = 0
    for scene, candidate in zip(data.SCENES, pool, strict=False):
        _play(scene, chief, participation, candidate, now)
        sent += 1
    return sent


def _play(scene: data.Scene, chief: User, participation, candidate: User, now) -> Invitation:
    invitation = track_services.invite(
        user=chief,
        participation=participation,
        candidate_id=candidate.pk,
        kind=scene.kind,
        message=scene.message,
        times=[_at_ten(now, days) for days in scene.days_ahead],
        place=data.MEETING_PLACE,
    )
    if scene.ends in ("accepted", "placed"):
        first = invitation.times.order_by("starts_at").first()
        invitation = track_services.answer_invitation(
            user=candidate,
            invitation=invitation,
            answer=Answer.ACCEPT,
            time_id=first.pk,
            message=scene.answer,
        )
    elif scene.ends == "proposed":
        invitation = track_services.answer_invitation(
            user=candidate,
            invitation=invitation,
            answer=Answer.PROPOSE,
            proposed_time=_at_ten(now, data.PROPOSED_DAYS_AHEAD),
            message=scene.answer,
        )
    elif scene.ends == "declined":
        invitation = track_services.answer_invitation(
            user=candidate, invitation=invitation, answer=Answer.DECLINE, message=scene.answer
        )
    elif scene.ends == "cancelled":
        invitation = track_services.cancel_invitation(user=chief, invitation=invitation)
    elif scene.ends == "withdrawn":
        consent = TrackConsent.objects.get(
            candidate=candidate, track=participation.track, ended_at__isnull=True
        )
        track_services.withdraw_consent(user=candidate, consent=consent)
        invitation.refresh_from_db()
    if scene.ends == "placed":
        for outcome in (Outcome.INTERVIEWED, Outcome.OFFERED, Outcome.ACCEPTED):
            invitation = track_services.record_outcome(
                user=chief, invitation=invitation, outcome=outcome
            )
        posting = selectors.accepted_lis1_posting(participation.track, candidate.pk)
        lis1_start = posting.start_date if posting and posting.start_date else now.date()
        track_services.create_placement(
            user=chief,
            invitation=invitation,
            lis1_start=lis1_start,
            municipal_lis1_start=_add_months(lis1_start, data.MUNICIPAL_LIS1_AFTER_MONTHS),
            municipal_lis1_end=_add_months(lis1_start, data.LIS1_MONTHS),
            alis_start=_add_months(lis1_start, data.LIS1_MONTHS),
        )
    return invitation
