"""Reads of coupled tracks. The pool rule itself lives in ``careers/tracks/pool.py`` (once),
where the permissions read it too; its names are re-exported here for the pages that list.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast

from careers.models import (
    ConsentText,
    Invitation,
    InvitationTime,
    Placement,
    Track,
    TrackConsent,
    TrackMunicipality,
)
from careers.tracks import permissions
from careers.tracks.pool import (  # noqa: F401 - the pool rule, read by the pages here
    INTERESTED,
    accepted_covered_choices,
    interested_candidates,
    pool_users,
)
from portal import permissions as portal_permissions
from portal.models import Organisation, User
from recruitment.models import (
    ApplicantProfile,
    Application,
    Choice,
    ChoiceStatus,
    Document,
    Posting,
)

# --- What a municipality sees of a pool candidate ------------------------------------------


@dataclass(frozen=True)
class SharedDocument:
    uuid: str
    kind: str
    title: str


@dataclass(frozen=True)
class PoolCandidate:
    """What a municipality may see of a candidate: the fields the consent text names and
    nothing else (no HPR number, motivation, ranking, other applications or notes)."""

    id: int
    name: str
    email: str
    phone: str
    university: str
    education_country: str
    graduation_date: date | None
    licence_status: str
    norwegian_level: str
    grew_up_in_region: bool
    studied_in_region: bool
    family_in_region: bool
    worked_in_region: bool
    local_connection_details: str
    local_connection: int  # how many of the four criteria are met; the scheme's priority
    clinical_experience: str
    interests: tuple[str, ...]
    preference: str
    lis1_posting: str
    lis1_employer: str
    lis1_start: date | None
    consent_version: int
    consent_given_at: datetime
    shares_documents: bool
    invitations: tuple[Invitation, ...] = ()
    documents: tuple[SharedDocument, ...] = field(default=())


POOL_SORTS = {
    "local": ("-local_connection", "full_name", "pk"),
    "name": ("full_name", "pk"),
    "graduation": ("applicant_profile__graduation_date", "full_name", "pk"),
    "lis1_start": ("lis1_start", "full_name", "pk"),
    "consent": ("-consent_given_at", "pk"),
}


def _local_connection_score() -> Combinable:
    profile = "applicant_profile__"
    parts = [
        Cast(f"{profile}{name}_in_region", IntegerField())
        for name in ("grew_up", "studied", "family", "worked")
    ]
    return parts[0] + parts[1] + parts[2] + parts[3]


def pool_queryset(
    participation: TrackMunicipality, *, sort: str = "local", local_only: bool = False
) -> QuerySet[User]:
    """The pool with everything the list shows, in a fixed number of queries."""
    track, municipality_id = participation.track, participation.municipality_id
    consent = TrackConsent.objects.filter(
        candidate=OuterRef("pk"), track=track, ended_at__isnull=True
    )
    accepted = (
        accepted_covered_choices(track.pk)
        .filter(application__applicant=OuterRef("pk"))
        .order_by("status_changed_at", "pk")
    )
    users = (
        pool_users(track, municipality_id)
        .select_related("applicant_profile")
        .annotate(
            local_connection=_local_connection_score(),
            consent_version=Subquery(consent.values("text__version")[:1]),
            consent_given_at=Subquery(consent.values("given_at")[:1]),
            shares_documents=Subquery(consent.values("share_documents")[:1]),
            lis1_posting=Subquery(accepted.values("posting__title")[:1]),
            lis1_employer=Subquery(accepted.values("posting__employer__name")[:1]),
            lis1_start=Subquery(accepted.values("posting__start_date")[:1]),
        )
        .prefetch_related(
            "applicant_profile__interests",
            Prefetch(
                "track_invitations",
                queryset=Invitation.objects.filter(track=track, municipality_id=municipality_id),
                to_attr="municipal_invitations",
            ),
        )
    )
    if local_only:
        users = users.filter(local_connection__gt=0)
    return users.order_by(*POOL_SORTS.get(sort, POOL_SORTS["local"]))


# A user from ``pool_queryset``, carrying the annotations the pool list shows.
PoolRow = Any


def as_pool_candidate(user: PoolRow, documents: Iterable[Document] = ()) -> PoolCandidate:
    profile = user.applicant_profile
    return PoolCandidate(
        id=user.pk,
        name=user.full_name or user.email,
        email=user.email,
        phone=profile.phone,
        university=profile.university,
        education_country=profile.education_country,
        graduation_date=profile.graduation_date,
        licence_status=profile.get_licence_status_display(),
        norwegian_level=profile.get_norwegian_level_display(),
        grew_up_in_region=profile.grew_up_in_region,
        studied_in_region=profile.studied_in_region,
        family_in_region=profile.family_in_region,
        worked_in_region=profile.worked_in_region,
        local_connection_details=profile.local_connection_details,
        local_connection=user.local_connection,
        clinical_experience=profile.clinical_experience,
        interests=tuple(str(interest) for interest in profile.interests.all()),
        preference=profile.get_career_preference_display(),
        lis1_posting=user.lis1_posting or "",
        lis1_employer=user.lis1_employer or "",
        lis1_start=user.lis1_start,
        consent_version=user.consent_version,
        consent_given_at=user.consent_given_at,
        shares_documents=bool(user.shares_documents),
        invitations=tuple(user.municipal_invitations),
        documents=tuple(
            SharedDocument(uuid=str(d.uuid), kind=d.get_kind_display(), title=d.title)
            for d in documents
        ),
    )


def pool_candidate(participation: TrackMunicipality, user: PoolRow) -> PoolCandidate:
    """One candidate of the pool (a row of ``pool_queryset``, found by
    ``permissions.pool_member_for_chief``), with documents only if they consented to share
    them."""
    documents = shared_documents(participation.track, user.pk) if user.shares_documents else ()
    return as_pool_candidate(user, documents)


def shared_documents(track: Track, candidate_id: int) -> QuerySet[Document]:
    """The documents attached to the candidate's LIS1 application(s) with an accepted offer
    on a covered posting – what the document consent names."""
    return (
        Document.objects.filter(
            owner_id=candidate_id,
            applications__applicant_id=candidate_id,
            applications__choices__status=ChoiceStatus.ACCEPTED,
            applications__choices__posting__coupled_tracks=track,
        )
        .distinct()
        .order_by("kind", "title", "pk")
    )


def documents_shared_with(user: User) -> QuerySet[Document]:
    """Documents a chief physician may download through a pool: the owner is in the pool
    of a track the physician's municipality takes part in, consented to share documents
    with that municipality, and attached the document to the accepted LIS1 application.
    Used by recruitment.permissions.document_for_reader."""
    municipalities = permissions.chief_physician_of(user)
    if not municipalities or not portal_permissions.has_mfa(user):
        return Document.objects.none()
    covered = ConsentText.municipalities.through.objects.filter(
        consenttext_id=OuterRef("text_id"),
        organisation_id__in=municipalities,
        organisation__track_participations__track_id=OuterRef("track_id"),
    )
    consents = TrackConsent.objects.filter(
        Exists(covered),
        ended_at__isnull=True,
        share_documents=True,
        candidate=OuterRef("owner"),
        candidate__applicant_profile__career_preference__in=INTERESTED,
        track__postings__choices__status=ChoiceStatus.ACCEPTED,
        track__postings__choices__application__applicant=OuterRef("owner"),
        track__postings__choices__application__documents=OuterRef("pk"),
    )
    return Document.objects.filter(Exists(consents))


# --- Staff pages ---------------------------------------------------------------------------


def tracks_for_staff(user: User) -> QuerySet[Track]:
    """Tracks on the staff list: the coordinator all, a chief physician those their
    municipality takes part in."""
    tracks = Track.objects.select_related("hospital_trust").prefetch_related(
        Prefetch(
            "participations",
            queryset=TrackMunicipality.objects.select_related("municipality"),
        )
    )
    if permissions.may_manage_tracks(user):
        return tracks.order_by("name", "pk")
    return tracks.filter(
        pk__in=TrackMunicipality.objects.filter(
            municipality_id__in=permissions.chief_physician_of(user)
        ).values("track_id")
    ).order_by("name", "pk")


def participations(track: Track) -> QuerySet[TrackMunicipality]:
    return track.participations.select_related("municipality").order_by("municipality__name")


def covered_postings(track: Track) -> QuerySet[Posting]:
    return (
        track.postings.select_related("employer", "municipality")
        .with_deadline()
        .order_by("application_deadline_at", "title")
    )


def rounds_of_track(track: Track) -> list[int]:
    """Ids of the rounds that hold a posting the track covers."""
    return list(
        Posting.objects.filter(coupled_tracks=track, round__isnull=False)
        .values_list("round_id", flat=True)
        .distinct()
    )


def consent_texts(track: Track) -> QuerySet[ConsentText]:
    return track.consent_texts.annotate(
        active_consents=Count("consents", filter=Q(consents__ended_at__isnull=True))
    ).order_by("-version")


def current_consent_texts(track_ids: Iterable[int]) -> dict[int, ConsentText]:
    """The newest consent text of each track, in one query."""
    latest: dict[int, ConsentText] = {}
    for text in ConsentText.objects.filter(track_id__in=list(track_ids)).order_by(
        "track_id", "-version"
    ):
        latest.setdefault(text.track_id, text)
    return latest


def municipality_invitations(
    user: User, track: Track | None = None, municipality_ids: Iterable[int] | None = None
) -> QuerySet[Invitation]:
    """The invitations of the user's municipalities (never another's), newest first, of
    candidates the municipality may still see (in the pool or placed there) – the same
    rule as ``municipality_may_see_candidate``, which guards each invitation's page."""
    mine = permissions.chief_physician_of(user)
    if municipality_ids is not None:
        mine = mine & frozenset(municipality_ids)
    invitations = Invitation.objects.filter(municipality_id__in=mine)
    if track is not None:
        invitations = invitations.filter(track=track)
    active_consent = TrackConsent.objects.filter(
        Exists(
            accepted_covered_choices(OuterRef(OuterRef("track"))).filter(
                application__applicant=OuterRef(OuterRef("candidate"))
            )
        ),
        candidate=OuterRef("candidate"),
        candidate__applicant_profile__career_preference__in=INTERESTED,
        track=OuterRef("track"),
        ended_at__isnull=True,
        text__municipalities=OuterRef("municipality"),
    )
    placed = Placement.objects.filter(
        candidate=OuterRef("candidate"),
        track=OuterRef("track"),
        municipality=OuterRef("municipality"),
    ).exclude(status=Placement.Status.ENDED)
    return (
        invitations.filter(Exists(active_consent) | Exists(placed))
        .select_related("track", "municipality", "candidate", "chosen_time")
        .prefetch_related("times")
        .order_by("-created_at", "-pk")
    )


