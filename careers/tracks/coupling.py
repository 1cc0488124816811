"""The coupling limit of coupled tracks, its one home (DESIGN.md CT: "up to about half of
the LIS1 posts may be coupled").

The rule: in each application round, the LIS1 places that tracks couple of one hospital
trust are at most ``TRACK_COUPLING_LIMIT_PERCENT`` (default 50) per cent of that trust's
LIS1 posts in the round, rounded down::

    allowed = posts × percent // 100        (7 posts at 50 % → 3)

In this data model:

- **A trust** is an ``Organisation`` of kind ``hospital_trust`` (a *helseforetak*). A
  posting is the trust's when its employer is the trust itself or one of its hospitals,
  an organisation whose ``parent`` is the trust (``trust_of``). A municipality's own LIS1
  posting, or one of a hospital with no trust above it, is no trust's and counts for none.
  The same rule decides which postings a track of the trust may cover.
- **The trust's LIS1 posts in a round** are the sum of ``number_of_posts`` over its LIS1
  postings in the round, whatever their status: a post that was filled and closed was still
  one of the round's posts. Postings outside every round are not limited.
- **What a track couples in a round** is ``min(coupled_places, the LIS1 posts it covers
  in the round)``: it cannot couple a post it does not cover, and a track that spans two
  rounds may place all its places in either, so each round counts them up to what the track
  covers there.

Every write that changes these figures goes through ``limit_kept``: saving a track
(careers.tracks.services.save_track), adding postings to a round or removing one
(recruitment.applications.services) and saving a posting (its number of posts, kind or
employer; recruitment.services.save_posting). A change is refused when it leaves one of the
trust's rounds over the limit and further over than before, so figures that were over the
limit before the rule existed (or were changed in the Django admin) can be lowered step by
step; the coordinator's track list shows them until then (``couplings`` →
``Coupling.over_limit``).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careers.models import Track
from portal.models import Organisation
from recruitment.models import Posting, PostingKind

TRUST = Organisation.Kind.HOSPITAL_TRUST


def limit_percent() -> int:
    return settings.TRACK_COUPLING_LIMIT_PERCENT


def trust_of(employer: Organisation) -> Organisation | None:
    """The hospital trust a posting of ``employer`` belongs to, or None."""
    if employer.kind == TRUST:
        return employer
    parent = employer.parent
    return parent if parent is not None and parent.kind == TRUST else None


def _lis1_round_postings() -> QuerySet[Posting]:
    """The LIS1 postings of the rounds: the one place this rule reads round membership."""
    return Posting.objects.filter(kind=PostingKind.LIS1, round__isnull=False)


@dataclass(frozen=True)
class TrackShare:
    track_id: int
    name: str
    places: int  # what the track couples in the round


@dataclass(frozen=True)
class Coupling:
    """One trust's LIS1 posts in one round, and what its tracks couple of them."""

    round_id: int
    round_name: str
    trust_id: int
    trust_name: str
    lis1_posts: int
    percent: int
    tracks: tuple[TrackShare, ...]

    @property
    def key(self) -> tuple[int, int]:
        return self.round_id, self.trust_id

    @property
    def allowed(self) -> int:
        return self.lis1_posts * self.percent // 100

    @property
    def coupled(self) -> int:
        return sum(share.places for share in self.tracks)

    @property
    def excess(self) -> int:
        return self.coupled - self.allowed

    @property
    def over_limit(self) -> bool:
        return self.excess > 0

    def share_of(self, track_id: int) -> int:
        return sum(share.places for share in self.tracks if share.track_id == track_id)

    def others(self, track_id: int) -> int:
        """What the trust's other tracks couple in the round."""
        return self.coupled - self.share_of(track_id)

    def room_for(self, track_id: int) -> int:
        """The most the track may couple in the round (0 or less: none)."""
        return self.allowed - self.others(track_id)


