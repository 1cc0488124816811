"""Personas shared by every test: an applicant, staff of two organisations, the coordinator."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import translation

from portal.models import Membership, Organisation
from tests import factories


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Every test may use the database; browser tests bring their own transactional one.

    A marker rather than an autouse fixture: pytest-django then orders all plain database
    tests before the transactional ones, whose flush would otherwise wipe the rows that data
    migrations seed (the default survey templates) before tests that rely on them.
    """
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db"):
            continue
        if "transactional_db" in fixtures or "live_server" in fixtures:
            continue
        item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def english_after():
    """Every test starts in English, the language the tests assert on: a request in Bokmål
    leaves Bokmål active in the test's thread (LocaleMiddleware does not switch back)."""
    with translation.override("en"):
        yield


def with_mfa(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def health_community(db):
    return factories.OrganisationFactory(
        name="Helsefellesskapet", kind=Organisation.Kind.HEALTH_COMMUNITY
    )


@pytest.fixture
def hospital(db, health_community):
    return factories.OrganisationFactory(name="Sykehuset Øst", parent=health_community)


@pytest.fixture
def municipality(db, health_community):
    return factories.MunicipalityFactory(name="Fjordby kommune", parent=health_community)


@pytest.fixture
def other_hospital(db):
    return factories.OrganisationFactory(name="Sykehuset Vest")


@pytest.fixture
def applicant(db):
    return factories.UserFactory(email="soker@example.no", full_name="Ola Søker")


@pytest.fixture
def recruiter(db, hospital):
    user = with_mfa(factories.UserFactory(email="rekrutterer@example.no"))
    factories.MembershipFactory(user=user, organisation=hospital, role=Membership.Role.RECRUITER)
    return user


@pytest.fixture
def outsider_recruiter(db, other_hospital):
    user = with_mfa(factories.UserFactory(email="annen@example.no"))
    factories.MembershipFactory(
        user=user, organisation=other_hospital, role=Membership.Role.RECRUITER
    )
    return user


@pytest.fixture
def coordinator(db, health_community):
    user = with_mfa(factories.UserFactory(email="koordinator@example.no"))
    factories.MembershipFactory(
        user=user, organisation=health_community, role=Membership.Role.COORDINATOR
    )
    return user


@pytest.fixture
def posting(db, hospital, municipality):
    return factories.PostingFactory(employer=hospital, municipality=municipality)


@pytest.fixture
def login(client):
    """Log a persona in (allauth's MFA stage is for the login form; tests skip to the end)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
