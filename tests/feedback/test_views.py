import csv
import io
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from feedback import views
from feedback.models import (
    Campaign,
    Participation,
    PendingResponse,
    SurveyTemplate,
    SurveyVersion,
)
from portal import exports
from tests import factories
from tests.feedback.conftest import LIS1_ANSWERS, answers_by_key, close, released, token_for
from tests.feedback.factories import CampaignFactory, InvitationFactory


def _form(campaign, by_key=LIS1_ANSWERS):
    return {f"q{qid}": value for qid, value in answers_by_key(campaign, by_key).items()}


@pytest.fixture
def survey_url(campaign, units):
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    return reverse("feedback:survey", kwargs={"token": token_for(invitation)})


# --- The respondent ---------------------------------------------------------------------------


def test_the_survey_page_explains_anonymity_before_asking(client, survey_url):
    response = client.get(survey_url)
    page = response.content.decode()
    assert response.status_code == 200
    # The heading itself, not the word "anonymous" (the page's meta description has it).
    heading = page.index(">How your anonymity is protected</h2>")
    assert "stored without your name, e-mail address, login, IP address" in page
    assert heading < page.index("I have felt safe in my work.")
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_survey_is_shown_in_english_to_english_readers(client, survey_url):
    page = client.get(survey_url, headers={"accept-language": "en"}).content.decode()
    assert "I have felt safe in my work." in page


def test_submitting_thanks_the_doctor_and_explains_anonymity(client, campaign, survey_url):
    response = client.post(survey_url, _form(campaign), follow=True)
    assert response.redirect_chain[-1][0] == reverse("feedback:thanks") + "?k=5&k_text=10"
    page = response.content.decode()
    assert "Thank you" in page or "Takk" in page
    assert "at least 5" in page or "minst 5" in page
    assert PendingResponse.objects.count() == 1


def test_a_double_post_answers_once_and_explains_the_second(client, campaign, survey_url):
    client.post(survey_url, _form(campaign))
    second = client.post(survey_url, _form(campaign))
    assert second.status_code == 200
    assert second.context["state"] == "used"
    assert PendingResponse.objects.count() == 1
    assert Participation.objects.count() == 1
    assert client.get(survey_url).context["state"] == "used"


def test_an_invalid_answer_is_refused_and_keeps_what_was_typed(client, campaign, survey_url):
    question = campaign.version.questions.get(key="safety_work")
    data = {**_form(campaign), f"q{question.pk}": "9"}
    response = client.post(survey_url, data)
    assert response.status_code == 200
    assert f"q{question.pk}" in response.context["form"].errors
    assert "Godt fagmiljø og trygg vakt." in response.content.decode()
    assert not PendingResponse.objects.exists()


def test_a_required_question_left_empty_is_named(client, campaign, survey_url):
    campaign.version.questions.filter(key="safety_work").update(required=True)
    data = dict(_form(campaign).items())
    data.pop(f"q{campaign.version.questions.get(key='safety_work').pk}")
    response = client.post(survey_url, data)
    assert response.status_code == 200
    assert 'href="#question-' in response.content.decode()


def test_an_unknown_link_explains_itself(client):
    response = client.get(reverse("feedback:survey", kwargs={"token": "nonsense"}))
    assert response.status_code == 404
    assert response.context["state"] == "unknown"


@pytest.mark.parametrize(("days", "state"), [(30, "not_open"), (-30, "closed")])
def test_a_link_outside_the_period_explains_itself(client, campaign, survey_url, days, state):
    shift = timedelta(days=days)
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=campaign.opens_on + shift, closes_on=campaign.closes_on + shift
    )
    response = client.get(survey_url)
    assert response.status_code == 200
    assert response.context["state"] == state


def test_the_submit_view_hides_the_request_body_from_error_reports(campaign, units):
    request = RequestFactory().post("/survey/x/", {"q1": "secret"})
    request.session = {}
    views.survey(request, "unknown-token")
    assert request.sensitive_post_parameters == "__ALL__"


# --- Who sees what ----------------------------------------------------------------------------


