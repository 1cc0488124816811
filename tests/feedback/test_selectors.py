from datetime import timedelta

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from feedback import selectors, services
from feedback.models import Campaign, Question, SurveyTemplate, Theme
from feedback.selectors import COMBINED, TOTAL, suppress
from tests.feedback.conftest import LIS1_ANSWERS, close, released, respond
from tests.feedback.factories import CampaignFactory, InvitationFactory

# --- suppress ---------------------------------------------------------------------------------


def test_groups_below_k_are_hidden_and_the_rest_shown():
    result = suppress({"a": 5, "b": 9, "c": 12}, k=5)
    assert result.hidden == frozenset()
    assert not result.total_hidden


def test_one_small_group_takes_the_next_smallest_down_with_it():
    result = suppress({"a": 6, "b": 9, "c": 2}, k=5)
    assert result.primary == {"c"}
    assert result.hidden == {"a", "c"}
    assert result.reason("c") == "few"
    assert result.reason("a") == "protect"
    assert not result.is_hidden("b")
    assert not result.is_hidden(TOTAL)


def test_two_small_groups_that_together_reach_k_need_no_more_hiding():
    result = suppress({"a": 3, "b": 3, "c": 20}, k=5)
    assert result.hidden == {"a", "b"}


def test_a_group_with_nobody_in_it_reveals_nothing_and_hides_nothing_else():
    result = suppress({"a": 0, "b": 7, "c": 8}, k=5)
    assert result.hidden == {"a"}


def test_a_total_below_k_hides_everything():
    result = suppress({"a": 2, "b": 2}, k=5)
    assert result.total_hidden
    assert result.is_hidden("a")
    assert result.is_hidden(TOTAL)


@given(st.dictionaries(st.integers(0, 20), st.integers(0, 30), max_size=8), st.integers(3, 10))
def test_no_subtraction_of_visible_groups_from_the_total_isolates_fewer_than_k(counts, k):
    result = suppress(counts, k)
    if result.total_hidden:
        assert sum(counts.values()) < k
        return
    hidden_people = sum(counts[key] for key in result.hidden)
    assert hidden_people == 0 or hidden_people >= k
    assert all(counts[key] >= k for key in counts if key not in result.hidden)


# --- Campaign results -------------------------------------------------------------------------


def test_subtraction_attack_over_units_and_total_reveals_nothing(campaign, units):
    medical, surgical, emergency = units
    released(campaign, medical, 6, {**LIS1_ANSWERS, "supervision_regular": 5})
    released(campaign, surgical, 7, {**LIS1_ANSWERS, "supervision_regular": 4})
    released(campaign, emergency, 2, {**LIS1_ANSWERS, "supervision_regular": 1})

    results = selectors.campaign_results(campaign)

    total = results.group(TOTAL)
    assert not total.cell.hidden
    assert total.cell.n == 15
    assert results.group(emergency.pk).cell.reason == "few"
    assert results.group(medical.pk).cell.reason == "protect"
    assert not results.group(surgical.pk).cell.hidden
    # The attack, for every question and theme: total minus every visible unit.
    for index, total_q in enumerate(total.questions):
        if total_q.cell.hidden or total_q.cell.n is None:
            continue
        visible_n = sum(
            g.questions[index].cell.n
            for g in results.groups
            if g.key != TOTAL and not g.questions[index].cell.hidden
        )
        left = total_q.cell.n - visible_n
        assert left == 0 or left >= campaign.k, total_q.question.key
    for index, cell in enumerate(total.theme_cells):
        if cell.hidden:
            continue
        visible = [g.theme_cells[index] for g in results.groups if g.key != TOTAL]
        left = cell.n - sum(c.n for c in visible if not c.hidden)
        assert left == 0 or left >= campaign.k
    # And nothing in the hidden units' rows carries a figure.
    for key in (medical.pk, emergency.pk):
        group = results.group(key)
        assert all(c.mean is None and c.n is None for c in group.theme_cells)
        assert all(r.cell.bars == [] and not r.texts for r in group.questions)


def test_a_question_few_answered_is_hidden_even_in_a_visible_unit(campaign, units):
    medical, surgical, _emergency = units
    released(campaign, medical, 6)
    without_safety = {k: v for k, v in LIS1_ANSWERS.items() if k != "safety_work"}
    released(campaign, surgical, 4, without_safety)
    released(campaign, surgical, 2)

    results = selectors.campaign_results(campaign)
    key = "safety_work"
    medical_q, surgical_q, total_q = (
        next(r for r in results.group(g).questions if r.question.key == key)
        for g in (medical.pk, surgical.pk, TOTAL)
    )
    assert surgical_q.cell.hidden  # only 2 answered it
    assert medical_q.cell.hidden  # hidden with it, or the total would give it away
    assert not total_q.cell.hidden
    assert total_q.cell.n == 8


