import uuid

import pytest
from django.core.management import call_command
from django.db import IntegrityError, models
from django.utils import translation

from feedback.models import (
    Answer,
    Campaign,
    Participation,
    PendingResponse,
    Question,
    Response,
    SurveyKind,
    SurveyTemplate,
    Theme,
)
from portal.models import User
from tests.feedback.factories import CampaignFactory

ANSWER_TABLES = [Response, Answer, PendingResponse]
TIME_FIELDS = (models.DateTimeField, models.DateField, models.TimeField, models.DurationField)


@pytest.mark.parametrize("model", ANSWER_TABLES)
def test_answer_tables_have_no_link_to_users_or_invitations(model):
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is None:
            continue
        assert related is not User, f"{model.__name__}.{field.name} points at users"
        assert related._meta.app_label != "auth"
        assert related.__name__ not in {"Invitation", "Participation"}, field.name


@pytest.mark.parametrize("model", ANSWER_TABLES)
def test_answer_tables_hold_no_time_finer_than_the_campaign_and_no_client_data(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, TIME_FIELDS), f"{model.__name__}.{field.name} is a time"
        assert not isinstance(field, models.GenericIPAddressField)
        assert not any(word in field.name for word in ("ip", "agent", "user", "created"))


@pytest.mark.parametrize("model", [*ANSWER_TABLES, Participation])
def test_answer_and_participation_ids_are_random_uuids_not_sequences(model):
    pk = model._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4


def test_participation_knows_the_invitation_but_nothing_about_answers_or_time():
    fields = {f.name: f for f in Participation._meta.concrete_fields}
    assert set(fields) == {"id", "invitation"}


def test_campaign_must_close_after_it_opens():
    campaign = CampaignFactory()
    campaign.closes_on = campaign.opens_on.replace(year=campaign.opens_on.year - 1)
    with pytest.raises(IntegrityError, match="campaign_closes_after_opening"):
        campaign.save()


@pytest.mark.parametrize(
    ("k", "k_text", "constraint"),
    [(2, 10, "campaign_k_at_least_3"), (5, 4, "campaign_k_text_not_below_k")],
)
def test_campaign_thresholds_cannot_be_set_below_the_floor(k, k_text, constraint):
    campaign = CampaignFactory()
    campaign.k, campaign.k_text = k, k_text
    with pytest.raises(IntegrityError, match=constraint):
        campaign.save()


def test_an_answer_holds_exactly_one_value():
    campaign = CampaignFactory()
    question = campaign.version.questions.filter(kind="likert").first()
    response = Response.objects.create(campaign=campaign, unit=campaign.units.first())
    with pytest.raises(IntegrityError, match="answer_holds_one_value"):
        Answer.objects.create(response=response, question=question, score=3, text="og tekst")


def test_default_templates_are_seeded_for_every_kind_in_both_languages():
    kinds = set(SurveyTemplate.objects.values_list("kind", flat=True))
    assert kinds == set(SurveyKind.values)
    for question in Question.objects.all():
        assert question.text_nb, question.key
        assert question.text_en, question.key
        if question.kind == "likert":
            assert question.low_label_en
            assert question.high_label_en
    lis1 = Question.objects.filter(version__template__slug="lis1-rotation")
    assert set(lis1.values_list("theme", flat=True)) == set(Theme.values)


def test_seed_surveys_command_is_idempotent_and_keeps_edits():
    template = SurveyTemplate.objects.get(slug="exit")
    template.name_nb = "Endret av koordinatoren"
    template.save()
    call_command("seed_surveys")
    call_command("seed_surveys")
    assert SurveyTemplate.objects.count() == len(SurveyKind.values)
    template.refresh_from_db()
    assert template.name_nb == "Endret av koordinatoren"


def test_question_text_follows_the_active_language():
    question = Question.objects.get(version__template__slug="lis1-rotation", key="safety_work")
    with translation.override("en"):
        assert question.text == "I have felt safe in my work."
    with translation.override("nb"):
        assert question.text == "Jeg har følt meg trygg i arbeidssituasjonen."


def test_campaign_knows_whether_it_is_open():
    campaign = CampaignFactory()
    assert campaign.is_open()
    assert not campaign.is_closed()
    assert Campaign.objects.get().has_not_opened(campaign.opens_on.replace(day=1)) is (
        campaign.opens_on.day != 1
    )
