"""Careers personas and data: the stage pages, an event organised by the hospital, a
newcomer starting at the hospital, and a colleague there who can be their buddy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from careers import services
from careers.models import CareerStage
from portal.models import Membership
from tests import factories
from tests.careers.factories import EventFactory


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark careers tests that get the database only through the shared autouse fixture,
    so pytest-django runs them with the other database tests, before the transactional
    and browser tests (which flush the tables the migrations seeded)."""
    for item in items:
        if "tests/careers/" not in str(item.path) or item.get_closest_marker("django_db"):
            continue
        if not {"transactional_db", "live_server"} & set(item.fixturenames):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture
def stages(db):
    # The data migration seeds them, but transactional tests flush the tables.
    services.seed_career_stages()
    return {stage.key: stage for stage in CareerStage.objects.all()}


@pytest.fixture
def event(hospital, stages):
    return EventFactory(organisers=[hospital], target_stages=[stages["lis1"]], capacity=2)


@pytest.fixture
def student(db):
    return factories.UserFactory(email="student@example.no", full_name="Siri Student")


@pytest.fixture
def colleague(hospital):
    user = factories.UserFactory(email="kollega@example.no", full_name="Kari Kollega")
    factories.MembershipFactory(user=user, organisation=hospital, role=Membership.Role.RECRUITER)
    return user


@pytest.fixture
def onboarding(applicant, hospital):
    start = timezone.localdate() + timedelta(days=30)
    return services.start_onboarding(hire_user=applicant, organisation=hospital, start_date=start)