def test_distribution_and_mean_per_question_and_theme(campaign, units):
    medical = units[0]
    released(campaign, medical, 3, {**LIS1_ANSWERS, "supervision_regular": 2})
    released(campaign, medical, 3, {**LIS1_ANSWERS, "supervision_regular": 5})

    group = selectors.campaign_results(campaign).group(medical.pk)
    result = next(r for r in group.questions if r.question.key == "supervision_regular")
    assert result.cell.n == 6
    assert result.cell.mean == 3.5
    assert [bar.count for bar in result.cell.bars] == [0, 3, 0, 0, 3]
    assert [bar.percent for bar in result.cell.bars] == [0, 50, 0, 0, 50]
    choices = next(r for r in group.questions if r.question.key == "career_what_helps")
    assert {bar.label: bar.count for bar in choices.cell.bars if bar.count} == {
        "Good supervision": 6,
        "Help with housing": 6,
    }
    supervision = selectors.campaign_results(campaign).themes.index(
        (Theme.SUPERVISION.value, Theme.SUPERVISION.label)
    )
    # supervision_regular mean 3.5 and supervision_useful 5 → theme mean 4.25 → 4.2
    assert group.theme_cells[supervision].mean == 4.2


def test_groups_below_k_text_show_no_free_text(campaign, units):
    released(campaign, units[0], 6)
    results = selectors.campaign_results(campaign)
    text = next(r for r in results.group(units[0].pk).questions if r.question.key == "text_good")
    assert not results.group(units[0].pk).cell.hidden
    assert text.texts is None
    assert results.group(units[0].pk).texts_hidden


def test_free_text_from_k_text_respondents_is_listed_in_random_order(campaign, units):
    for n in range(12):
        released(campaign, units[0], 1, {**LIS1_ANSWERS, "text_good": f"Kommentar {n}"})
    orders = set()
    for _ in range(10):
        results = selectors.campaign_results(campaign)
        group = results.group(units[0].pk)
        text = next(r for r in group.questions if r.question.key == "text_good")
        assert sorted(text.texts) == sorted(f"Kommentar {n}" for n in range(12))
        orders.add(tuple(text.texts))
    assert len(orders) > 1


def test_a_leader_sees_only_their_units_with_the_suppression_of_the_whole(campaign, units):
    medical, surgical, emergency = units
    released(campaign, medical, 6)
    released(campaign, surgical, 7)
    released(campaign, emergency, 2)
    results = selectors.campaign_results(campaign, visible_keys={medical.pk})
    assert [g.key for g in results.groups] == [medical.pk]
    assert results.groups[0].cell.hidden  # hidden to protect the emergency unit


def test_query_count_of_results_does_not_grow_with_responses(
    campaign, units, django_assert_max_num_queries
):
    released(campaign, units[0], 6)
    with django_assert_max_num_queries(9):
        selectors.campaign_results(campaign)
    released(campaign, units[1], 20)
    with django_assert_max_num_queries(9):
        selectors.campaign_results(campaign)


# --- Trends -----------------------------------------------------------------------------------


def test_trends_compare_theme_scores_across_campaigns_of_a_template(units, coordinator):
    template = SurveyTemplate.objects.get(slug="lis1-rotation")
    today = timezone.localdate()
    spring = CampaignFactory(
        units=units,
        title="Vår",
        opens_on=today - timedelta(days=200),
        closes_on=today - timedelta(days=170),
    )
    released(spring, units[0], 6, {**LIS1_ANSWERS, "safety_work": 2, "safety_speak_up": 2})
    # The coordinator edits the survey; the next campaign runs on the new version.
    data = services.TemplateData(
        name_nb=template.name_nb,
        name_en=template.name_en,
        intro_nb="",
        intro_en="",
        questions=services.question_data(spring.version)[:-1],
    )
    services.save_template(user=coordinator, template=template, data=data)
    autumn = CampaignFactory(
        units=units, title="Høst", version=template.versions.order_by("-number").first()
    )
    assert autumn.version != spring.version
    released(autumn, units[0], 7, {**LIS1_ANSWERS, "safety_work": 4, "safety_speak_up": 5})
    released(autumn, units[1], 1)

    themes, points = selectors.template_trends(template)
    safety = [value for value, _label in themes].index(Theme.SAFETY)
    assert [p.campaign.title for p in points] == ["Vår", "Høst"]
    # Autumn: 7 × (4 + 5) from the medical unit and 1 × (3 + 4) from the surgical one.
    assert [p.theme_cells[safety].mean for p in points] == [2.0, 4.4]

    _themes, medical = selectors.template_trends(template, units[0].pk)
    assert medical[0].theme_cells[safety].mean == 2.0
    # In autumn the medical unit hides too: else total minus medical = the surgical one.
    assert medical[1].cell.reason == "protect"
    _themes, surgical = selectors.template_trends(template, units[1].pk)
    assert all(p.cell.hidden for p in surgical)