STAFF_PAGES = ["campaign_detail", "campaign_results", "campaign_results_csv"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_coordinator_and_unit_leaders_see_a_campaign(login, campaign, coordinator, leader, name):
    url = reverse(f"feedback:{name}", kwargs={"pk": campaign.pk})
    assert login(coordinator).get(url).status_code == 200
    assert login(leader).get(url).status_code == 200


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_outsiders_get_404_for_a_campaign(login, campaign, outsider_recruiter, applicant, name):
    url = reverse(f"feedback:{name}", kwargs={"pk": campaign.pk})
    assert login(outsider_recruiter).get(url).status_code == 404
    assert login(applicant).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, campaign):
    response = client.get(reverse("feedback:campaign_results", kwargs={"pk": campaign.pk}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_leader_may_look_but_not_invite(login, campaign, units, leader):
    response = login(leader).post(
        reverse("feedback:campaign_invite", kwargs={"pk": campaign.pk}),
        {"unit": units[0].pk, "emails": "a@example.no"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        reverse("feedback:campaign_create"),
        reverse("feedback:template_list"),
    ],
)
def test_only_the_coordinator_reaches_campaign_and_template_work(login, leader, coordinator, url):
    assert login(leader).get(url).status_code == 404
    assert login(coordinator).get(url).status_code == 200


def test_leaders_see_only_their_units_and_no_total(login, campaign, units, leader, municipality):
    elsewhere = factories.UnitFactory(organisation=municipality, name="Legevakt")
    campaign.units.add(elsewhere)
    released(campaign, units[0], 6)
    released(campaign, elsewhere, 6)
    response = login(leader).get(reverse("feedback:campaign_results", kwargs={"pk": campaign.pk}))
    keys = [group.key for group in response.context["results"].groups]
    assert elsewhere.pk not in keys
    assert "total" not in keys
    assert units[0].pk in keys


def test_campaign_list_query_count_does_not_grow(
    login, coordinator, units, django_assert_max_num_queries
):
    client = login(coordinator)
    CampaignFactory.create_batch(2, units=units)
    with django_assert_max_num_queries(12):
        client.get(reverse("feedback:campaign_list"))
    CampaignFactory.create_batch(12, units=units)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("feedback:campaign_list"))
    assert len(response.context["page"]) == 14


def test_a_leader_lists_only_campaigns_of_their_units(login, leader, campaign):
    other = CampaignFactory(title="Andre steder")
    page = login(leader).get(reverse("feedback:campaign_list")).content.decode()
    assert campaign.title in page
    assert other.title not in page


# --- Results ----------------------------------------------------------------------------------


def test_groups_below_k_show_too_few_responses_and_no_free_text(
    login, coordinator, campaign, units
):
    medical, surgical, emergency = units
    released(campaign, medical, 6, {**LIS1_ANSWERS, "text_good": "Fin veileder"})
    released(campaign, surgical, 9)
    released(campaign, emergency, 2, {**LIS1_ANSWERS, "text_good": "Hemmelig hilsen"})
    client = login(coordinator)
    url = reverse("feedback:campaign_results", kwargs={"pk": campaign.pk})

    page = client.get(url, {"group": emergency.pk}).content.decode()
    assert "Too few responses" in page or "For få svar" in page
    assert "Hemmelig hilsen" not in page
    page = client.get(url, {"group": medical.pk}).content.decode()
    assert "Hidden to protect a smaller group" in page or "beskytte" in page
    assert "Fin veileder" not in page
    # Comments need k_text = 10 in a group: no unit has them, so no comment is shown
    # anywhere – not even among the total's 17, where subtracting one unit's would single
    # out the others'.
    page = client.get(url, {"group": surgical.pk}).content.decode()
    assert "Too few responses to show written comments" in page or "kommentarer" in page
    assert "Godt fagmiljø" not in page
    total = client.get(url, {"group": "total"}).content.decode()
    assert "Hemmelig hilsen" not in total
    assert "Godt fagmiljø" not in total


def test_free_text_is_shown_where_k_text_answered(login, coordinator, campaign, units):
    released(campaign, units[0], 10, {**LIS1_ANSWERS, "text_good": "Fin veileder"})
    page = (
        login(coordinator)
        .get(
            reverse("feedback:campaign_results", kwargs={"pk": campaign.pk}), {"group": units[0].pk}
        )
        .content.decode()
    )
    assert page.count("Fin veileder") == 10


def test_the_csv_export_holds_the_same_suppressed_aggregates(login, coordinator, campaign, units):
    medical, surgical, emergency = units
    released(campaign, medical, 6)
    released(campaign, surgical, 9)
    released(campaign, emergency, 2)
    response = login(coordinator).get(
        reverse("feedback:campaign_results_csv", kwargs={"pk": campaign.pk})
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    suppressed = header.index("Suppressed") if "Suppressed" in header else 8
    by_group = {}
    for row in body:
        by_group.setdefault(row[0], []).append(row)
    assert all(row[suppressed] in ("yes", "ja") for row in by_group[emergency.name])
    assert all(row[5] == row[6] == row[7] == "" for row in by_group[emergency.name])
    assert all(row[suppressed] in ("yes", "ja") for row in by_group[medical.name])
    regular = [r for r in by_group[surgical.name] if r[2] == "supervision_regular"]
    assert [r[5] for r in regular] == ["0", "0", "0", "9", "0"]
    assert not any("Godt fagmiljø" in cell for row in body for cell in row)


def test_csv_cells_that_look_like_formulas_are_quoted():
    # The survey CSV is written by portal.exports (tests/portal/test_exports.py covers more).
    assert exports.csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports.csv_cell("Akuttmottak") == "Akuttmottak"
    assert exports.csv_cell(4.5) == "4.5"


# --- Campaign work ----------------------------------------------------------------------------


def test_coordinator_starts_a_campaign(login, coordinator, units):
    today = timezone.localdate()
    template = SurveyTemplate.objects.get(slug="lis1-rotation")
    response = login(coordinator).post(
        reverse("feedback:campaign_create"),
        {
            "template": template.pk,
            "title": "LIS1 vår 2027",
            "units": [units[0].pk, units[1].pk],
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=14)).isoformat(),
            "k": "5",
            "k_text": "10",
        },
    )
    campaign = Campaign.objects.get(title="LIS1 vår 2027")
    assert response.status_code == 302
    assert campaign.version.template == template