def couplings(
    *, trust_ids: Iterable[int] | None = None, round_ids: Iterable[int] | None = None
) -> list[Coupling]:
    """Per round and trust with LIS1 posts in it: the posts and what each track couples.
    Newest round first, then by trust name. Three queries, whatever the data size."""
    postings = _lis1_round_postings()
    if round_ids is not None:
        postings = postings.filter(round_id__in=list(round_ids))
    if trust_ids is not None:
        trust_ids = list(trust_ids)
        # A first cut by id; trust_of below decides, by kind.
        postings = postings.filter(
            Q(employer_id__in=trust_ids) | Q(employer__parent_id__in=trust_ids)
        )
    posts = list(
        postings.values("round_id", "round__name", "round__opens_at", "employer_id")
        .annotate(posts=Sum("number_of_posts"))
        .order_by()
    )
    covered = list(
        postings.filter(coupled_tracks__isnull=False)
        .values(
            "round_id",
            "employer_id",
            track_id=F("coupled_tracks"),
            track_name=F("coupled_tracks__name"),
            places=F("coupled_tracks__coupled_places"),
        )
        .annotate(posts=Sum("number_of_posts"))
        .order_by()
    )
    employers = Organisation.objects.select_related("parent").in_bulk(
        {row["employer_id"] for row in posts}
    )
    trusts = {pk: trust_of(employer) for pk, employer in employers.items()}
    names = {trust.pk: trust.name for trust in trusts.values() if trust is not None}

    totals: dict[tuple[int, int], int] = defaultdict(int)
    rounds = {}
    for row in posts:
        trust = trusts[row["employer_id"]]
        if trust is None or (trust_ids is not None and trust.pk not in trust_ids):
            continue
        totals[row["round_id"], trust.pk] += row["posts"]
        rounds[row["round_id"]] = (row["round__name"], row["round__opens_at"])
    by_track: dict[tuple[int, int], dict[int, list]] = defaultdict(dict)
    for row in covered:
        trust = trusts.get(row["employer_id"])
        key = (row["round_id"], trust.pk if trust else None)
        if key not in totals:
            continue
        share = by_track[key].setdefault(row["track_id"], [row["track_name"], row["places"], 0])
        share[2] += row["posts"]

    percent = limit_percent()
    found = [
        Coupling(
            round_id=round_id,
            round_name=rounds[round_id][0],
            trust_id=trust_id,
            trust_name=names[trust_id],
            lis1_posts=lis1_posts,
            percent=percent,
            tracks=tuple(
                TrackShare(track_id=track_id, name=name, places=min(places, covered_posts))
                for track_id, (name, places, covered_posts) in sorted(
                    by_track[round_id, trust_id].items(), key=lambda item: (item[1][0], item[0])
                )
            ),
        )
        for (round_id, trust_id), lis1_posts in totals.items()
    ]
    found.sort(key=lambda c: (-rounds[c.round_id][1].timestamp(), c.round_name, c.trust_name))
    return found


def over_limit(round_ids: Iterable[int] | None = None) -> list[Coupling]:
    return [c for c in couplings(round_ids=round_ids) if c.over_limit]


# --- Keeping the limit -----------------------------------------------------------------------


def _trusts_touched(track: Track | None, postings: Iterable[Posting]) -> list[int]:
    """The trusts whose figures a change of the track or the postings may move: the
    track's trust before and after; the trust of each posting's employer before and after."""
    trust_ids = set()
    if track is not None:
        trust_ids.add(track.hospital_trust_id)
        if track.pk is not None:
            trust_ids.update(
                Track.objects.filter(pk=track.pk).values_list("hospital_trust_id", flat=True)
            )
    saved = [posting for posting in postings if posting.pk is not None]  # a new one is in no round
    if saved:
        employer_ids = {posting.employer_id for posting in saved}
        employer_ids.update(
            Posting.objects.filter(pk__in=[p.pk for p in saved]).values_list(
                "employer_id", flat=True
            )
        )
        for employer in Organisation.objects.select_related("parent").filter(pk__in=employer_ids):
            trust = trust_of(employer)
            if trust is not None:
                trust_ids.add(trust.pk)
    return sorted(trust_ids)


