"""Fixtures for the application portal: a round with postings from a hospital and a
municipality, a second employer, and applicants with complete profiles."""

import pytest

from portal.models import Membership
from recruitment.applications import services
from tests import factories
from tests.conftest import with_mfa
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationRoundFactory,
    DocumentFactory,
)


@pytest.fixture
def hospital_postings(hospital, municipality):
    return [
        factories.PostingFactory(
            title=f"LIS1 Sykehuset Øst {n}", employer=hospital, municipality=municipality
        )
        for n in (1, 2)
    ]


@pytest.fixture
def other_posting(other_hospital, municipality):
    return factories.PostingFactory(
        title="LIS1 Sykehuset Vest", employer=other_hospital, municipality=municipality
    )


@pytest.fixture
def municipality_posting(municipality):
    return factories.PostingFactory(
        title="LIS1 Fjordby legekontor", employer=municipality, municipality=municipality
    )


@pytest.fixture
def lis1_round(hospital_postings, other_posting, municipality_posting):
    return ApplicationRoundFactory(
        name="LIS1 høst 2027", postings=[*hospital_postings, other_posting, municipality_posting]
    )


@pytest.fixture
def profile(applicant):
    return ApplicantProfileFactory(user=applicant)


@pytest.fixture
def cv(applicant):
    return DocumentFactory(owner=applicant)


@pytest.fixture
def other_applicant(db):
    user = factories.UserFactory(email="annen.soker@example.no", full_name="Kari Søker")
    ApplicantProfileFactory(user=user)
    return user


@pytest.fixture
def municipal_recruiter(db, municipality):
    user = with_mfa(factories.UserFactory(email="kommune@example.no"))
    factories.MembershipFactory(
        user=user, organisation=municipality, role=Membership.Role.CHIEF_PHYSICIAN
    )
    return user


@pytest.fixture
def make_application(lis1_round):
    """An application with the given postings ranked in order, optionally submitted."""

    def _make(user, postings, *, submit=False, round=None):
        round = round or lis1_round
        if not hasattr(user, "applicant_profile"):
            ApplicantProfileFactory(user=user)
        application = services.start_round_application(user=user, round=round)
        for posting in postings:
            services.add_choice(user=user, application=application, posting=posting)
        if submit:
            services.submit_application(user=user, application=application)
        application.refresh_from_db()
        return application

    return _make