def test_a_campaign_closing_before_it_opens_is_refused_and_keeps_the_title(
    login, coordinator, units
):
    today = timezone.localdate()
    response = login(coordinator).post(
        reverse("feedback:campaign_create"),
        {
            "template": SurveyTemplate.objects.first().pk,
            "title": "Feil datoer",
            "units": [units[0].pk],
            "opens_on": (today + timedelta(days=10)).isoformat(),
            "closes_on": today.isoformat(),
            "k": "5",
            "k_text": "3",
        },
    )
    form = response.context["form"]
    assert {"closes_on", "k_text"} <= set(form.errors)
    assert form["title"].value() == "Feil datoer"
    assert not Campaign.objects.exists()


def test_invalid_addresses_are_named_and_what_was_typed_is_kept(
    login, coordinator, campaign, units
):
    response = login(coordinator).post(
        reverse("feedback:campaign_invite", kwargs={"pk": campaign.pk}),
        {"unit": units[0].pk, "emails": "ok@example.no\nikke-en-adresse"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ikke-en-adresse" in page
    assert "ok@example.no" in page
    assert not campaign.invitations.exists()


def test_coordinator_invites_and_the_links_go_out(
    login, coordinator, campaign, units, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(
            reverse("feedback:campaign_invite", kwargs={"pk": campaign.pk}),
            {"unit": units[0].pk, "emails": "a@example.no, b@example.no"},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.no", "b@example.no"]


# --- Templates --------------------------------------------------------------------------------


def _template_post(template, version, **overrides):
    questions = list(version.questions.prefetch_related("choices"))
    data = {
        "name_nb": template.name_nb,
        "name_en": template.name_en,
        "intro_nb": "",
        "intro_en": "",
        "questions-TOTAL_FORMS": str(len(questions) + 1),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "60",
    }
    for n, q in enumerate(questions):
        prefix = f"questions-{n}-"
        data |= {
            prefix + "key": q.key,
            prefix + "theme": q.theme,
            prefix + "kind": q.kind,
            prefix + "text_nb": q.text_nb,
            prefix + "text_en": q.text_en,
            prefix + "low_label_nb": q.low_label_nb,
            prefix + "low_label_en": q.low_label_en,
            prefix + "high_label_nb": q.high_label_nb,
            prefix + "high_label_en": q.high_label_en,
            prefix + "options": "\n".join(f"{c.text_nb} | {c.text_en}" for c in q.choices.all()),
            prefix + "ORDER": str(n + 1),
        }
    data.update(overrides)
    return data


def test_editing_a_used_template_in_the_browser_makes_a_new_version(login, coordinator, campaign):
    template = campaign.version.template
    n = campaign.version.questions.count()
    data = _template_post(
        template,
        campaign.version,
        **{
            f"questions-{n}-theme": "workload",
            f"questions-{n}-kind": "likert",
            f"questions-{n}-text_nb": "Jeg har hatt tid til pauser.",
            f"questions-{n}-ORDER": "0",
            "questions-1-DELETE": "on",
        },
    )
    response = login(coordinator).post(
        reverse("feedback:template_edit", kwargs={"pk": template.pk}), data
    )
    assert response.status_code == 302
    new = template.versions.get(number=2)
    assert new.questions.first().text_nb == "Jeg har hatt tid til pauser."
    assert new.questions.first().low_label_nb == "Helt uenig"
    assert new.questions.count() == n
    assert campaign.version.questions.count() == n


def test_a_choice_question_without_options_is_refused(login, coordinator):
    template = SurveyTemplate.objects.get(slug="stay")
    version = template.versions.get()
    data = _template_post(template, version, **{"questions-0-kind": "single"})
    response = login(coordinator).post(
        reverse("feedback:template_edit", kwargs={"pk": template.pk}), data
    )
    assert response.status_code == 200
    assert "options" in response.context["formset"].forms[0].errors
    assert SurveyVersion.objects.filter(template=template).count() == 1


def test_copying_a_template_opens_the_copy_for_editing(login, coordinator):
    template = SurveyTemplate.objects.get(slug="exit")
    response = login(coordinator).post(
        reverse("feedback:template_copy", kwargs={"pk": template.pk})
    )
    copy = SurveyTemplate.objects.get(copied_from=template)
    assert response["Location"] == reverse("feedback:template_edit", kwargs={"pk": copy.pk})


def test_template_detail_and_trends_pages(login, coordinator, campaign, units):
    released(campaign, units[0], 5)
    client = login(coordinator)
    template = campaign.version.template
    assert client.get(template.get_absolute_url()).status_code == 200
    trends = client.get(reverse("feedback:template_trends", kwargs={"pk": template.pk}))
    assert [p.campaign for p in trends.context["points"]] == [campaign]
    unit_trend = client.get(
        reverse("feedback:template_trends", kwargs={"pk": template.pk}), {"group": units[0].pk}
    )
    assert unit_trend.context["unit"] == units[0]


# --- The public unit page ---------------------------------------------------------------------


def test_the_unit_page_shows_scores_only_at_k(client, units, hospital, municipality):
    medical = units[0]
    factories.PostingFactory(
        title="LIS1 ved medisinsk", unit=medical, employer=hospital, municipality=municipality
    )
    campaign = close(CampaignFactory(units=[medical]))
    Campaign.objects.filter(pk=campaign.pk).update(finalised=True)
    released(campaign, medical, 4)
    url = reverse("feedback:unit_detail", kwargs={"pk": medical.pk})
    page = client.get(url).content.decode()
    assert "LIS1 ved medisinsk" in page
    assert "4 of 5" not in page
    assert "av 5" not in page
    released(campaign, medical, 1)
    page = client.get(url).content.decode()
    assert "5 respondents" in page or "5 respondenter" in page


def test_an_unknown_unit_is_404(client):
    assert client.get(reverse("feedback:unit_detail", kwargs={"pk": 999999})).status_code == 404
