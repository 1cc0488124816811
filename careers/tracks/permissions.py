"""Who may see what of a coupled track. Views and selectors call these; templates only
hide buttons.

- The recruitment coordinator sets up tracks, sees every track's figures and every
  placement, but not the individual candidates in a pool.
- A municipality's chief physician (*kommuneoverlege*) sees the pool of a track that their
  municipality takes part in, their own municipality's invitations and placements, and
  edits their municipality's terms. Anything else – another municipality's invitations, a
  track their municipality is not part of, a candidate who is not (or no longer) in the
  pool – is 404.
- A candidate sees their own consents, invitations and placements only.
- Anyone sees a published track; a draft or closed one is 404.

The ``*_for_<persona>`` functions return the one object a persona may see, or raise 404;
careers.tracks.selectors only read.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from careers.models import Invitation, Placement, Track, TrackConsent, TrackMunicipality
from careers.tracks import pool
from portal import permissions as portal_permissions
from portal.models import Membership, User


def chief_physician_of(user: User) -> frozenset[int]:
    """Ids of the municipalities the user is chief physician of, loaded once per request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_careers_chief_of", None)
    if cached is None:
        cached = frozenset(
            user.memberships.filter(
                role=Membership.Role.CHIEF_PHYSICIAN,
                organisation__kind="municipality",
            ).values_list("organisation_id", flat=True)
        )
        user._careers_chief_of = cached
    return cached


def may_manage_tracks(user: User) -> bool:
    """Create and change tracks and their municipalities: the coordinator only."""
    return portal_permissions.is_coordinator(user)


def may_use_tracks(user: User) -> bool:
    """Reach the staff pages of coupled tracks at all."""
    return may_manage_tracks(user) or bool(chief_physician_of(user))


def require_track_staff(user: User) -> None:
    if not may_use_tracks(user):
        raise Http404


def track_for_staff(user: User, pk: int) -> Track:
    """A track as staff see it: the coordinator any, a chief physician one their
    municipality takes part in; 404 otherwise."""
    tracks = Track.objects.select_related("hospital_trust")
    if may_manage_tracks(user):
        return get_object_or_404(tracks, pk=pk)
    municipalities = chief_physician_of(user)
    if not municipalities:
        raise Http404
    return get_object_or_404(
        tracks.filter(
            pk__in=TrackMunicipality.objects.filter(municipality_id__in=municipalities).values(
                "track_id"
            )
        ),
        pk=pk,
    )


def participation_for_chief(user: User, track_pk: int, municipality_pk: int) -> TrackMunicipality:
    """The pool's gate: the user is chief physician of the municipality and the municipality
    takes part in the track. 404 otherwise – also for the coordinator, who sees figures,
    not candidates."""
    if municipality_pk not in chief_physician_of(user):
        raise Http404
    return get_object_or_404(
        TrackMunicipality.objects.select_related("track__hospital_trust", "municipality"),
        track_id=track_pk,
        municipality_id=municipality_pk,
    )


def participation_for_terms(user: User, track_pk: int, municipality_pk: int) -> TrackMunicipality:
    """The terms of a municipality are edited by its chief physician or the coordinator."""
    if not may_manage_tracks(user) and municipality_pk not in chief_physician_of(user):
        raise Http404
    return get_object_or_404(
        TrackMunicipality.objects.select_related("track", "municipality"),
        track_id=track_pk,
        municipality_id=municipality_pk,
    )


def municipality_may_see_candidate(track: Track, municipality_id: int, candidate_id: int) -> bool:
    """In the pool, or placed there (an agreed post rests on a contract, not on consent)."""
    if pool.pool_users(track, municipality_id).filter(pk=candidate_id).exists():
        return True
    return (
        Placement.objects.filter(
            track=track, municipality_id=municipality_id, candidate_id=candidate_id
        )
        .exclude(status=Placement.Status.ENDED)
        .exists()
    )


def invitation_for_municipality(user: User, pk: int) -> Invitation:
    """An invitation as its municipality sees it: only the chief physicians of the inviting
    municipality, and only while the candidate is in that municipality's pool or has a
    placement there (a withdrawn consent hides the person)."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("track", "municipality", "candidate", "chosen_time"),
        pk=pk,
        municipality_id__in=chief_physician_of(user),
    )
    if not municipality_may_see_candidate(
        invitation.track, invitation.municipality_id, invitation.candidate_id
    ):
        raise Http404
    return invitation


def invitation_for_candidate(user: User, pk: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("track", "municipality"), pk=pk, candidate=user
    )


def consent_for_candidate(user: User, pk: int) -> TrackConsent:
    return get_object_or_404(TrackConsent.objects.select_related("track"), pk=pk, candidate=user)


def placements_for_staff(user: User) -> QuerySet[Placement]:
    """Placements the user may see: the coordinator all, a chief physician their own
    municipalities'."""
    if may_manage_tracks(user):
        return Placement.objects.all()
    return Placement.objects.filter(municipality_id__in=chief_physician_of(user))


def placement_for_staff(user: User, pk: int) -> Placement:
    return get_object_or_404(
        placements_for_staff(user).select_related("track", "municipality", "candidate"), pk=pk
    )


def tracks_for_public() -> QuerySet[Track]:
    """Published tracks, the only ones anyone outside the staff sees."""
    return (
        Track.objects.filter(status=Track.Status.PUBLISHED)
        .select_related("hospital_trust")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=TrackMunicipality.objects.select_related("municipality"),
            )
        )
        .order_by("name", "pk")
    )


def track_for_public(slug: str) -> Track:
    return get_object_or_404(tracks_for_public(), slug=slug)


def pool_member_for_chief(pool: QuerySet[User], candidate_id: int) -> User:
    """One candidate of a pool the chief physician may see (``selectors.pool_queryset`` of
    a participation from ``participation_for_chief``); 404 for anyone not (or no longer)
    in it."""
    return get_object_or_404(pool, pk=candidate_id)


def require_track_manager(user: User) -> None:
    """404 for anyone but the coordinator, who alone sets up tracks."""
    if not may_manage_tracks(user):
        raise Http404


def track_for_manager(user: User, pk: int) -> Track:
    """Any track, for the coordinator only; 404 for everyone else."""
    require_track_manager(user)
    return get_object_or_404(Track, pk=pk)