# --- Honest promotion -------------------------------------------------------------------------


def _finished_campaign(units, **kwargs):
    campaign = CampaignFactory(units=units, **kwargs)
    close(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(finalised=True)
    campaign.refresh_from_db()
    return campaign


def test_latest_unit_scores_appear_only_when_k_have_answered(units):
    medical = units[0]
    campaign = _finished_campaign([medical])
    released(campaign, medical, 4)
    assert selectors.latest_unit_scores([medical.pk]) == {}
    released(campaign, medical, 1)
    scores = selectors.latest_unit_scores([medical.pk])[medical.pk]
    assert scores.respondents == 5
    assert scores.supervision == 4.5  # (4 + 5) / 2
    assert scores.safety == 3.5
    assert (scores.opens_on, scores.closes_on) == (campaign.opens_on, campaign.closes_on)


def test_latest_unit_scores_skip_open_campaigns_and_other_survey_kinds(units):
    medical = units[0]
    open_campaign = CampaignFactory(units=[medical])
    released(open_campaign, medical, 8)
    exit_version = Question.objects.filter(version__template__kind="exit").first().version
    exit_campaign = _finished_campaign([medical], version=exit_version)
    released(exit_campaign, medical, 0)
    assert selectors.latest_unit_scores([medical.pk]) == {}


def test_latest_unit_scores_respect_secondary_suppression(units):
    medical, surgical, emergency = units
    campaign = _finished_campaign(units)
    released(campaign, medical, 6)
    released(campaign, surgical, 9)
    released(campaign, emergency, 2)
    scores = selectors.latest_unit_scores([u.pk for u in units])
    assert set(scores) == {surgical.pk}


def test_latest_unit_scores_take_the_newest_campaign_that_reached_k(units):
    medical = units[0]
    older = _finished_campaign([medical], title="Eldre")
    released(older, medical, 5, {**LIS1_ANSWERS, "safety_work": 1, "safety_speak_up": 1})
    newer = _finished_campaign([medical], title="Nyere")
    released(newer, medical, 5, {**LIS1_ANSWERS, "safety_work": 5, "safety_speak_up": 5})
    Campaign.objects.filter(pk=older.pk).update(closes_on=newer.closes_on - timedelta(days=1))
    assert selectors.latest_unit_scores([medical.pk])[medical.pk].campaign_title == "Nyere"
    assert selectors.latest_unit_scores([medical.pk])[medical.pk].safety == 5.0


def test_unit_scores_include_renders_scores_only_at_k(units):
    medical = units[0]
    campaign = _finished_campaign([medical])
    page = Template("{% load feedback_tags %}{% unit_scores unit_id %}")
    released(campaign, medical, 4)
    assert page.render(Context({"unit_id": medical.pk})).strip() == ""
    released(campaign, medical, 1)
    html = page.render(Context({"unit_id": medical.pk}))
    assert "4,5" in html or "4.5" in html
    assert "5 respondents" in html or "5 respondenter" in html


def test_combined_small_units_count_in_the_total_but_give_no_unit_a_score(units):
    campaign = _finished_campaign(units)
    released(campaign, None, 6)
    assert selectors.latest_unit_scores([u.pk for u in units]) == {}
    results = selectors.campaign_results(campaign)
    assert results.group(COMBINED).cell.n == 6
    assert results.group(TOTAL).cell.n == 6
    assert all(results.group(u.pk).cell.hidden for u in units)


# --- Non-responders ---------------------------------------------------------------------------


def test_non_responders_are_the_invitations_not_yet_used(campaign, units):
    answered = respond(campaign, units[0])
    waiting = InvitationFactory(campaign=campaign, unit=units[1])
    assert list(selectors.non_responders(campaign)) == [waiting]
    assert answered not in selectors.non_responders(campaign)


def test_link_states(campaign, units):
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    assert selectors.link_state(None) == selectors.LinkState.UNKNOWN
    assert selectors.link_state(invitation) == selectors.LinkState.VALID
    today = timezone.localdate()
    assert selectors.link_state(invitation, today - timedelta(days=30)) == "not_open"
    assert selectors.link_state(invitation, today + timedelta(days=30)) == "closed"
    respond_invitation = respond(campaign, units[0])
    assert selectors.link_state(respond_invitation) == selectors.LinkState.USED


def test_respondent_counts_ignore_other_campaigns(units):
    one, other = CampaignFactory(units=units), CampaignFactory(units=units)
    released(one, units[0], 5)
    released(other, units[0], 2)
    assert selectors.campaign_results(one).group(TOTAL).cell.n == 5