def placements_for_staff(user: User, *, track: Track | None = None) -> QuerySet[Placement]:
    placements = permissions.placements_for_staff(user)
    if track is not None:
        placements = placements.filter(track=track)
    return placements.select_related(
        "track", "municipality", "candidate", "lis1_posting__employer"
    ).order_by("lis1_start", "pk")


def accepted_lis1_posting(track: Track, candidate_id: int) -> Posting | None:
    choice = (
        accepted_covered_choices(track.pk)
        .filter(application__applicant_id=candidate_id)
        .select_related("posting__employer")
        .order_by("status_changed_at", "pk")
        .first()
    )
    return choice.posting if choice else None


# --- Candidates ----------------------------------------------------------------------------


def tracks_for_postings(posting_ids: Iterable[int]) -> list[Track]:
    """Published tracks covering any of the postings (one query, participations included)."""
    posting_ids = list(posting_ids)
    if not posting_ids:
        return []
    return list(
        permissions.tracks_for_public().filter(
            pk__in=Track.postings.through.objects.filter(posting_id__in=posting_ids).values(
                "track_id"
            )
        )
    )


def tracks_for_application(application: Application) -> list[Track]:
    """Published tracks covering a posting of the application's round (or its posting)."""
    ids: Iterable[int]
    if application.round_id:
        ids = Posting.objects.filter(round_id=application.round_id).values_list("pk", flat=True)
    else:
        ids = [application.posting_id] if application.posting_id is not None else []
    return tracks_for_postings(ids)


