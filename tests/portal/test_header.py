"""The header: the applicant's menu only for people who apply (recruitment.permissions.applies),
staff tools in a menu of their own, and the account's pages grouped under "Your account"."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from recruitment import permissions
from recruitment.applications import services as application_services
from tests.recruitment.factories import ApplicantProfileFactory

MY_APPLICATIONS = f'href="{reverse("recruitment:my_applications")}"'
PROFILE = f'href="{reverse("recruitment:profile")}"'


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _header(client) -> str:
    html = client.get(reverse("recruitment:board")).content.decode()
    return html[html.index("<header") : html.index("</header>")]


def test_anonymous_sees_no_applicant_menu_and_no_staff_tools(client):
    header = _header(client)
    assert MY_APPLICATIONS not in header
    assert 'id="staff-nav"' not in header
    assert reverse("account_login") in header


def test_a_person_without_a_staff_role_applies(login, applicant):
    header = _header(login(applicant))
    assert MY_APPLICATIONS in header
    assert PROFILE in header
    assert 'id="staff-nav"' not in header
    assert 'id="account-menu"' in header


def test_a_recruiter_who_does_not_apply_sees_staff_tools_only(login, recruiter):
    header = _header(login(recruiter))
    assert MY_APPLICATIONS not in header
    assert PROFILE not in header
    assert 'id="staff-nav"' in header
    assert 'aria-controls="staff-nav"' in header  # its own collapsible menu
    assert reverse("account_logout") in header


def test_staff_with_an_applicant_profile_apply_too(login, recruiter):
    ApplicantProfileFactory(user=recruiter)
    header = _header(login(recruiter))
    assert MY_APPLICATIONS in header
    assert 'id="staff-nav"' in header


def test_staff_who_start_an_application_get_the_menu_at_once(login, recruiter, posting):
    client = login(recruiter)
    assert MY_APPLICATIONS not in _header(client)
    application_services.start_direct_application(user=recruiter, posting=posting)
    assert MY_APPLICATIONS in _header(client)  # the cached answer was forgotten


def test_the_rule_is_asked_once_then_cached_for_staff(
    recruiter, django_assert_num_queries, applicant
):
    from django.contrib.auth.models import AnonymousUser

    assert permissions.applies(AnonymousUser()) is False
    assert permissions.applies(applicant) is True
    permissions.applies(recruiter)
    fresh = type(recruiter).objects.get(pk=recruiter.pk)
    with django_assert_num_queries(1):  # the roles; "applies" comes from the cache
        assert permissions.applies(fresh) is False
