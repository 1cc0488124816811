"""Survey response rates and main scores per unit, with the k rules of feedback."""

from datetime import timedelta

from django.utils import timezone

from feedback import selectors
from tests import factories
from tests.dashboard.region import invite, release
from tests.feedback.factories import CampaignFactory


def groups(overview):
    return {g.label: g for g in overview.groups}


def east(region, **kwargs):
    overviews = selectors.survey_overview(**kwargs)
    return next(o for o in overviews if o.campaign_id == region.campaigns["east"].pk)


def test_coordinator_sees_rates_and_scores_where_k_is_reached(region):
    rows = groups(east(region))
    assert list(rows) == [
        "All units",
        "Akuttmottak",
        "Kirurgisk klinikk",
        "Medisinsk klinikk",
    ]
    total = rows["All units"]
    assert (total.invited, total.answered.n, total.response_rate) == (23, 13, 56.5)
    assert total.respondents.n == 13
    assert [cell.mean for cell in total.themes] == [4.5, 3.0, 2.0, 5.0]
    medicine = rows["Medisinsk klinikk"]
    assert (medicine.invited, medicine.answered.n, medicine.response_rate) == (10, 6, 60.0)
    assert [cell.mean for cell in medicine.themes] == [4.5, 3.0, 2.0, 5.0]


def test_a_unit_below_k_is_hidden_and_the_next_smallest_protects_it(region):
    rows = groups(east(region))
    small, protecting = rows["Akuttmottak"], rows["Kirurgisk klinikk"]
    assert small.invited == 5  # who was asked is no secret
    assert (small.answered.hidden, small.answered.reason, small.answered.n) == (True, "few", None)
    assert small.response_rate is None
    assert small.respondents.hidden
    assert all(cell.hidden for cell in small.themes)
    assert all(cell.mean is None for cell in small.themes)
    # 5 answered, but shown it would give away the 2 of the small unit (13 - 6 - 5).
    assert (protecting.answered.hidden, protecting.answered.reason) == (True, "protect")
    assert protecting.response_rate is None
    assert all(cell.hidden and cell.mean is None for cell in protecting.themes)


def test_the_combined_small_units_are_a_group_of_their_own(region):
    campaign = region.campaigns["east"]
    release(campaign, None, 5)
    rows = groups(east(region))
    combined = rows["Smaller units, combined"]
    assert (combined.invited, combined.answered) == (None, None)
    assert combined.respondents.n == 5


def test_a_campaign_below_k_in_all_shows_no_scores(region):
    unit = region.units["Medisinsk klinikk"]
    campaign = CampaignFactory(title="Liten", units=[unit])
    invite(campaign, unit, 6, 4)
    release(campaign, unit, 4)
    overview = next(o for o in selectors.survey_overview() if o.campaign_id == campaign.pk)
    total = groups(overview)["All units"]
    assert total.invited == 6
    assert total.answered.hidden
    assert total.respondents.hidden
    assert all(cell.hidden for cell in total.themes)


def test_an_employer_sees_only_its_units_with_suppression_decided_over_all(region):
    own = selectors.survey_overview(organisation_ids=[region.hospital.pk])
    assert [o.title for o in own] == ["LIS1-evaluering høst 2026"]
    rows = groups(own[0])
    assert list(rows) == ["Akuttmottak", "Kirurgisk klinikk", "Medisinsk klinikk"]
    assert rows["Kirurgisk klinikk"].answered.hidden  # still protecting Akuttmottak
    west = selectors.survey_overview(organisation_ids=[region.other_hospital.pk])
    assert [o.title for o in west] == ["Vest evaluering"]
    assert list(groups(west[0])) == ["Vest medisin"]
    assert groups(west[0])["Vest medisin"].respondents.n == 5


def test_campaigns_follow_the_period(region):
    today = timezone.localdate()
    assert selectors.survey_overview(closes_from=today) == []
    recent = selectors.survey_overview(closes_from=today - timedelta(days=7))
    assert [o.title for o in recent] == ["Vest evaluering"]
    assert len(selectors.survey_overview(opens_until=today - timedelta(days=30))) == 1
    assert len(selectors.survey_overview(limit=1)) == 1


def test_a_unit_whose_count_is_hidden_shows_no_scores_either(region, hospital):
    """While a campaign runs, answers wait in a buffer, so released responses can be fewer
    than those who answered. Here the small unit has 2 answered and none released: its
    scores need no protecting, but its count does – and shown scores for the protecting
    unit would tell that at least 5 of the 13 answered there."""
    units = [region.units[name] for name in ("Medisinsk klinikk", "Kirurgisk klinikk")]
    small = factories.UnitFactory(organisation=hospital, name="Liten post")
    campaign = CampaignFactory(title="Løpende", units=[*units, small])
    for unit, answered in ((units[0], 6), (units[1], 5), (small, 2)):
        invite(campaign, unit, 10, answered)
    release(campaign, units[0], 6)
    release(campaign, units[1], 5)
    overview = next(o for o in selectors.survey_overview() if o.campaign_id == campaign.pk)
    rows = groups(overview)
    protecting = rows["Kirurgisk klinikk"]
    assert (protecting.answered.hidden, protecting.answered.reason) == (True, "protect")
    assert protecting.respondents.hidden
    assert all(cell.hidden and cell.mean is None for cell in protecting.themes)
    assert rows["Medisinsk klinikk"].themes[0].mean == 4.5
    assert rows["All units"].answered.n == 13
