"""The figures for the dashboard: the funnel per track and municipality, and totals per
track. The coupling limit's figures are tried in test_coupling_limit.py."""

from datetime import timedelta

from django.utils import timezone

from careers import selectors as careers_selectors
from careers.models import Invitation, Placement
from careers.tracks import selectors, services
from tests import factories
from tests.careers.tracks.factories import make_candidate, make_track
from tests.recruitment.factories import ApplicationRoundFactory

SOON = timezone.now() + timedelta(days=7)


def invite(chief, track, municipality, candidate):
    participation = track.participations.get(municipality=municipality)
    return services.invite(
        user=chief,
        participation=participation,
        candidate_id=candidate.pk,
        kind="interview",
        message="Velkommen til en prat.",
        times=[SOON],
    )


def interview(chief, invitation, outcome="interviewed"):
    services.answer_invitation(
        user=invitation.candidate,
        invitation=invitation,
        answer="accept",
        time_id=invitation.times.get().pk,
    )
    return services.record_outcome(user=chief, invitation=invitation, outcome=outcome)


def as_tuples(rows):
    return [
        (
            row.municipality.name,
            row.interested,
            row.consented,
            row.invited,
            row.interviewed,
            row.placed,
        )
        for row in rows
    ]


def test_the_funnel_counts_distinct_candidates_at_each_step(
    track,
    covered_posting,
    uncovered_posting,
    lis1_round,
    municipality,
    municipality_b,
    chief_a,
    chief_b,
    django_assert_max_num_queries,
):
    people = {
        name: make_candidate(posting=covered_posting, round=lis1_round, track=track, local=1)
        for name in ("placed", "interviewed", "invited_twice", "pool_only")
    }
    # Interested but not consenting; consenting but hospital-minded; not accepted; uncovered.
    make_candidate(posting=covered_posting, round=lis1_round, track=track, consent=False)
    make_candidate(posting=covered_posting, round=lis1_round, track=track, preference="hospital")
    make_candidate(posting=covered_posting, round=lis1_round, track=track, accepted=False)
    make_candidate(posting=uncovered_posting, round=lis1_round, track=track)

    invitation = invite(chief_a, track, municipality, people["placed"])
    interview(chief_a, invitation, "offered")
    services.record_outcome(user=chief_a, invitation=invitation, outcome="accepted")
    services.create_placement(
        user=chief_a,
        invitation=invitation,
        lis1_start=covered_posting.start_date,
        alis_start=covered_posting.start_date + timedelta(days=540),
    )
    interview(chief_b, invite(chief_b, track, municipality_b, people["interviewed"]))
    invite(chief_a, track, municipality, people["invited_twice"])
    invite(chief_a, track, municipality, people["invited_twice"])  # a second invitation
    invite(chief_b, track, municipality_b, people["invited_twice"])
    cancelled = invite(chief_b, track, municipality_b, people["pool_only"])
    services.cancel_invitation(user=chief_b, invitation=cancelled)

    with django_assert_max_num_queries(6):
        rows = careers_selectors.coupled_track_funnel()
    assert as_tuples(rows) == [
        # municipality, interested, consented, invited, interviewed, placed
        ("Elvdal kommune", 5, 4, 2, 1, 0),
        ("Fjordby kommune", 5, 4, 2, 1, 1),
    ]
    assert all(row.track == track for row in rows)
    (totals,) = careers_selectors.coupled_track_totals()
    assert (totals.track, totals.interested, totals.consented) == (track, 5, 4)
    assert (totals.invited, totals.interviewed, totals.placed) == (3, 2, 1)


def test_withdrawn_consent_leaves_the_pool_count_but_not_the_history(
    track, candidate, municipality, chief_a
):
    invite(chief_a, track, municipality, candidate)
    services.withdraw_consent(user=candidate, consent=candidate.track_consents.get())
    row = selectors.coupled_track_funnel(municipality_ids=[municipality.pk])[0]
    assert (row.interested, row.consented, row.invited) == (1, 0, 1)
    assert Invitation.objects.get().status == Invitation.Status.WITHDRAWN


def test_filters_by_track_municipality_and_round(
    trust, track, covered_posting, lis1_round, municipality, municipality_b, chief_a
):
    spring = factories.PostingFactory(employer=trust, municipality=municipality)
    spring_round = ApplicationRoundFactory(name="LIS1 vår 2028", postings=[spring])
    other = make_track(trust=trust, postings=[spring], municipalities=[municipality])
    track.postings.add(spring)
    autumn_person = make_candidate(posting=covered_posting, round=lis1_round, track=track)
    make_candidate(posting=spring, round=spring_round, track=track)
    make_candidate(posting=spring, round=spring_round, track=other)
    invite(chief_a, track, municipality, autumn_person)

    rows = selectors.coupled_track_funnel(track_ids=[track.pk], round_id=lis1_round.pk)
    assert as_tuples(rows) == [
        ("Elvdal kommune", 1, 1, 0, 0, 0),
        ("Fjordby kommune", 1, 1, 1, 0, 0),
    ]
    rows = selectors.coupled_track_funnel(municipality_ids=[municipality.pk])
    assert [(r.track.name, r.interested, r.consented, r.invited) for r in rows] == [
        (other.name, 2, 1, 0),
        ("Østlegen", 3, 2, 1),
    ]
    totals = selectors.coupled_track_totals(
        track_ids=[track.pk], municipality_ids=[municipality_b.pk]
    )
    assert [(t.consented, t.invited) for t in totals] == [(2, 0)]
    assert selectors.coupled_track_funnel(track_ids=[]) == []


def test_placements_that_ended_do_not_count(track, candidate, municipality, chief_a):
    invitation = invite(chief_a, track, municipality, candidate)
    interview(chief_a, invitation, "accepted")
    placement = services.create_placement(
        user=chief_a,
        invitation=invitation,
        lis1_start=timezone.localdate(),
        alis_start=timezone.localdate() + timedelta(days=600),
    )
    assert selectors.coupled_track_totals()[0].placed == 1
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ENDED)
    assert selectors.coupled_track_totals()[0].placed == 0
