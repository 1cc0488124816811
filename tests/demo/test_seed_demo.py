"""``manage.py seed_demo``: a believable region, safe to run twice, demo logins that work."""

import io

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code
from django.core.management import call_command
from django.db import connection
from django.db.models import Q

from demo.credentials import DEMO_PASSWORD, DEMO_TOTP_SECRET, current_demo_totp_code
from portal.models import Membership, Organisation, Unit, User
from recruitment.models import ContactPerson, Posting, PostingKind

COUNTED = (Organisation, Unit, Posting, ContactPerson, User, Membership, Authenticator)
STAFF_EMAILS = (
    "coordinator@demo.legeportalen.no",
    "rekrutterer@demo.legeportalen.no",
    "kommune@demo.legeportalen.no",
    "kommuneoverlege@demo.legeportalen.no",
    "admin@demo.legeportalen.no",
)


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seeding_twice_creates_nothing_new(seeded_demo):
    first = counts()
    seed()
    assert counts() == first


def test_region_has_trust_hospitals_and_municipalities(seeded_demo):
    community = Organisation.objects.get(kind=Organisation.Kind.HEALTH_COMMUNITY)
    trust = Organisation.objects.get(name="Sykehuset Østfold HF")
    assert trust.kind == Organisation.Kind.HOSPITAL_TRUST
    assert trust.parent == community

    hospitals = Organisation.objects.filter(kind=Organisation.Kind.HOSPITAL)
    assert hospitals.count() >= 3
    for hospital in hospitals:
        assert hospital.parent == trust
        assert 4 <= hospital.units.count() <= 8

    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert municipalities.count() >= 15
    assert set(municipalities.values_list("parent", flat=True)) == {community.pk}
    assert municipalities.filter(name="Fredrikstad kommune").exists()
    assert not municipalities.filter(units=None).exists()


def test_postings_cover_every_kind_and_are_consistent(seeded_demo):
    postings = Posting.objects.with_related()
    assert postings.count() >= 80
    assert set(postings.values_list("kind", flat=True)) == set(PostingKind.values)
    assert postings.filter(status=Posting.Status.CLOSED).count() >= 5
    assert postings.filter(status=Posting.Status.DRAFT).count() >= 3
    for posting in postings:
        assert posting.unit.organisation_id == posting.employer_id
        assert posting.employer.kind in (Organisation.Kind.HOSPITAL, Organisation.Kind.MUNICIPALITY)
        assert posting.municipality.kind == Organisation.Kind.MUNICIPALITY
        assert posting.start_date > posting.application_deadline().date()
        assert 1 <= posting.contacts.count() <= 2
        if posting.status == Posting.Status.CLOSED:
            assert posting.closed_at is not None
            assert not posting.is_open()
        elif posting.status == Posting.Status.PUBLISHED:
            assert posting.is_open()
    assert postings.filter(description__contains="allmennleger").exists()
    assert postings.filter(description__contains="allmennlege ").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL")
def test_norwegian_search_finds_general_practice_postings(seeded_demo):
    from django.contrib.postgres.search import SearchQuery

    found = Posting.objects.filter(search_vector=SearchQuery("allmennlege", config="norwegian"))
    assert found.filter(kind=PostingKind.ALIS).exists()


def test_demo_users_can_log_in_and_staff_have_totp(seeded_demo):
    output = seed()  # again, for what it prints
    users = User.objects.filter(email__endswith="@demo.legeportalen.no")
    assert users.count() == 6
    for user in users:
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
        assert user.email in output

    staff = User.objects.filter(Q(memberships__isnull=False) | Q(is_superuser=True)).distinct()
    assert set(staff.values_list("email", flat=True)) == set(STAFF_EMAILS)
    for user in staff:
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert TOTP(authenticator).validate_code(current_demo_totp_code())

    applicant = User.objects.get(email="soker@demo.legeportalen.no")
    assert not applicant.memberships.exists()
    assert not Authenticator.objects.filter(user=applicant).exists()
    assert "make totp" in output
    assert DEMO_TOTP_SECRET in output


def test_demo_roles(seeded_demo):
    trust = Organisation.objects.get(name="Sykehuset Østfold HF")
    assert Membership.objects.filter(
        user__email="rekrutterer@demo.legeportalen.no",
        organisation=trust,
        role=Membership.Role.RECRUITER,
    ).exists()
    assert Membership.objects.filter(
        user__email="coordinator@demo.legeportalen.no",
        organisation__kind=Organisation.Kind.HEALTH_COMMUNITY,
        role=Membership.Role.COORDINATOR,
    ).exists()
    assert Membership.objects.filter(
        user__email="kommuneoverlege@demo.legeportalen.no",
        organisation__name="Sarpsborg kommune",
        role=Membership.Role.CHIEF_PHYSICIAN,
    ).exists()
    assert User.objects.get(email="admin@demo.legeportalen.no").is_superuser


def test_demo_totp_code_validates():
    assert validate_totp_code(DEMO_TOTP_SECRET, current_demo_totp_code())


def test_demo_totp_command_prints_the_code():
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    assert validate_totp_code(DEMO_TOTP_SECRET, out.getvalue().strip())


def test_the_demo_keeps_the_coupling_limit(seeded_demo):
    from careers.tracks import coupling

    figures = [c for c in coupling.couplings() if c.coupled]
    # The track covers this spring's coupled LIS1 posting and last autumn's hospital
    # posting, whose hires make up the municipalities' pool.
    assert sorted((c.round_name, c.trust_name) for c in figures) == [
        ("LIS1 høst 2026", "Sykehuset Østfold HF"),
        ("LIS1 vår 2027", "Sykehuset Østfold HF"),
    ]
    assert coupling.over_limit() == []
