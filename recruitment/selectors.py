"""Reads of recruitment data that other views and apps may use."""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Least, RowNumber
from django.utils import timezone

from portal import permissions
from portal.models import User
from recruitment import search
from recruitment.models import (
    ApplicationRound,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    Posting,
    PostingKind,
    PostingQuerySet,
)


def search_postings(queryset: QuerySet[Posting], text: str) -> QuerySet[Posting]:
    """The postings of ``queryset`` that match the search ``text``, each with its ``rank``:
    Norwegian full-text, accent- and ø/æ/å-insensitive, by prefix, with a trigram fallback
    for typos on PostgreSQL; folded substrings on SQLite (see ``recruitment.search``).
    Give it the queryset with every other filter applied: on PostgreSQL it asks once
    whether full-text finds anything there."""
    return search.search_postings(queryset, text)


# What a card on the board does not show: long texts, and the search vector (large, and
# only ever read inside the database).
BOARD_DEFERRED = (
    "search_vector",
    "description",
    "qualifications",
    "housing",
    "kindergarten",
    "commuting",
    "region_offers",
)


def board_postings(now: datetime) -> QuerySet[Posting]:
    """Everything the public board may list (published, open or past deadline), each
    saying whether it is open or a restplass at ``now``."""
    return Posting.objects.published().with_related().with_state(now).defer(*BOARD_DEFERRED)


def restplasser(
    now: datetime,
    *,
    round_id: int | None = None,
    employer_ids: Iterable[int] | None = None,
    municipality_ids: Iterable[int] | None = None,
    kinds: Iterable[str] | None = None,
) -> QuerySet[Posting]:
    """A round's posts still free after its last wave, each with ``restplass_since``: the
    marking of that wave, when it became one (see ``PostingQuerySet.restplasser``).
    Narrowed like ``statistics_postings`` (``None``: not narrowed), for the dashboards."""
    postings = _narrowed(
        Posting.objects.restplasser(now),
        round_id=round_id,
        employer_ids=employer_ids,
        municipality_ids=municipality_ids,
        kinds=kinds,
    )
    return (
        postings.with_related()
        .with_state(now)
        .with_free_posts()
        .with_last_marking()
        .annotate(restplass_since=F("last_marking_at"))
        .order_by("restplass_since", "employer__name", "title", "pk")
    )


def open_postings(now: datetime) -> PostingQuerySet:
    """Postings open at ``now`` (see ``PostingQuerySet``), for cards, feeds and calendars."""
    return Posting.objects.open(now).with_related().with_state(now)


def postings_for_staff(user: User) -> QuerySet[Posting]:
    """Postings the user may manage: their organisations' own, or all for the coordinator."""
    if permissions.is_coordinator(user):
        return Posting.objects.with_related()
    return Posting.objects.with_related().filter(
        employer__in=permissions.acting_organisations(user)
    )


@dataclass(frozen=True)
class ClosingCounts:
    """Who closing a posting touches: ``applied`` have sent an application that still
    ranks it (they keep it, and may still be hired); ``drafts`` rank it in an application
    not yet sent (they must take it off their list before they can send)."""

    applied: int
    drafts: int


def closing_counts(posting: Posting) -> ClosingCounts:
    counts = Choice.objects.filter(posting=posting).aggregate(
        applied=Count(
            "application__applicant",
            filter=Q(application__status="submitted") & ~Q(status=ChoiceStatus.WITHDRAWN),
            distinct=True,
        ),
        drafts=Count(
            "application__applicant", filter=Q(application__status="draft"), distinct=True
        ),
    )
    return ClosingCounts(**counts)


# --- Figures for the dashboards ------------------------------------------------------------
# Aggregated in the database, in a fixed number of queries however much data there is. The
# dashboards narrow them by employer (an employer's own version passes its organisations),
# municipality, kind of post and a period of deadlines; ``None`` means "not narrowed".
#
# Definitions (agreed with the hiring workflow): a choice is *accepted* when its status is
# ACCEPTED, and its ChoiceEvent(accepted) says when; a posting is *filled* when its accepted
# choices reach its number of posts, at the time of the acceptance that filled the last
# post; its *time to fill* runs from its publishing (``published_at``) to that acceptance;
# *reserve use* is an accepted choice that was on the reserve list first (it has a
# ChoiceEvent(reserve)). Extra acceptances beyond the number of posts fill nothing more.


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _narrowed(
    postings: PostingQuerySet,
    *,
    round_id: int | None = None,
    employer_ids: Iterable[int] | None = None,
    municipality_ids: Iterable[int] | None = None,
    kinds: Iterable[str] | None = None,
) -> PostingQuerySet:
    """The dashboards' filters on postings; ``None`` means "not narrowed"."""
    if round_id is not None:
        postings = postings.filter(round_id=round_id)
    if employer_ids is not None:
        postings = postings.filter(employer_id__in=list(employer_ids))
    if municipality_ids is not None:
        postings = postings.filter(municipality_id__in=list(municipality_ids))
    if kinds is not None:
        postings = postings.filter(kind__in=list(kinds))
    return postings