@contextmanager
def limit_kept(*, track: Track | None = None, postings: Iterable[Posting] = ()) -> Iterator[None]:
    """Run the block that changes ``track`` or ``postings`` (inside the caller's
    transaction), then raise ValidationError if it left a round of a trust it touches over
    the limit and further over than before. The caller's transaction rolls the change back.

    The trusts' rows are locked (in id order) before the figures are read, so two changes
    for one trust, in two tabs or by two people, are checked one after the other."""
    trust_ids = _trusts_touched(track, postings)
    if not trust_ids:
        yield
        return
    list(Organisation.objects.select_for_update().filter(pk__in=trust_ids).order_by("pk"))
    before = {c.key: c.excess for c in couplings(trust_ids=trust_ids)}
    yield
    worse = [
        c
        for c in couplings(trust_ids=trust_ids)
        if c.over_limit and (c.key not in before or c.excess > before[c.key])
    ]
    if not worse:
        return
    if track is not None and any(c.share_of(track.pk) for c in worse):
        raise ValidationError(
            {"coupled_places": [track_message(c, track.pk) for c in worse if c.share_of(track.pk)]}
        )
    raise ValidationError([round_message(c) for c in worse])


def _posts_sentence(coupling: Coupling) -> str:
    return ngettext(
        "%(trust)s has %(posts)d LIS1 post in “%(round)s”; at most %(allowed)d may be "
        "coupled (%(percent)d%%).",
        "%(trust)s has %(posts)d LIS1 posts in “%(round)s”; at most %(allowed)d may be "
        "coupled (%(percent)d%%).",
        coupling.lis1_posts,
    ) % {
        "trust": coupling.trust_name,
        "posts": coupling.lis1_posts,
        "round": coupling.round_name,
        "allowed": coupling.allowed,
        "percent": coupling.percent,
    }


def track_message(coupling: Coupling, track_id: int) -> str:
    """Why the track's coupled places are refused, for the coordinator's track form."""
    others, room = coupling.others(track_id), coupling.room_for(track_id)
    if room <= 0:
        if others:
            limit = _(
                "Other tracks already couple %(others)d, so this track cannot cover postings "
                "of this round."
            ) % {"others": others}
        else:
            limit = _("This track therefore cannot cover postings of this round.")
    elif others:
        limit = ngettext(
            "Other tracks already couple %(others)d, so this track can have at most "
            "%(room)d place.",
            "Other tracks already couple %(others)d, so this track can have at most "
            "%(room)d places.",
            room,
        ) % {"others": others, "room": room}
    else:
        limit = ngettext(
            "This track can have at most %(room)d place.",
            "This track can have at most %(room)d places.",
            room,
        ) % {"room": room}
    return f"{_posts_sentence(coupling)} {limit}"


def round_message(coupling: Coupling) -> str:
    """Why a change to a round's postings is refused (removing, adding, fewer posts)."""
    return ngettext(
        "%(trust)s would then have %(posts)d LIS1 post in “%(round)s”; at most %(allowed)d "
        "may be coupled (%(percent)d%%), but its tracks couple %(coupled)d (%(tracks)s). "
        "Lower their coupled places first.",
        "%(trust)s would then have %(posts)d LIS1 posts in “%(round)s”; at most %(allowed)d "
        "may be coupled (%(percent)d%%), but its tracks couple %(coupled)d (%(tracks)s). "
        "Lower their coupled places first.",
        coupling.lis1_posts,
    ) % {
        "trust": coupling.trust_name,
        "posts": coupling.lis1_posts,
        "round": coupling.round_name,
        "allowed": coupling.allowed,
        "percent": coupling.percent,
        "coupled": coupling.coupled,
        "tracks": ", ".join(share.name for share in coupling.tracks),
    }
