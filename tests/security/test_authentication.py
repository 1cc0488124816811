"""Authentication beyond tests/portal/test_security.py and test_accounts.py: the password
rules as configured, long passphrases, throttling with the production limits on Redis
(lifting by itself), password reset ending sessions, MFA for every staff page and the
admin."""

import os
import re
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import password_validation
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

import portal.settings as production
from portal.models import User
from tests import factories
from tests.factories import PASSWORD
from tests.security.matrix import MATRIX
from tests.security.test_access_matrix import project_urls


def log_in(client, email, password, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def is_logged_in(client) -> bool:
    client.get(reverse("home"))
    return "_auth_user_id" in client.session


# --- Passwords ------------------------------------------------------------------------------


def test_the_password_rules_refuse_common_short_and_personal_passwords():
    names = {v["NAME"].rsplit(".", 1)[-1]: v for v in django_settings.AUTH_PASSWORD_VALIDATORS}
    assert {"CommonPasswordValidator", "UserAttributeSimilarityValidator"} <= set(names)
    assert names["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 12


@pytest.mark.parametrize(
    "password",
    ["Passord123", "qwerty123456", "password1234", "123456789123", "ola.soker.fjordby"],
)
def test_weak_common_and_personal_passwords_are_refused(password):
    user = User(email="ola.soker.fjordby@example.no", full_name="Ola Søker")
    with pytest.raises(password_validation.ValidationError):
        password_validation.validate_password(password, user)


@pytest.mark.parametrize("length", [64, 128, 200])
def test_long_passphrases_are_accepted_and_used_in_full(client, length):
    phrase = ("blåbærsyltetøy på lefse i Fjordby " * 10)[:length]
    response = client.post(
        reverse("account_signup"),
        {"email": "lang@example.no", "password1": phrase, "password2": phrase},
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(email="lang@example.no")
    user.emailaddress_set.update(verified=True)
    assert user.check_password(phrase)
    assert not user.check_password(phrase[:-1])  # no truncation: every character counts
    log_in(client, user.email, phrase)
    assert client.session.get("_auth_user_id") == str(user.pk)


# --- Throttling -------------------------------------------------------------------------------


class Clock:
    """A stand-in for the ``time`` module allauth's rate limiter reads."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now

    def monotonic(self):
        return time.monotonic()

    def sleep(self, seconds):
        time.sleep(seconds)


@pytest.fixture
def production_throttling(settings, monkeypatch):
    """The production rate limits, counted in Redis as in production, on a fake clock."""
    settings.ACCOUNT_RATE_LIMITS = production.ACCOUNT_RATE_LIMITS
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"security-tests-{os.getpid()}",
        }
    }
    cache.clear()
    clock = Clock()
    monkeypatch.setattr("allauth.core.internal.ratelimit.time", clock)
    yield clock
    cache.clear()


def test_production_throttles_failed_logins_per_account_and_per_address():
    limits = production.ACCOUNT_RATE_LIMITS["login_failed"]
    assert re.search(r"/ip\b", limits)
    assert re.search(r"/key\b", limits)


def test_an_account_is_throttled_after_failures_and_free_again_later(
    applicant, production_throttling
):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        log_in(attacker, applicant.email, "wrong-password")
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = log_in(owner, applicant.email, PASSWORD)
    assert "_auth_user_id" not in owner.session  # even the right password waits …
    assert response.status_code in {200, 429}
    production_throttling.now += 5 * 60 + 1  # … but only for the window, not for good
    log_in(owner, applicant.email, PASSWORD)
    assert owner.session.get("_auth_user_id") == str(applicant.pk)


def test_one_address_trying_many_accounts_is_throttled(production_throttling):
    users = factories.UserFactory.create_batch(21)
    attacker = Client(REMOTE_ADDR="203.0.113.10")
    for user in users[:20]:
        log_in(attacker, user.email, "wrong-password")
    log_in(attacker, users[20].email, PASSWORD)
    assert "_auth_user_id" not in attacker.session
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    log_in(elsewhere, users[20].email, PASSWORD)
    assert elsewhere.session.get("_auth_user_id") == str(users[20].pk)
    production_throttling.now += 10 * 60 + 1  # the address is free again after the window
    log_in(attacker, users[20].email, PASSWORD)
    assert attacker.session.get("_auth_user_id") == str(users[20].pk)


# --- Sessions --------------------------------------------------------------------------------


def test_sessions_end_after_an_hour_idle_and_twelve_hours_in_any_case():
    # The behaviour is tested in tests/portal/test_security.py; these are the promises.
    assert production.SESSION_IDLE_TIMEOUT == 60 * 60
    assert production.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60
    assert production.SESSION_COOKIE_AGE <= production.SESSION_ABSOLUTE_TIMEOUT


def test_a_password_reset_ends_every_session(applicant):
    laptop = Client()
    log_in(laptop, applicant.email, PASSWORD)
    assert is_logged_in(laptop)
    stranger = Client()
    stranger.post(reverse("account_reset_password"), {"email": applicant.email})
    link = re.search(r"https?://\S+/password/reset/key/\S+", mail.outbox[-1].body).group(0)
    form = stranger.get(link.split("testserver", 1)[-1], follow=True)
    new = "a brand new passphrase for the portal"
    stranger.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    applicant.refresh_from_db()
    assert applicant.check_password(new)
    assert not is_logged_in(laptop)


# --- MFA for staff ---------------------------------------------------------------------------


# Each staff role, without MFA, and the persona of the matrix whose pages it would reach.
STAFF_ROLES = {
    "recruiter": ("hospital", "RECRUITER"),
    "chief_physician": ("municipality", "CHIEF_PHYSICIAN"),
    "coordinator": ("health_community", "COORDINATOR"),
}


@pytest.mark.parametrize("persona", sorted(STAFF_ROLES))
def test_staff_without_mfa_reach_no_staff_page(world, persona, health_community):
    from portal.models import Membership

    where, role = STAFF_ROLES[persona]
    organisation = health_community if where == "health_community" else getattr(world, where)
    user = factories.UserFactory(email=f"uten.mfa.{persona}@example.no")
    factories.MembershipFactory(
        user=user, organisation=organisation, role=getattr(Membership.Role, role)
    )
    client = Client()
    client.force_login(user)
    setup = reverse("mfa_activate_totp")
    checked, problems = 0, []
    for name, entry in MATRIX.items():
        if name not in project_urls() or entry.post_only:
            continue
        if entry.expected[persona] != 200 or entry.expected["applicant"] == 200:
            continue  # not a staff-only page of this role
        checked += 1
        response = client.get(reverse(name, kwargs=entry.kwargs(world)))
        if response.status_code != 302 or response["Location"] != setup:
            problems.append(f"{name}: {response.status_code}")
    assert checked, f"no staff page of the {persona} in the matrix"
    assert not problems, problems


def test_the_admin_signs_in_through_allauth_and_requires_mfa(client):
    admin = factories.UserFactory(email="drift@example.no", is_staff=True, is_superuser=True)
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:login"))["Location"] == reverse("mfa_activate_totp")
    from tests.conftest import with_mfa

    with_mfa(admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_form_cannot_be_used_to_skip_mfa(client):
    admin = factories.UserFactory(email="drift@example.no", is_staff=True, is_superuser=True)
    from tests.conftest import with_mfa

    with_mfa(admin)
    client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
