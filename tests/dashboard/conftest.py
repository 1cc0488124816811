import pytest

from feedback.models import Choice, Question, SurveyTemplate, SurveyVersion
from feedback.seed_data import seed_default_templates
from tests.dashboard.region import build_region


@pytest.fixture(autouse=True)
def _fresh_figures(settings):
    """No reuse of figures between requests, unless a test asks for it."""
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def survey_templates(db):
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)


@pytest.fixture
def region(survey_templates, hospital, other_hospital, municipality):
    return build_region(hospital, other_hospital, municipality)
