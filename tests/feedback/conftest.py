"""Survey fixtures: units at the hospital, a LIS1 campaign, and ways to answer it."""

from collections.abc import Mapping
from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import services
from feedback.models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Question,
    QuestionKind,
    Response,
    SurveyTemplate,
    SurveyVersion,
)
from feedback.seed_data import seed_default_templates
from portal.models import Membership
from tests import factories
from tests.conftest import with_mfa
from tests.feedback.factories import CampaignFactory, InvitationFactory

# A plausible set of answers to the seeded LIS1 survey, by question key.
LIS1_ANSWERS = {
    "supervision_regular": 4,
    "supervision_useful": 5,
    "safety_work": 3,
    "safety_speak_up": 4,
    "workload_manageable": 2,
    "career_direction": ["general_practice"],
    "career_what_helps": ["housing", "supervision"],
    "text_good": "Godt fagmiljø og trygg vakt.",
}


@pytest.fixture(autouse=True)
def _survey_templates(request):
    """The default templates come from a data migration; a transactional test elsewhere
    may have flushed them, so make sure they are there."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        return
    request.getfixturevalue("db")
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)


@pytest.fixture
def units(hospital):
    return [
        factories.UnitFactory(organisation=hospital, name=name)
        for name in ("Medisinsk klinikk", "Kirurgisk klinikk", "Akuttmottak")
    ]


@pytest.fixture
def campaign(units):
    return CampaignFactory(units=units, title="LIS1 høst 2026")


@pytest.fixture
def leader(hospital):
    """A department head at the hospital: a leader of the campaign's units."""
    user = with_mfa(factories.UserFactory(email="avdelingsleder@example.no"))
    factories.MembershipFactory(user=user, organisation=hospital, role=Membership.Role.RECRUITER)
    return user


def token_for(invitation: Invitation) -> str:
    return services.new_link(invitation).rstrip("/").rsplit("/", 1)[-1]


def answers_by_key(campaign: Campaign, by_key: Mapping[str, object]) -> dict[int, object]:
    """Question-key answers as the form gives them: scores, option ids, texts."""
    questions = {q.key: q for q in campaign.version.questions.prefetch_related("choices")}
    result: dict[int, object] = {}
    for key, value in by_key.items():
        question = questions[key]
        if question.has_choices:
            ids = {c.key: c.pk for c in question.choices.all()}
            result[question.pk] = [ids[v] for v in value]
        else:
            result[question.pk] = value
    return result


def respond(campaign: Campaign, unit, by_key: Mapping[str, object] = LIS1_ANSWERS, **invite):
    """Invite someone and answer through their link, as the survey page does."""
    invitation = InvitationFactory(campaign=campaign, unit=unit, **invite)
    services.submit_response(token=token_for(invitation), answers=answers_by_key(campaign, by_key))
    return invitation


def released(campaign: Campaign, unit, n: int, by_key: Mapping[str, object] = LIS1_ANSWERS):
    """n responses already in the results tables (bypassing the buffer), for result tests."""
    questions = {q.key: q for q in campaign.version.questions.prefetch_related("choices")}
    for _ in range(n):
        response = Response.objects.create(campaign=campaign, unit=unit)
        for key, value in by_key.items():
            question = questions[key]
            if question.kind == QuestionKind.LIKERT:
                Answer.objects.create(response=response, question=question, score=value)
            elif question.kind == QuestionKind.TEXT:
                Answer.objects.create(response=response, question=question, text=value)
            else:
                for choice in question.choices.filter(key__in=value):
                    Answer.objects.create(response=response, question=question, choice=choice)


def close(campaign: Campaign) -> Campaign:
    """Move the campaign's dates into the past, as if its time had run out."""
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    campaign.refresh_from_db()
    return campaign