def statistics_postings(
    *,
    round_id: int | None = None,
    employer_ids: Iterable[int] | None = None,
    municipality_ids: Iterable[int] | None = None,
    kinds: Iterable[str] | None = None,
    deadline_from: date | None = None,
    deadline_to: date | None = None,
) -> PostingQuerySet:
    """The postings figures count: published and closed ones (drafts were never advertised),
    narrowed by the dashboard's filters. Deadlines are compared as Oslo dates."""
    postings = _narrowed(
        Posting.objects.exclude(status=Posting.Status.DRAFT).with_deadline(),
        round_id=round_id,
        employer_ids=employer_ids,
        municipality_ids=municipality_ids,
        kinds=kinds,
    )
    if deadline_from is not None:
        postings = postings.filter(application_deadline_at__gte=_start_of(deadline_from))
    if deadline_to is not None:
        postings = postings.filter(
            application_deadline_at__lt=_start_of(deadline_to + timedelta(days=1))
        )
    return postings


def statistics_rounds() -> list[ApplicationRound]:
    """Every round, newest first, for the dashboard's round filter – each with its
    ``posting_count`` and ``main_kind``: the kind of post most of its postings are (a round
    has no kind of its own, yet a summer-job round should not be compared with a LIS1
    round). Two queries."""
    rounds: list[ApplicationRound] = list(
        ApplicationRound.objects.annotate(posting_count=Count("postings"))
        .only("pk", "name", "opens_at", "closes_at")
        .order_by("-opens_at", "-pk")
    )
    position = {kind: n for n, kind in enumerate(PostingKind.values)}
    main: dict[int, tuple[int, int, str]] = {}
    for round_id, kind, n in (
        Posting.objects.filter(round__isnull=False)
        .values_list("round_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        candidate = (n, -position.get(kind, 0), kind)
        main[round_id] = max(main.get(round_id, candidate), candidate)
    for round in rounds:
        round.main_kind = main[round.pk][2] if round.pk in main else ""
    return rounds


def current_and_previous_round(
    rounds: list[ApplicationRound], selected_id: int | None = None, now: datetime | None = None
) -> tuple[ApplicationRound | None, ApplicationRound | None]:
    """The round the dashboard shows, and the one to compare it with.

    By default the current round is the one running now (of several, the one with most
    postings); when none is, the one that closed last (its offers are going out); before
    any has closed, the next to open. The previous round is the latest that opened before
    it with the same main kind of post. ``rounds`` come from ``statistics_rounds``."""
    now = now or timezone.now()
    current = next((r for r in rounds if r.pk == selected_id), None) if selected_id else None
    if current is None and rounds:
        running = [r for r in rounds if r.is_open(now)]
        closed = [r for r in rounds if r.has_closed(now)]
        if running:
            # posting_count: annotated by statistics_rounds, which mypy cannot see here.
            current = max(running, key=lambda r: (r.posting_count, r.opens_at, r.pk))  # type: ignore[attr-defined]
        elif closed:
            current = max(closed, key=lambda r: (r.closes_at, r.pk))
        else:
            current = min(rounds, key=lambda r: (r.opens_at, r.pk))
    if current is None:
        return None, None
    previous = next(
        (r for r in rounds if r.opens_at < current.opens_at and r.main_kind == current.main_kind),
        None,
    )
    return current, previous


@dataclass(frozen=True)
class PostingFigures:
    posting_id: int
    title: str
    employer_id: int
    employer_name: str
    kind: str
    number_of_posts: int
    deadline: datetime
    published_at: datetime
    applications: int = 0
    first_choices: int = 0
    accepted: int = 0
    reserve_used: int = 0
    days_to_fill: float | None = None  # from publishing to filled; None: not filled

    @property
    def filled_posts(self) -> int:
        return min(self.accepted, self.number_of_posts)

    @property
    def unfilled_posts(self) -> int:
        return self.number_of_posts - self.filled_posts

    @property
    def fill_rate(self) -> float | None:
        return percent(self.filled_posts, self.number_of_posts)

    @property
    def is_filled(self) -> bool:
        return self.accepted >= self.number_of_posts


@dataclass(frozen=True)
class EmployerFigures:
    employer_id: int
    employer_name: str
    postings: int
    posts: int
    applications: int
    applicants: int
    filled_posts: int
    reserve_used: int
    median_days_to_fill: float | None  # of its filled postings; None: none filled

    @property
    def unfilled_posts(self) -> int:
        return self.posts - self.filled_posts

    @property
    def fill_rate(self) -> float | None:
        return percent(self.filled_posts, self.posts)


@dataclass(frozen=True)
class RoundStatistics:
    round_id: int
    name: str
    opens_at: datetime
    closes_at: datetime
    postings: tuple[PostingFigures, ...]
    employers: tuple[EmployerFigures, ...]
    applicants: int  # different people with at least one active choice

    @property
    def posting_count(self) -> int:
        return len(self.postings)

    @property
    def posts(self) -> int:
        return sum(p.number_of_posts for p in self.postings)

    @property
    def applications(self) -> int:
        """Active choices: one application ranking three postings counts three times."""
        return sum(p.applications for p in self.postings)

    @property
    def accepted(self) -> int:
        return sum(p.accepted for p in self.postings)

    @property
    def filled_posts(self) -> int:
        return sum(p.filled_posts for p in self.postings)

    @property
    def unfilled_posts(self) -> int:
        return self.posts - self.filled_posts

    @property
    def fill_rate(self) -> float | None:
        return percent(self.filled_posts, self.posts)

    @property
    def filled_postings(self) -> int:
        return sum(p.is_filled for p in self.postings)

    @property
    def median_days_to_fill(self) -> float | None:
        return _median_days_to_fill(self.postings)

    @property
    def reserve_used(self) -> int:
        return sum(p.reserve_used for p in self.postings)


def _median_days_to_fill(postings: Iterable[PostingFigures]) -> float | None:
    """The median time to fill of the filled ones among ``postings``; None if none is."""
    days = [p.days_to_fill for p in postings if p.days_to_fill is not None]
    return round(statistics.median(days), 1) if days else None


def _days_to_fill(postings: QuerySet[Posting]) -> dict[int, float]:
    """Per filled posting: days from its publishing to the acceptance that filled the last
    post – the n-th acceptance in time, n being the number of posts (an acceptance given up
    since, a candidate moving up or withdrawing, no longer counts). One query: a window
    numbers each posting's accepted choices by when they were (last) accepted."""
    accepted_at = Subquery(
        ChoiceEvent.objects.filter(choice=OuterRef("pk"), status=ChoiceStatus.ACCEPTED)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    nth = (
        Choice.objects.filter(posting__in=postings.values("pk"), status=ChoiceStatus.ACCEPTED)
        .annotate(
            accepted_at=accepted_at,
            posts=F("posting__number_of_posts"),
            published_at=F("posting__published_at"),
        )
        .filter(accepted_at__isnull=False)
        .annotate(
            nth=Window(
                RowNumber(),
                partition_by=[F("posting_id")],
                order_by=[F("accepted_at").asc(), F("pk").asc()],
            )
        )
        .filter(nth=F("posts"))
        .values_list("posting_id", "accepted_at", "published_at")
    )
    return {
        posting_id: round((accepted - published).total_seconds() / 86400, 1)
        for posting_id, accepted, published in nth
    }


def round_statistics(round: ApplicationRound, **filters: Any) -> RoundStatistics:
    """Applications, applicants, fill rate, unfilled posts, time to fill (per posting, and
    its median per employer and for the round) and reserve use of a round, narrowed by
    ``statistics_postings`` filters. Five queries."""
    postings = statistics_postings(round_id=round.pk, **filters)
    rows = postings.order_by("employer__name", "title", "pk").values_list(
        "pk",
        "title",
        "employer_id",
        "employer__name",
        "kind",
        "number_of_posts",
        "application_deadline_at",
        "published_at",
    )
    reserve_first = Exists(
        ChoiceEvent.objects.filter(choice=OuterRef("pk"), status=ChoiceStatus.RESERVE)
    )
    choices = Choice.objects.filter(posting__in=postings.values("pk"))
    counts: dict[int, dict[str, Any]] = {
        row["posting"]: {key: value for key, value in row.items() if key != "posting"}
        for row in choices.values("posting")
        .annotate(
            applications=Count("pk", filter=Choice.objects.active_q()),
            first_choices=Count("pk", filter=Choice.objects.active_q() & Q(rank=1)),
            accepted=Count("pk", filter=Q(status=ChoiceStatus.ACCEPTED)),
            reserve_used=Count("pk", filter=Q(reserve_first, status=ChoiceStatus.ACCEPTED)),
        )
        .order_by()
    }
    days = _days_to_fill(postings)
    figures = tuple(
        PostingFigures(
            posting_id=pk,
            title=title,
            employer_id=employer_id,
            employer_name=employer_name,
            kind=kind,
            number_of_posts=posts,
            deadline=deadline,
            published_at=published_at,
            days_to_fill=days.get(pk),
            **counts.get(pk, {}),
        )
        for pk, title, employer_id, employer_name, kind, posts, deadline, published_at in rows
    )
    # An applicant has one application per round, so counting applications counts people
    # – without joining the applications.
    active = choices.active()
    applicants = active.aggregate(n=Count("application_id", distinct=True))["n"]
    applicants_per_employer = dict(
        active.values_list("posting__employer_id")
        .annotate(n=Count("application_id", distinct=True))
        .order_by()
    )
    employers: dict[int, list[PostingFigures]] = {}
    for posting in figures:
        employers.setdefault(posting.employer_id, []).append(posting)
    return RoundStatistics(
        round_id=round.pk,
        name=round.name,
        opens_at=round.opens_at,
        closes_at=round.closes_at,
        postings=figures,
        employers=tuple(
            EmployerFigures(
                employer_id=employer_id,
                employer_name=of_employer[0].employer_name,
                postings=len(of_employer),
                posts=sum(p.number_of_posts for p in of_employer),
                applications=sum(p.applications for p in of_employer),
                applicants=applicants_per_employer.get(employer_id, 0),
                filled_posts=sum(p.filled_posts for p in of_employer),
                reserve_used=sum(p.reserve_used for p in of_employer),
                median_days_to_fill=_median_days_to_fill(of_employer),
            )
            for employer_id, of_employer in employers.items()
        ),
        applicants=applicants,
    )


@dataclass(frozen=True)
class PostingCounts:
    """Postings of one kind or one employer: how many, how many still open, how many
    filled."""

    key: str | int
    label: str
    postings: int
    posts: int
    open: int
    filled: int  # postings whose acceptances reached their number of posts
    filled_posts: int

    @property
    def fill_rate(self) -> float | None:
        return percent(self.filled_posts, self.posts)


def _posting_counts(
    group: tuple[str, ...], now: datetime | None, **filters: Any
) -> QuerySet[Posting, dict[str, Any]]:
    accepted = Subquery(
        Choice.objects.filter(posting=OuterRef("pk"), status=ChoiceStatus.ACCEPTED)
        .order_by()
        .values("posting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        statistics_postings(**filters)
        .with_state(now or timezone.now())
        .annotate(accepted=Coalesce(accepted, Value(0)))
        .values(*group)
        .annotate(
            postings=Count("pk"),
            posts=Sum("number_of_posts"),
            open=Count("pk", filter=Q(open_now=True)),
            filled=Count("pk", filter=Q(accepted__gte=F("number_of_posts"))),
            filled_posts=Sum(Least("accepted", "number_of_posts", output_field=IntegerField())),
        )
        .order_by(*group)
    )


def postings_by_kind(*, now: datetime | None = None, **filters: Any) -> list[PostingCounts]:
    """Postings per kind of post, in the order of the career path. One query."""
    rows = {row["kind"]: row for row in _posting_counts(("kind",), now, **filters)}
    return [
        PostingCounts(
            key=kind,
            label=str(label),
            **{k: rows[kind][k] for k in ("postings", "posts", "open", "filled", "filled_posts")},
        )
        for kind, label in PostingKind.choices
        if kind in rows
    ]


def postings_by_employer(*, now: datetime | None = None, **filters: Any) -> list[PostingCounts]:
    """Postings per employer, by name. One query."""
    return [
        PostingCounts(
            key=row["employer_id"],
            label=row["employer__name"],
            **{k: row[k] for k in ("postings", "posts", "open", "filled", "filled_posts")},
        )
        for row in _posting_counts(("employer__name", "employer_id"), now, **filters)
    ]


def upcoming_deadlines(
    *, until: datetime, now: datetime | None = None, limit: int = 10, **filters: Any
) -> tuple[list[Posting], int]:
    """The next published postings to close before ``until`` (at most ``limit``), and how
    many close in that time in all. One query: the total is a window over the same rows."""
    postings = (
        statistics_postings(**filters).published().deadline_between(now or timezone.now(), until)
    )
    rows = list(
        postings.select_related("employer")
        .annotate(total=Window(Count("pk")))
        .order_by("application_deadline_at", "pk")[:limit]
    )
    return rows, rows[0].total if rows else 0


def open_counts_by_kind(now: datetime) -> dict[str, int]:
    """How many postings are open at ``now``, per kind (kinds with none left out): the
    front page's stages."""
    return dict(
        Posting.objects.open(now)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
