"""What the dashboards show: each app's selectors, narrowed by scope and filters, turned
into tables. A fixed number of queries whatever the amount of data, and the result is kept
for ``DASHBOARD_CACHE_SECONDS`` so a meeting's worth of reloads costs one computation."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careers import selectors as careers_selectors
from feedback import selectors as feedback_selectors
from portal import notifications, outbox, permissions
from portal import tables as t
from portal.dashboard.filters import Filters, OrganisationChoice, descendants
from portal.models import Organisation
from recruitment import selectors as recruitment_selectors
from recruitment.enums import PostingKind
from recruitment.hiring import selectors as hiring_selectors

if TYPE_CHECKING:  # a type only: the dashboard reads recruitment through its selectors
    from recruitment.models import ApplicationRound

CACHE_VERSION = 3
UPCOMING_LIMIT = 10
POSTINGS_SHOWN = 50
CAMPAIGN_LIMIT = 12


@dataclass(frozen=True)
class Scope:
    """Whose figures: ``organisation_ids`` None is the whole region (the coordinator);
    otherwise the organisations a staff member acts for."""

    organisation_ids: frozenset[int] | None = None

    @classmethod
    def region(cls) -> Scope:
        return cls()

    @classmethod
    def for_staff(cls, user) -> Scope:
        return cls(frozenset(permissions.acting_organisation_ids(user)))

    @property
    def is_region(self) -> bool:
        return self.organisation_ids is None

    def as_list(self) -> list[int] | None:
        return None if self.is_region else sorted(self.organisation_ids)

    @property
    def key(self) -> str:
        if self.is_region:
            return "region"
        ids = ",".join(str(pk) for pk in sorted(self.organisation_ids))
        return hashlib.sha256(ids.encode()).hexdigest()[:24]


def organisations(scope: Scope) -> tuple[list[OrganisationChoice], list[OrganisationChoice]]:
    """The employers the filter offers (those in scope) and every municipality."""
    rows = Organisation.objects.order_by("name", "pk").values_list("pk", "name", "kind", "parent")
    if not scope.is_region:
        rows = rows.filter(
            Q(pk__in=scope.organisation_ids) | Q(kind=Organisation.Kind.MUNICIPALITY)
        )
    every = [OrganisationChoice(*row) for row in rows]
    in_scope = [o for o in every if scope.is_region or o.pk in scope.organisation_ids]
    employers = [o for o in in_scope if o.kind != Organisation.Kind.HEALTH_COMMUNITY]
    municipalities = [o for o in every if o.kind == Organisation.Kind.MUNICIPALITY]
    return employers, municipalities


@dataclass
class Dashboard:
    generated_at: datetime
    current: recruitment_selectors.RoundStatistics | None
    previous: recruitment_selectors.RoundStatistics | None
    tables: dict[str, t.Table]
    upcoming_days: int


def _cache_key(scope: Scope, filters: Filters, rounds: list[ApplicationRound]) -> str:
    return (
        f"dashboard:{CACHE_VERSION}:{scope.key}:{filters.key}:{translation.get_language()}:"
        f"{','.join(str(r.pk) for r in rounds)}"
    )


def dashboard_for(
    scope: Scope,
    filters: Filters,
    *,
    rounds: list[ApplicationRound],
    employers: list[OrganisationChoice],
) -> Dashboard:
    """The dashboard, reused for ``DASHBOARD_CACHE_SECONDS``. After that a copy up to
    ``DASHBOARD_STALE_SECONDS`` old is still shown (it says when its figures are from)
    while a task builds a fresh one, so that only the first visit pays for the figures."""
    fresh_for = settings.DASHBOARD_CACHE_SECONDS
    if fresh_for <= 0:
        return build(scope, filters, rounds=rounds, employers=employers)
    key = _cache_key(scope, filters, rounds)
    cached = cache.get(key)
    if cached is None:
        dashboard = build(scope, filters, rounds=rounds, employers=employers)
        cache.set(key, dashboard, settings.DASHBOARD_STALE_SECONDS)
        return dashboard
    age = timezone.now() - cached.generated_at
    if age > timedelta(seconds=fresh_for) and cache.add(f"{key}:refreshing", 1, fresh_for):
        # Only a cache refresh: if the broker is away, a later visit asks again.
        arguments = (scope.as_list(), filters.as_dict(), translation.get_language())
        outbox.after_commit("portal.tasks.refresh_dashboard", *arguments, durable=False)
    return cached


def refresh(organisation_ids: list[int] | None, filters: dict, language: str) -> None:
    """Build a dashboard afresh into the cache (the task behind ``dashboard_for``)."""
    scope = Scope(None if organisation_ids is None else frozenset(organisation_ids))
    with translation.override(language):
        rounds = recruitment_selectors.statistics_rounds()
        employers, _municipalities = organisations(scope)
        chosen = Filters.from_dict(filters)
        key = _cache_key(scope, chosen, rounds)
        dashboard = build(scope, chosen, rounds=rounds, employers=employers)
        cache.set(key, dashboard, settings.DASHBOARD_STALE_SECONDS)
        cache.delete(f"{key}:refreshing")


def _employer_ids(scope: Scope, filters: Filters, employers) -> set[int] | None:
    if filters.employer_id is not None:
        ids = descendants(employers, filters.employer_id)
        return ids if scope.is_region else ids & scope.organisation_ids
    return None if scope.is_region else set(scope.organisation_ids)


def build(
    scope: Scope,
    filters: Filters,
    *,
    rounds: list[ApplicationRound],
    employers: list[OrganisationChoice],
    now: datetime | None = None,
) -> Dashboard:
    now = now or timezone.now()
    employer_ids = _employer_ids(scope, filters, employers)
    narrowed = {
        "employer_ids": employer_ids,
        "municipality_ids": [filters.municipality_id] if filters.municipality_id else None,
        "kinds": [filters.kind] if filters.kind else None,
    }
    current, previous = recruitment_selectors.current_and_previous_round(
        rounds, filters.round_id, now
    )
    current_stats = recruitment_selectors.round_statistics(current, **narrowed) if current else None
    previous_stats = (
        recruitment_selectors.round_statistics(previous, **narrowed) if previous else None
    )
    period = {"deadline_from": filters.period_from, "deadline_to": filters.period_to}
    upcoming_days = settings.DASHBOARD_UPCOMING_DAYS
    until = now + timedelta(days=upcoming_days)

    tables = [
        rounds_table(scope, current_stats, previous_stats),
        employers_table(scope, current_stats, previous_stats),
        postings_table(current_stats),
        kinds_table(recruitment_selectors.postings_by_kind(now=now, **narrowed, **period)),
        posting_employers_table(
            recruitment_selectors.postings_by_employer(now=now, **narrowed, **period)
        ),
        # Any round's, unless one is chosen; a restplass has no deadline to narrow by.
        restplasser_table(
            recruitment_selectors.restplasser(now, round_id=filters.round_id, **narrowed), now
        ),
    ]
    if scope.is_region:
        # The funnel covers every round unless one is chosen; an employer that is a
        # municipality narrows it to that municipality.
        municipality_ids = set(narrowed["municipality_ids"] or ())
        if filters.employer_id is not None:
            municipality_ids |= {
                o.pk
                for o in employers
                if o.pk in employer_ids and o.kind == Organisation.Kind.MUNICIPALITY
            }
        track_filters = {
            "municipality_ids": sorted(municipality_ids) or None,
            "round_id": filters.round_id,
        }
        tables.append(funnel_totals_table(careers_selectors.coupled_track_totals(**track_filters)))
        tables.append(funnel_table(careers_selectors.coupled_track_funnel(**track_filters)))
        tables.append(
            coupling_table(
                careers_selectors.couplings(
                    trust_ids=_trust_ids(employers, filters.employer_id),
                    round_ids=[filters.round_id] if filters.round_id else None,
                )
            )
        )
    campaigns = feedback_selectors.survey_overview(
        closes_from=filters.period_from,
        opens_until=filters.period_to,
        organisation_ids=employer_ids,
        limit=CAMPAIGN_LIMIT,
    )
    tables.append(surveys_table(campaigns))
    if employer_ids is None:
        tables.append(trends_table(campaigns))
    deadlines, deadline_total = recruitment_selectors.upcoming_deadlines(
        until=until, now=now, limit=UPCOMING_LIMIT, **narrowed
    )
    tables.append(deadlines_table(deadlines, deadline_total, rounds, now, until, scope))
    postings = recruitment_selectors.statistics_postings(**narrowed)
    tables.append(
        interviews_table(
            *hiring_selectors.upcoming_interview_slots(postings, now, until, limit=UPCOMING_LIMIT)
        )
    )
    events, event_total = careers_selectors.events_between(
        now, until, organiser_ids=employer_ids, limit=UPCOMING_LIMIT
    )
    tables.append(events_table(events, event_total, scope))
    if scope.is_region:
        tables.append(reminders_table(notifications.occasion_counts(**_created_between(filters))))
    return Dashboard(
        generated_at=now,
        current=current_stats,
        previous=previous_stats,
        tables={table.key: table for table in tables},
        upcoming_days=upcoming_days,
    )


def _trust_ids(employers: list[OrganisationChoice], employer_id: int | None) -> list[int] | None:
    """The hospital trusts a chosen employer stands for: itself, the trusts under it, or
    the trust above a hospital (whose posts are the trust's). None: every trust."""
    if employer_id is None:
        return None
    by_pk = {o.pk: o for o in employers}
    found = descendants(employers, employer_id)
    if employer_id in by_pk:
        found.add(by_pk[employer_id].parent_id)
    return sorted(
        pk for pk in found if pk in by_pk and by_pk[pk].kind == Organisation.Kind.HOSPITAL_TRUST
    )


def _created_between(filters: Filters) -> dict:
    def start(day):
        return timezone.make_aware(datetime.combine(day, datetime.min.time()))

    return {
        "since": start(filters.period_from) if filters.period_from else None,
        "until": start(filters.period_to + timedelta(days=1)) if filters.period_to else None,
    }


PLACEHOLDER = 987654321


@functools.cache
def _url_pattern(name: str, with_pk: bool) -> str:
    """A URL with its pk as a placeholder: reversing thousands of row links one by one
    would cost more than the figures."""
    try:
        return reverse(name, args=[PLACEHOLDER] if with_pk else [])
    except NoReverseMatch:
        return ""


def _url(name: str, pk: int | None = None, query: dict | None = None) -> str:
    url = _url_pattern(name, pk is not None)
    if pk is not None:
        url = url.replace(str(PLACEHOLDER), str(int(pk)))
    return f"{url}?{urlencode(query)}" if url and query else url


def _board(**query) -> str:
    return _url("recruitment:board", query={**query, "include_closed": "on"})


# --- Recruitment ---------------------------------------------------------------------------


def _median_days(days: float | None, postings: int):
    """A median time to fill; with postings but none of them filled, it says so."""
    return t.days_to_fill(days, many=True) if postings else days


def rounds_table(scope: Scope, current, previous) -> t.Table:
    table = t.Table(
        key="rounds",
        title=_("Application rounds: the current and the previous"),
        columns=[
            t.Column("round", _("Round")),
            t.Column("closes", _("Closes"), t.DATETIME),
            t.Column("postings", _("Postings"), t.INT),
            t.Column("posts", _("Posts"), t.INT),
            t.Column("applications", _("Applications"), t.INT),
            t.Column("applicants", _("Applicants"), t.INT),
            t.Column("filled_posts", _("Filled posts"), t.INT),
            t.Column("fill_rate", _("Fill rate (%)"), t.PERCENT),
            t.Column("unfilled_posts", _("Unfilled posts"), t.INT),
            t.Column("median_days", _("Median days from published to filled"), t.DECIMAL),
            t.Column("reserve_used", _("Filled from a reserve list"), t.INT),
        ],
        # An employer cannot open the rounds; the list behind their figures is their postings.
        link=_url("recruitment:rounds" if scope.is_region else "recruitment:manage_postings"),
        link_label=_("All application rounds") if scope.is_region else _("Manage postings"),
    )
    for stats in (current, previous):
        if stats is None:
            continue
        table.add(
            [
                stats.name,
                stats.closes_at,
                stats.posting_count,
                stats.posts,
                stats.applications,
                stats.applicants,
                stats.filled_posts,
                stats.fill_rate,
                stats.unfilled_posts,
                _median_days(stats.median_days_to_fill, stats.posting_count),
                stats.reserve_used,
            ],
            _url("recruitment:round_detail", stats.round_id) if scope.is_region else "",
        )
    return table


def employers_table(scope: Scope, current, previous) -> t.Table:
    table = t.Table(
        key="employers",
        title=_("Applications and fill rate per employer, current round"),
        columns=[
            t.Column("employer", _("Employer")),
            t.Column("postings", _("Postings"), t.INT),
            t.Column("posts", _("Posts"), t.INT),
            t.Column("applications", _("Applications"), t.INT),
            t.Column("applicants", _("Applicants"), t.INT),
            t.Column("filled_posts", _("Filled posts"), t.INT),
            t.Column("fill_rate", _("Fill rate (%)"), t.PERCENT),
            t.Column("unfilled_posts", _("Unfilled posts"), t.INT),
            t.Column("median_days", _("Median days from published to filled"), t.DECIMAL),
            t.Column("reserve_used", _("Filled from a reserve list"), t.INT),
            t.Column("previous_fill_rate", _("Fill rate, previous round (%)"), t.PERCENT),
            t.Column("previous_applications", _("Applications, previous round"), t.INT),
        ],
        link=_url("recruitment:manage_postings"),
        link_label=_("Manage postings"),
    )
    if current is None:
        return table
    if scope.is_region:
        table.link = _url("recruitment:round_detail", current.round_id)
        table.link_label = _("Applicants per posting in %(round)s") % {"round": current.name}
    before = {e.employer_id: e for e in previous.employers} if previous else {}
    for e in current.employers:
        table.add(
            [
                e.employer_name,
                e.postings,
                e.posts,
                e.applications,
                e.applicants,
                e.filled_posts,
                e.fill_rate,
                e.unfilled_posts,
                _median_days(e.median_days_to_fill, e.postings),
                e.reserve_used,
                *(
                    (before[e.employer_id].fill_rate, before[e.employer_id].applications)
                    if e.employer_id in before
                    else (None, None)
                ),
            ],
            _board(employer=e.employer_id),
        )
    return table


def postings_table(current) -> t.Table:
    kinds = dict(PostingKind.choices)
    table = t.Table(
        key="postings",
        title=_("Applications per posting, current round"),
        columns=[
            t.Column("posting", _("Posting")),
            t.Column("employer", _("Employer")),
            t.Column("kind", _("Kind of post")),
            t.Column("published", _("Published"), t.DATETIME),
            t.Column("deadline", _("Deadline"), t.DATETIME),
            t.Column("posts", _("Posts"), t.INT),
            t.Column("applications", _("Applications"), t.INT),
            t.Column("first_choices", _("First choices"), t.INT),
            t.Column("accepted", _("Accepted offers"), t.INT),
            t.Column("fill_rate", _("Fill rate (%)"), t.PERCENT),
            t.Column("reserve_used", _("Filled from a reserve list"), t.INT),
            t.Column("days_to_fill", _("Days from published to filled"), t.DECIMAL),
        ],
        link=_url("recruitment:manage_postings"),
        link_label=_("Manage postings"),
        shown=POSTINGS_SHOWN,
    )
    for p in current.postings if current else ():
        table.add(
            [
                p.title,
                p.employer_name,
                str(kinds.get(p.kind, p.kind)),
                p.published_at,
                p.deadline,
                p.number_of_posts,
                p.applications,
                p.first_choices,
                p.accepted,
                p.fill_rate,
                p.reserve_used,
                t.days_to_fill(p.days_to_fill),
            ],
            _url("recruitment:posting_applicants", p.posting_id),
        )
    return table


def _posting_count_columns() -> list[t.Column]:
    # Built per call, in the language of the request (labels made at import would keep
    # the language the process started in).
    return [
        t.Column("postings", _("Postings"), t.INT),
        t.Column("posts", _("Posts"), t.INT),
        t.Column("open", _("Open for applications"), t.INT),
        t.Column("filled", _("Fully filled postings"), t.INT),
        t.Column("filled_posts", _("Filled posts"), t.INT),
        t.Column("fill_rate", _("Fill rate (%)"), t.PERCENT),
    ]


def _posting_counts_table(key, title, first, rows, link_for) -> t.Table:
    table = t.Table(
        key=key,
        title=title,
        columns=[first, *_posting_count_columns()],
        link=_url("recruitment:manage_postings"),
        link_label=_("Manage postings"),
    )
    for row in rows:
        table.add(
            [
                row.label,
                row.postings,
                row.posts,
                row.open,
                row.filled,
                row.filled_posts,
                row.fill_rate,
            ],
            link_for(row.key),
        )
    return table


def kinds_table(rows) -> t.Table:
    return _posting_counts_table(
        "kinds",
        _("Postings by kind: open and filled"),
        t.Column("kind", _("Kind of post")),
        rows,
        lambda kind: _board(kind=kind),
    )


def posting_employers_table(rows) -> t.Table:
    return _posting_counts_table(
        "posting_employers",
        _("Postings by employer: open and filled"),
        t.Column("employer", _("Employer")),
        rows,
        lambda pk: _board(employer=pk),
    )


def _days_since(moment: datetime, now: datetime) -> float:
    return round((now - moment).total_seconds() / 86400, 1)


def restplasser_table(postings, now: datetime) -> t.Table:
    """A round's posts still free after its last wave (recruitment's rule), and how long
    each has been a restplass: since the marking of that wave."""
    table = t.Table(
        key="restplasser",
        title=_("Leftover posts (restplasser)"),
        columns=[
            t.Column("posting", _("Posting")),
            t.Column("employer", _("Employer")),
            t.Column("round", _("Round")),
            t.Column("free_posts", _("Free posts"), t.INT),
            t.Column("since", _("Leftover since"), t.DATETIME),
            t.Column("days_open", _("Days open as a restplass"), t.DECIMAL),
        ],
        link=_url("recruitment:manage_postings"),
        link_label=_("Manage postings"),
    )
    for p in postings:
        table.add(
            [
                p.title,
                p.employer.name,
                p.round.name,
                p.free_posts,
                p.restplass_since,
                _days_since(p.restplass_since, now),
            ],
            _url("recruitment:posting_applicants", p.pk),
        )
    return table


# --- Coupled tracks ------------------------------------------------------------------------

FUNNEL_STAGES = ("interested", "consented", "invited", "interviewed", "placed")


def funnel_stage_labels() -> dict[str, str]:
    return {
        "interested": _("Interested"),
        "consented": _("Consented"),
        "invited": _("Invited"),
        "interviewed": _("Interviewed"),
        "placed": _("Placed"),
    }


def _stage_columns() -> list[t.Column]:
    labels = funnel_stage_labels()
    return [t.Column(stage, labels[stage], t.INT) for stage in FUNNEL_STAGES]


def funnel_totals_table(rows) -> t.Table:
    """Per track, each candidate counted once however many municipalities met them."""
    table = t.Table(
        key="funnel_totals",
        title=_("Coupled tracks: from interest to placement, per track"),
        columns=[t.Column("track", _("Track")), *_stage_columns()],
        link=_url("careers:manage_tracks"),
        link_label=_("Coupled tracks"),
    )
    for row in rows:
        table.add(
            [str(row.track), *(getattr(row, stage) for stage in FUNNEL_STAGES)],
            _url("careers:manage_track", row.track.pk),
        )
    return table


def funnel_table(rows) -> t.Table:
    """Per track and municipality; "interested" belongs to the track and so repeats."""
    table = t.Table(
        key="funnel",
        title=_("Coupled tracks per municipality"),
        columns=[
            t.Column("track", _("Track")),
            t.Column("municipality", _("Municipality")),
            *_stage_columns(),
        ],
        link=_url("careers:manage_tracks"),
        link_label=_("Coupled tracks"),
    )
    for row in rows:
        table.add(
            [str(row.track), str(row.municipality), *(getattr(row, s) for s in FUNNEL_STAGES)],
            _url("careers:manage_track", row.track.pk),
        )
    return table


def coupling_table(couplings) -> t.Table:
    """Per round and hospital trust: its LIS1 posts, what its tracks couple of them and the
    most they may (careers' coupling limit)."""
    table = t.Table(
        key="coupling",
        title=_("Coupled tracks: the coupling limit per round and hospital trust"),
        columns=[
            t.Column("round", _("Round")),
            t.Column("trust", _("Hospital trust")),
            t.Column("lis1_posts", _("LIS1 posts"), t.INT),
            t.Column("coupled", _("Coupled places"), t.INT),
            t.Column("allowed", _("Most that may be coupled"), t.INT),
            t.Column("over_limit", _("Over the limit")),
        ],
        link=_url("careers:manage_tracks"),
        link_label=_("Coupled tracks"),
    )
    for c in couplings:
        table.add(
            [
                c.round_name,
                c.trust_name,
                c.lis1_posts,
                c.coupled,
                c.allowed,
                _("yes") if c.over_limit else _("no"),
            ],
            _url("careers:manage_tracks"),
        )
    return table


# --- Surveys -------------------------------------------------------------------------------


def _theme_columns() -> list[t.Column]:
    labels = feedback_selectors.theme_labels()
    return [
        t.Column(f"score_{theme}", str(labels[theme]), t.DECIMAL)
        for theme in feedback_selectors.DASHBOARD_THEMES
    ]


def surveys_table(campaigns) -> t.Table:
    table = t.Table(
        key="surveys",
        title=_("Surveys: response rate and main scores (1–5) per unit"),
        columns=[
            t.Column("campaign", _("Survey campaign")),
            t.Column("closes", _("Closes"), t.DATE),
            t.Column("group", _("Unit")),
            t.Column("organisation", _("Organisation")),
            t.Column("invited", _("Invited"), t.INT),
            t.Column("answered", _("Answered"), t.INT),
            t.Column("response_rate", _("Response rate (%)"), t.PERCENT),
            t.Column("respondents", _("Responses in the scores"), t.INT),
            *_theme_columns(),
        ],
        link=_url("feedback:campaign_list"),
        link_label=_("All survey campaigns"),
    )
    for campaign in campaigns:
        link = _url("feedback:campaign_results", campaign.campaign_id)
        for group in campaign.groups:
            answered = t.cell(group.answered)
            # A response rate reveals as much as the count it comes from.
            rate = answered if isinstance(answered, t.Hidden) else group.response_rate
            table.add(
                [
                    campaign.title,
                    campaign.closes_on,
                    group.label,
                    group.organisation,
                    group.invited,
                    answered,
                    rate,
                    t.cell(group.respondents),
                    *(t.cell(theme, "mean") for theme in group.themes),
                ],
                link,
            )
    return table


def trends_table(campaigns) -> t.Table:
    """The total of each campaign, oldest first: what the score trend charts draw."""
    table = t.Table(
        key="trends",
        title=_("Survey score trends (all units)"),
        columns=[
            t.Column("survey", _("Survey")),
            t.Column("campaign", _("Survey campaign")),
            t.Column("closes", _("Closes"), t.DATE),
            t.Column("respondents", _("Responses in the scores"), t.INT),
            *_theme_columns(),
        ],
        link=_url("feedback:template_list"),
        link_label=_("Surveys and their trends"),
    )
    for campaign in sorted(campaigns, key=lambda c: (c.survey, c.closes_on, c.campaign_id)):
        total = campaign.group(feedback_selectors.TOTAL)
        if total is None:
            continue
        table.add(
            [
                campaign.survey,
                campaign.title,
                campaign.closes_on,
                t.cell(total.respondents),
                *(t.cell(theme, "mean") for theme in total.themes),
            ],
            _url("feedback:campaign_results", campaign.campaign_id),
        )
    return table


# --- Upcoming and reminders ----------------------------------------------------------------


def deadlines_table(postings, total, rounds, now, until, scope) -> t.Table:
    kinds = dict(PostingKind.choices)
    table = t.Table(
        key="deadlines",
        title=_("Upcoming deadlines"),
        columns=[
            t.Column("what", _("Posting or round")),
            t.Column("employer", _("Employer")),
            t.Column("kind", _("Kind of post")),
            t.Column("deadline", _("Deadline"), t.DATETIME),
            t.Column("posts", _("Posts"), t.INT),
        ],
        link=_url("recruitment:manage_postings"),
        link_label=_("Manage postings"),
        total=total,
    )
    if scope.is_region:
        for r in sorted(rounds, key=lambda r: r.closes_at):
            if not r.has_closed(now) and r.closes_at <= until:
                table.add(
                    [r.name, "", _("Application round"), r.closes_at, None],
                    _url("recruitment:round_detail", r.pk),
                )
    for p in postings:
        table.add(
            [
                p.title,
                p.employer.name,
                str(kinds.get(p.kind, p.kind)),
                p.application_deadline(),
                p.number_of_posts,
            ],
            _url("recruitment:manage_posting", p.pk),
        )
    return table


def interviews_table(slots, total) -> t.Table:
    table = t.Table(
        key="interviews",
        title=_("Upcoming interviews"),
        columns=[
            t.Column("posting", _("Posting")),
            t.Column("employer", _("Employer")),
            t.Column("starts", _("Starts"), t.DATETIME),
            t.Column("capacity", _("Candidates per slot"), t.INT),
            t.Column("booked", _("Booked"), t.INT),
        ],
        link=_url("recruitment:hiring_staff_interviews"),
        link_label=_("Interviews"),
        total=total,
    )
    for slot in slots:
        table.add(
            [
                slot.posting.title,
                slot.posting.employer.name,
                slot.starts_at,
                slot.capacity,
                slot.booked or 0,
            ],
            _url("recruitment:hiring_interviews", slot.posting_id),
        )
    return table


def events_table(events, total, scope) -> t.Table:
    table = t.Table(
        key="events",
        title=_("Upcoming events"),
        columns=[
            t.Column("event", _("Event")),
            t.Column("kind", _("Kind")),
            t.Column("starts", _("Starts"), t.DATETIME),
            t.Column("capacity", _("Places"), t.INT),
            t.Column("confirmed", _("Registered"), t.INT),
        ],
        link=_url("careers:manage_events"),
        link_label=_("Manage events"),
        total=total,
    )
    for event in events:
        table.add(
            [
                event.title,
                event.get_kind_display(),
                event.starts_at,
                event.capacity,
                event.confirmed_count,
            ],
            _url("careers:event_detail", event.pk),
        )
    return table


def reminders_table(counts) -> t.Table:
    table = t.Table(
        key="reminders",
        title=_("Reminders and notifications sent and failed"),
        columns=[
            t.Column("occasion", _("Occasion")),
            t.Column("sent", _("Sent"), t.INT),
            t.Column("failed", _("Failed"), t.INT),
            t.Column("waiting", _("Waiting"), t.INT),
            t.Column("skipped", _("Turned off by the recipient"), t.INT),
        ],
        link=_url("notification_overview"),
        link_label=_("Reminders: failures and retries"),
    )
    for row in counts:
        table.add([row.label, row.sent, row.failed, row.waiting, row.skipped])
    return table