def active_consents(user: User | AnonymousUser, tracks: Iterable[Track]) -> dict[int, TrackConsent]:
    if not user.is_authenticated:
        return {}
    consents = TrackConsent.objects.filter(
        candidate=user, track__in=list(tracks), ended_at__isnull=True
    ).select_related("text")
    return {consent.track_id: consent for consent in consents}


def has_track_path(user: User) -> bool:
    """Whether "Your path" is worth a place in the candidate's menu."""
    return (
        TrackConsent.objects.filter(candidate=user).exists()
        or Invitation.objects.filter(candidate=user).exists()
        or Placement.objects.filter(candidate=user).exists()
    )


@dataclass
class MyTrack:
    track: Track
    consent: TrackConsent | None  # the active one
    current_text: ConsentText | None
    history: list[TrackConsent]
    accepted_posting: object | None  # the covered LIS1 post the candidate accepted

    @property
    def consent_is_outdated(self) -> bool:
        return (
            self.consent is not None
            and self.current_text is not None
            and self.consent.text_id != self.current_text.pk
        )


def my_path(user: User) -> dict:
    """Everything "Your path" shows, in a fixed number of queries: per track the
    candidate's consent (with its history and the current text) and accepted LIS1 post,
    their invitations with times, and their placements."""
    consents = list(
        TrackConsent.objects.filter(candidate=user)
        .select_related("text", "track__hospital_trust")
        .order_by("-given_at", "-pk")
    )
    accepted: dict[int, Posting] = {}
    for choice in (
        Choice.objects.filter(
            application__applicant=user,
            status=ChoiceStatus.ACCEPTED,
            posting__coupled_tracks__status=Track.Status.PUBLISHED,
        )
        .annotate(covered_by=F("posting__coupled_tracks"))
        .select_related("posting__employer")
        .order_by("status_changed_at", "pk")
    ):
        accepted.setdefault(choice.covered_by, choice.posting)
    track_ids = {consent.track_id for consent in consents} | set(accepted)
    tracks = {
        track.pk: track
        for track in Track.objects.filter(pk__in=track_ids).select_related("hospital_trust")
    }
    latest = current_consent_texts(track_ids)
    rows = []
    for track in sorted(tracks.values(), key=lambda t: (t.name, t.pk)):
        history = [c for c in consents if c.track_id == track.pk]
        rows.append(
            MyTrack(
                track=track,
                consent=next((c for c in history if c.is_active), None),
                current_text=latest.get(track.pk),
                history=history,
                accepted_posting=accepted.get(track.pk),
            )
        )
    invitations = list(
        Invitation.objects.filter(candidate=user)
        .select_related("track", "municipality", "chosen_time")
        .prefetch_related(Prefetch("times", queryset=InvitationTime.objects.order_by("starts_at")))
        .order_by("-created_at", "-pk")
    )
    placements = list(
        Placement.objects.filter(candidate=user)
        .select_related("track", "municipality", "lis1_posting__employer")
        .order_by("lis1_start", "pk")
    )
    return {"tracks": rows, "invitations": invitations, "placements": placements}


