"""Recruitment figures from recruitment.selectors against the hand-built region."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recruitment import selectors
from recruitment.models import ChoiceStatus, PostingKind
from tests.dashboard.region import application, choose, make_posting, make_round
from tests.factories import UserFactory


def by_title(stats):
    return {p.title: p for p in stats.postings}


def test_current_round_figures(region):
    stats = selectors.round_statistics(region.current)
    assert stats.name == "LIS1 høst 2026"
    assert stats.posting_count == 4
    assert stats.posts == 7
    assert stats.applications == 7  # u4's withdrawn choice is not an application any more
    assert stats.applicants == 5
    assert stats.accepted == 4
    assert stats.filled_posts == 4
    assert stats.fill_rate == 57.1
    assert stats.unfilled_posts == 3
    assert stats.filled_postings == 2
    assert stats.median_days_to_fill == 24.0  # from published: A 25.0, B 23.0
    assert stats.reserve_used == 1


def test_figures_per_posting(region):
    postings = by_title(selectors.round_statistics(region.current))
    a, b, c, d = (
        postings[t] for t in ("LIS1 Øst A", "LIS1 Øst B", "LIS1 Vest C", "LIS1 Fjordby D")
    )
    assert (a.applications, a.first_choices, a.accepted, a.reserve_used) == (3, 2, 2, 1)
    assert (a.fill_rate, a.days_to_fill, a.unfilled_posts) == (100.0, 25.0, 0)
    assert (b.applications, b.first_choices, b.accepted, b.days_to_fill) == (2, 1, 1, 23.0)
    assert (c.applications, c.accepted, c.fill_rate, c.days_to_fill) == (2, 1, 33.3, None)
    assert (d.applications, d.accepted, d.fill_rate, d.unfilled_posts) == (0, 0, 0.0, 1)


def test_figures_per_employer(region):
    employers = {e.employer_name: e for e in selectors.round_statistics(region.current).employers}
    east, west, fjordby = (
        employers[n] for n in ("Sykehuset Øst", "Sykehuset Vest", "Fjordby kommune")
    )
    assert (east.postings, east.posts, east.applications, east.applicants) == (2, 3, 5, 3)
    assert (east.filled_posts, east.fill_rate, east.unfilled_posts, east.reserve_used) == (
        3,
        100.0,
        0,
        1,
    )
    assert (west.postings, west.posts, west.applications, west.applicants) == (1, 3, 2, 2)
    assert (west.filled_posts, west.fill_rate, west.unfilled_posts) == (1, 33.3, 2)
    assert (fjordby.applications, fjordby.applicants, fjordby.fill_rate) == (0, 0, 0.0)


def test_previous_round_figures(region):
    stats = selectors.round_statistics(region.previous)
    assert (stats.posts, stats.applications, stats.applicants) == (2, 3, 3)
    assert (stats.fill_rate, stats.median_days_to_fill, stats.reserve_used) == (100.0, 50.5, 0)


def test_filters_narrow_the_round(region):
    east = selectors.round_statistics(region.current, employer_ids=[region.hospital.pk])
    assert (east.posting_count, east.applications, east.applicants) == (2, 5, 3)
    assert east.median_days_to_fill == 24.0  # A after 25 days, B after 23
    none = selectors.round_statistics(region.current, kinds=[PostingKind.ALIS])
    assert (none.posting_count, none.applications, none.fill_rate) == (0, 0, None)
    elsewhere = selectors.round_statistics(region.current, municipality_ids=[0])
    assert elsewhere.applicants == 0


def test_the_current_round_is_the_one_that_closed_last_when_none_is_running(region):
    rounds = selectors.statistics_rounds()
    assert [r.name for r in rounds][:3] == ["Sommerjobb 2027", "LIS1 høst 2026", "LIS1 vår 2026"]
    assert [(r.posting_count, r.main_kind) for r in rounds] == [(0, ""), (4, "lis1"), (1, "lis1")]
    assert selectors.current_and_previous_round(rounds) == (region.current, region.previous)
    chosen = selectors.current_and_previous_round(rounds, region.future.pk)
    assert chosen == (region.future, None)  # nothing like it came before
    assert selectors.current_and_previous_round(rounds, region.previous.pk)[1] is None
    assert selectors.current_and_previous_round([]) == (None, None)


def test_of_rounds_running_together_the_largest_is_current_and_compared_with_its_kind(
    region, hospital, municipality
):
    summer = make_round("Sommerjobb nå", -3, 20)
    make_posting(summer, hospital, municipality, "Sommer", 1, kind=PostingKind.SUMMER_JOB)
    lis1 = make_round("LIS1 nå", -2, 30)
    for n in range(2):
        make_posting(lis1, hospital, municipality, f"LIS1 nå {n}", 1)
    rounds = selectors.statistics_rounds()
    assert selectors.current_and_previous_round(rounds) == (lis1, region.current)
    assert selectors.current_and_previous_round(rounds, summer.pk) == (summer, None)


def test_only_future_rounds_make_the_next_one_current(db):
    later, sooner = make_round("Later", 50, 60), make_round("Sooner", 10, 20)
    assert selectors.current_and_previous_round(selectors.statistics_rounds()) == (sooner, None)
    assert later.pk


def test_extra_acceptances_fill_no_more_than_the_posts(region):
    extra = choose(
        application(UserFactory(), region.current),
        region.postings["B"],
        1,
        ChoiceStatus.ACCEPTED,
        accepted=12,
    )
    stats = by_title(selectors.round_statistics(region.current))["LIS1 Øst B"]
    assert (stats.accepted, stats.filled_posts, stats.fill_rate) == (2, 1, 100.0)
    assert stats.days_to_fill == 23.0  # the first acceptance filled the only post
    assert extra.pk


def test_time_to_fill_uses_the_last_acceptance_of_a_choice(region):
    choice = region.postings["B"].choices.get(status=ChoiceStatus.ACCEPTED)
    choice.events.create(
        status=ChoiceStatus.ACCEPTED,
        at=region.postings["B"].application_deadline() + timedelta(days=11),
    )
    stats = by_title(selectors.round_statistics(region.current))["LIS1 Øst B"]
    assert stats.days_to_fill == 25.0  # published 14 days before the deadline


def test_postings_by_kind(region):
    rows = {r.key: r for r in selectors.postings_by_kind()}
    assert list(rows) == [PostingKind.SUMMER_JOB, PostingKind.LIS1, PostingKind.ALIS]
    lis1, summer, alis = (
        rows[PostingKind.LIS1],
        rows[PostingKind.SUMMER_JOB],
        rows[PostingKind.ALIS],
    )
    assert (lis1.postings, lis1.posts, lis1.open, lis1.filled, lis1.filled_posts) == (5, 9, 0, 3, 6)
    assert lis1.fill_rate == 66.7
    assert (summer.postings, summer.open, summer.filled, summer.fill_rate) == (1, 1, 0, 0.0)
    assert (alis.postings, alis.open, alis.filled, alis.fill_rate) == (1, 0, 1, 100.0)


def test_postings_by_employer(region):
    rows = {r.label: r for r in selectors.postings_by_employer()}
    assert list(rows) == ["Fjordby kommune", "Sykehuset Vest", "Sykehuset Øst"]
    east = rows["Sykehuset Øst"]
    assert (east.postings, east.posts, east.open, east.filled, east.filled_posts) == (4, 6, 1, 3, 5)
    assert east.fill_rate == 83.3
    fjordby = rows["Fjordby kommune"]
    assert (fjordby.postings, fjordby.filled, fjordby.fill_rate) == (2, 1, 50.0)


def test_posting_counts_follow_the_period(region):
    today = timezone.localdate()
    recent = selectors.postings_by_kind(deadline_from=today - timedelta(days=30))
    assert {r.key: r.postings for r in recent} == {PostingKind.SUMMER_JOB: 1, PostingKind.LIS1: 4}
    assert selectors.postings_by_kind(deadline_to=today - timedelta(days=365)) == []


def test_upcoming_deadlines_come_first_with_the_total(region, hospital, municipality):
    now = timezone.now()
    for days in (3, 4):
        make_posting(
            None, hospital, municipality, f"Snart {days}", 1, deadline=now + timedelta(days=days)
        )
    rows, total = selectors.upcoming_deadlines(until=now + timedelta(days=30), limit=2)
    assert [p.title for p in rows] == ["Snart 3", "Snart 4"]
    assert total == 3  # and the summer job in 20 days; the draft never counts
    rows, total = selectors.upcoming_deadlines(
        until=now + timedelta(days=30), employer_ids=[region.other_hospital.pk]
    )
    assert (rows, total) == ([], 0)


@pytest.mark.parametrize("status", [ChoiceStatus.DRAFT, ChoiceStatus.WITHDRAWN])
def test_drafts_and_withdrawn_choices_are_not_applications(region, status):
    choose(application(UserFactory(), region.current), region.postings["D"], 1, status)
    stats = by_title(selectors.round_statistics(region.current))["LIS1 Fjordby D"]
    assert stats.applications == 0
