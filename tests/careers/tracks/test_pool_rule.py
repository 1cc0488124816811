"""The pool rule: accepted a covered LIS1 offer + primary care or undecided + an active
consent naming the municipality. Nobody else is ever in a pool."""

import pytest

from careers.tracks import selectors, services
from recruitment.models import ChoiceStatus
from tests import factories
from tests.careers.tracks.factories import make_candidate, make_track
from tests.conftest import with_mfa


def pool(track, municipality):
    return set(selectors.pool_users(track, municipality.pk))


def test_accepted_interested_consenting_candidate_is_in_both_municipalities_pools(
    track, candidate, municipality, municipality_b
):
    assert pool(track, municipality) == {candidate}
    assert pool(track, municipality_b) == {candidate}


@pytest.mark.parametrize("preference", ["primary_care", "undecided"])
def test_primary_care_and_undecided_are_interested(
    track, covered_posting, lis1_round, municipality, preference
):
    user = make_candidate(
        posting=covered_posting, round=lis1_round, track=track, preference=preference
    )
    assert pool(track, municipality) == {user}


@pytest.mark.parametrize("preference", ["hospital", ""])
def test_hospital_only_or_no_preference_never_appears(
    track, covered_posting, lis1_round, municipality, preference
):
    make_candidate(posting=covered_posting, round=lis1_round, track=track, preference=preference)
    assert pool(track, municipality) == set()


def test_without_consent_never_appears(track, covered_posting, lis1_round, municipality):
    make_candidate(posting=covered_posting, round=lis1_round, track=track, consent=False)
    assert pool(track, municipality) == set()


@pytest.mark.parametrize(
    "status",
    [ChoiceStatus.SUBMITTED, ChoiceStatus.INTERVIEW, ChoiceStatus.OFFERED, ChoiceStatus.DECLINED],
)
def test_without_an_accepted_offer_never_appears(
    track, covered_posting, lis1_round, municipality, status
):
    user = make_candidate(posting=covered_posting, round=lis1_round, track=track, accepted=False)
    user.applications.get().choices.update(status=status)
    assert pool(track, municipality) == set()


def test_an_accepted_offer_on_a_posting_the_track_does_not_cover_is_not_enough(
    track, uncovered_posting, lis1_round, municipality
):
    make_candidate(posting=uncovered_posting, round=lis1_round, track=track)
    assert pool(track, municipality) == set()


def test_consent_to_another_track_is_not_consent_to_this_one(
    trust, track, covered_posting, lis1_round, municipality
):
    other = make_track(trust=trust, postings=[covered_posting], municipalities=[municipality])
    make_candidate(posting=covered_posting, round=lis1_round, track=other)
    assert pool(track, municipality) == set()
    assert len(pool(other, municipality)) == 1


def test_withdrawn_consent_leaves_every_pool_at_once(
    track, candidate, municipality, municipality_b
):
    consent = candidate.track_consents.get()
    services.withdraw_consent(user=candidate, consent=consent)
    assert pool(track, municipality) == set()
    assert pool(track, municipality_b) == set()


def test_changing_preference_to_hospital_leaves_the_pool(track, candidate, municipality):
    services.set_preference(user=candidate, preference="hospital")
    assert pool(track, municipality) == set()


def test_a_municipality_that_joined_after_the_consent_sees_the_candidate_only_after_renewal(
    coordinator, track, candidate, municipality_c
):
    services.add_municipality(user=coordinator, track=track, municipality=municipality_c)
    assert pool(track, municipality_c) == set()  # version 1 did not name Utby
    services.give_consent(user=candidate, track=track, share_documents=False)
    assert pool(track, municipality_c) == {candidate}


def test_an_offer_accepted_through_hiring_puts_the_candidate_in_the_pool(
    track, covered_posting, lis1_round, municipality, trust_hospital
):
    """The contract with recruitment's offers, end to end: the real acceptance is enough."""
    from recruitment.hiring import services as hiring

    recruiter = with_mfa(factories.UserFactory())
    factories.MembershipFactory(user=recruiter, organisation=trust_hospital, role="recruiter")
    user = make_candidate(posting=covered_posting, round=lis1_round, track=track, accepted=False)
    choice = user.applications.get().choices.get()
    offer = hiring.make_offer(user=recruiter, choice=choice)
    assert pool(track, municipality) == set()  # offered is not accepted
    hiring.accept_offer(user=user, offer=offer)
    assert pool(track, municipality) == {user}