# --- Figures for the dashboard --------------------------------------------------------------


@dataclass(frozen=True)
class FunnelRow:
    """A track's funnel at one municipality, in distinct candidates.

    ``interested`` (accepted a covered LIS1 offer and prefer primary care or are undecided)
    belongs to the track, so every municipality's row repeats it; ``consented`` is the
    municipality's pool size; ``invited``, ``interviewed`` (an outcome was recorded) and
    ``placed`` (a placement that has not ended) are the municipality's own."""

    track: Track
    municipality: Organisation
    interested: int
    consented: int
    invited: int
    interviewed: int
    placed: int


@dataclass(frozen=True)
class TrackTotals:
    """A track's funnel over its municipalities, in distinct candidates: a candidate
    invited by two municipalities counts once."""

    track: Track
    interested: int
    consented: int
    invited: int
    interviewed: int
    placed: int


def _accepted_in_round(round_id: int | None, *, candidate: str, track: str) -> Exists | None:
    if round_id is None:
        return None
    return Exists(
        accepted_covered_choices(OuterRef(track), round_id=round_id).filter(
            application__applicant=OuterRef(candidate)
        )
    )


def _funnel_counts(
    track_ids: list[int],
    municipality_ids: list[int] | None,
    round_id: int | None,
    *,
    by_municipality: bool,
) -> dict[str, dict]:
    """Five grouped queries; keys are track ids, or (track id, municipality id)."""

    def grouped(queryset: QuerySet[Any], track: str, municipality: str, candidate: str) -> dict:
        keys = [track, municipality] if by_municipality else [track]
        rows = queryset.values(*keys).annotate(n=Count(candidate, distinct=True)).order_by()
        return {
            (row[track], row[municipality]) if by_municipality else row[track]: row["n"]
            for row in rows
        }

    # Interested: a property of the track, not of a municipality.
    interested_choices = Choice.objects.filter(
        status=ChoiceStatus.ACCEPTED,
        posting__coupled_tracks__in=track_ids,
        application__applicant__applicant_profile__career_preference__in=INTERESTED,
    )
    if round_id is not None:
        interested_choices = interested_choices.filter(application__round_id=round_id)
    interested = dict(
        interested_choices.values("posting__coupled_tracks")
        .annotate(n=Count("application__applicant", distinct=True))
        .order_by()
        .values_list("posting__coupled_tracks", "n")
    )

    # Consented: the pool – active consent whose text names a participating municipality.
    participating = TrackMunicipality.objects.filter(
        track_id=OuterRef("track_id"), municipality_id=OuterRef("text__municipalities")
    )
    consents = TrackConsent.objects.filter(
        Exists(
            accepted_covered_choices(OuterRef("track_id"), round_id=round_id).filter(
                application__applicant=OuterRef("candidate_id")
            )
        ),
        Exists(participating),
        track_id__in=track_ids,
        ended_at__isnull=True,
        candidate__applicant_profile__career_preference__in=INTERESTED,
    )
    invitations = Invitation.objects.filter(track_id__in=track_ids).exclude(
        status=Invitation.Status.CANCELLED
    )
    placements = Placement.objects.filter(track_id__in=track_ids).exclude(
        status=Placement.Status.ENDED
    )
    if municipality_ids is not None:
        consents = consents.filter(text__municipalities__in=municipality_ids)
        invitations = invitations.filter(municipality_id__in=municipality_ids)
        placements = placements.filter(municipality_id__in=municipality_ids)
    in_round = _accepted_in_round(round_id, candidate="candidate_id", track="track_id")
    if in_round is not None:
        invitations = invitations.filter(in_round)
        placements = placements.filter(in_round)
    return {
        "interested": interested,
        "consented": grouped(consents, "track_id", "text__municipalities", "candidate_id"),
        "invited": grouped(invitations, "track_id", "municipality_id", "candidate_id"),
        "interviewed": grouped(
            invitations.exclude(outcome=""), "track_id", "municipality_id", "candidate_id"
        ),
        "placed": grouped(placements, "track_id", "municipality_id", "candidate_id"),
    }


