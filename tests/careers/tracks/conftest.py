"""A coupled track of Sykehuset Øst HF with two participating municipalities (A: Fjordby,
B: Elvdal), a third municipality outside it (C: Utby), their chief physicians, and a LIS1
round with a covered and an uncovered posting."""

import pytest

from portal.models import Membership, Organisation
from tests import factories
from tests.careers.tracks.factories import make_track
from tests.conftest import with_mfa
from tests.recruitment.factories import ApplicationRoundFactory


@pytest.fixture
def trust(health_community):
    return factories.OrganisationFactory(
        name="Sykehuset Øst HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=health_community
    )


@pytest.fixture
def trust_hospital(trust):
    return factories.OrganisationFactory(name="Sykehuset Øst Kalnes", parent=trust)


@pytest.fixture
def municipality_b(health_community):
    return factories.MunicipalityFactory(name="Elvdal kommune", parent=health_community)


@pytest.fixture
def municipality_c(health_community):
    return factories.MunicipalityFactory(name="Utby kommune", parent=health_community)


def _chief(email, municipality):
    user = with_mfa(factories.UserFactory(email=email, full_name=email.split("@")[0].title()))
    factories.MembershipFactory(
        user=user, organisation=municipality, role=Membership.Role.CHIEF_PHYSICIAN
    )
    return user


@pytest.fixture
def chief_a(municipality):
    return _chief("kommuneoverlege@fjordby.no", municipality)


@pytest.fixture
def chief_b(municipality_b):
    return _chief("kommuneoverlege@elvdal.no", municipality_b)


@pytest.fixture
def chief_c(municipality_c):
    return _chief("kommuneoverlege@utby.no", municipality_c)


@pytest.fixture
def covered_posting(trust_hospital, municipality):
    return factories.PostingFactory(
        title="LIS1 Kalnes medisin", employer=trust_hospital, municipality=municipality
    )


@pytest.fixture
def uncovered_posting(trust_hospital, municipality):
    return factories.PostingFactory(
        title="LIS1 Kalnes kirurgi", employer=trust_hospital, municipality=municipality
    )


@pytest.fixture
def lis1_round(covered_posting, uncovered_posting):
    return ApplicationRoundFactory(
        name="LIS1 høst 2027", postings=[covered_posting, uncovered_posting]
    )


@pytest.fixture
def track(trust, covered_posting, municipality, municipality_b):
    return make_track(
        trust=trust,
        name="Østlegen",
        slug="ostlegen",
        postings=[covered_posting],
        municipalities=[municipality, municipality_b],
    )


@pytest.fixture
def candidate(track, covered_posting, lis1_round):
    """In the pool of both municipalities: accepted, primary care, consented."""
    from tests.careers.tracks.factories import make_candidate

    return make_candidate(
        posting=covered_posting,
        round=lis1_round,
        track=track,
        email="kandidat@example.no",
        full_name="Kari Kandidat",
    )


@pytest.fixture
def other_applicant(db):
    return factories.UserFactory(email="annen.soker@example.no", full_name="Kari Søker")