def coupled_track_funnel(
    *,
    track_ids: Iterable[int] | None = None,
    municipality_ids: Iterable[int] | None = None,
    round_id: int | None = None,
) -> list[FunnelRow]:
    """The coupled-track funnel per track and participating municipality, in a fixed number
    of queries. ``round_id`` counts only candidates whose accepted LIS1 offer is in that
    round. Rows are ordered by track name, then municipality name; every participation has
    a row, also with zeros."""
    participations = TrackMunicipality.objects.select_related("track", "municipality").order_by(
        "track__name", "track_id", "municipality__name", "municipality_id"
    )
    if track_ids is not None:
        participations = participations.filter(track_id__in=list(track_ids))
    if municipality_ids is not None:
        municipality_ids = list(municipality_ids)
        participations = participations.filter(municipality_id__in=municipality_ids)
    rows = list(participations)
    if not rows:
        return []
    counts = _funnel_counts(
        sorted({row.track_id for row in rows}), municipality_ids, round_id, by_municipality=True
    )
    return [
        FunnelRow(
            track=row.track,
            municipality=row.municipality,
            interested=counts["interested"].get(row.track_id, 0),
            **{
                name: counts[name].get((row.track_id, row.municipality_id), 0)
                for name in ("consented", "invited", "interviewed", "placed")
            },
        )
        for row in rows
    ]


def coupled_track_totals(
    *,
    track_ids: Iterable[int] | None = None,
    municipality_ids: Iterable[int] | None = None,
    round_id: int | None = None,
) -> list[TrackTotals]:
    """The funnel per track over its municipalities (or over ``municipality_ids``),
    counting each candidate once per track. Ordered by track name."""
    matching = Track.objects.order_by("name", "pk")
    if track_ids is not None:
        matching = matching.filter(pk__in=list(track_ids))
    if municipality_ids is not None:
        municipality_ids = list(municipality_ids)
        matching = matching.filter(participations__municipality_id__in=municipality_ids).distinct()
    tracks = list(matching)
    if not tracks:
        return []
    counts = _funnel_counts(
        [track.pk for track in tracks], municipality_ids, round_id, by_municipality=False
    )
    return [
        TrackTotals(
            track=track,
            **{name: counts[name].get(track.pk, 0) for name in counts},
        )
        for track in tracks
    ]


def career_preference(user: User | AnonymousUser) -> str:
    """The candidate's stated career preference (``ApplicantProfile.career_preference``),
    or "" for a visitor or someone who has not said."""
    if not user.is_authenticated:
        return ""
    return (
        ApplicantProfile.objects.filter(user=user).values_list("career_preference", flat=True)
    ).first() or ""
