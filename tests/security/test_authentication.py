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
from django.test import Client, TestCase
from django.urls import reverse

import portal.settings as production
from portal.models import User
from tests import factories
from tests.factories import PASSWORD
from tests.security.matrix import MATRIX
from tests.security.test_access_matrix import project_urls


def log_in(client, email, password, **extra):
    """Sign in; e-mails it writes (a sign-in link) are delivered, as after a commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("account_login"), {"login": email, "password": password}, **extra
        )


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
    settings.LOGIN_FAILED_NETWORK_LIMIT = production.LOGIN_FAILED_NETWORK_LIMIT
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
    assert production.ACCOUNT_RATE_LIMITS["login_failed"] == "5/5m/key"
    assert production.LOGIN_FAILED_NETWORK_LIMIT == "20/10m/ip"
    assert production.SIGN_IN_LINK_SECONDS == 15 * 60


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


HOSPITAL = "203.0.113.10"  # one address for a whole hospital's staff
THROTTLED = "Too many failed sign-ins from your network. Try again in 10 minutes."
LINK = re.compile(r"https?://[^/\s]+(/sign-in/link/[^/\s]+/)")


@pytest.fixture
def throttled_hospital(production_throttling):
    """Twenty failed sign-ins on twenty accounts from the hospital's address: a password
    spray, or a busy Monday morning."""
    for user in factories.UserFactory.create_batch(20):
        log_in(Client(REMOTE_ADDR=HOSPITAL), user.email, "wrong-password")
    return production_throttling


def answer(response) -> str:
    """The page without what differs on every response (CSRF token, CSP nonce)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_a_right_password_from_a_throttled_address_gets_in_through_an_emailed_link(
    throttled_hospital, applicant
):
    applicant.language = "en"  # the e-mail comes in the person's language
    applicant.save(update_fields=["language"])
    mail.outbox.clear()
    colleague = Client(REMOTE_ADDR=HOSPITAL)
    response = log_in(colleague, applicant.email, PASSWORD)
    assert "_auth_user_id" not in colleague.session
    assert THROTTLED in response.content.decode()
    [message] = mail.outbox
    assert message.to == [applicant.email]
    assert message.subject == "Finish signing in to Legeportalen"
    link = LINK.search(message.body).group(1)

    page = colleague.get(link)  # opening the link changes nothing …
    assert page.status_code == 200
    assert "_auth_user_id" not in colleague.session
    assert f"Sign in as {applicant.email}." in page.content.decode()
    response = colleague.post(link)  # … its button signs in
    assert response.status_code == 302
    assert colleague.session.get("_auth_user_id") == str(applicant.pk)

    # The link works once.
    elsewhere = Client()
    assert elsewhere.post(link).status_code == 400
    assert "_auth_user_id" not in elsewhere.session


def test_a_wrong_password_from_a_throttled_address_gets_the_same_answer_and_no_link(
    throttled_hospital, applicant
):
    mail.outbox.clear()
    right = log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, PASSWORD)
    wrong = log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, "wrong-password")
    assert wrong.status_code == right.status_code == 200
    assert answer(wrong) == answer(right)
    assert THROTTLED in answer(wrong)
    assert [m.to for m in mail.outbox] == [[applicant.email]]  # the right one's link only


def test_right_and_wrong_from_a_throttled_address_cost_the_same_work(throttled_hospital, applicant):
    """The password hashes (the dominant cost), the queries and the writes are the same,
    so the time of the answer does not tell a spraying attacker which guess was right."""
    from unittest import mock

    from django.contrib.auth.hashers import MD5PasswordHasher
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def work(password):
        with (
            mock.patch.object(
                MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
            ) as hashes,
            mock.patch("portal.tasks.send_sign_in_link.apply_async") as queued,
            CaptureQueriesContext(connection) as queries,
        ):
            log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, password)
        shapes = [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"]) for q in queries]
        return hashes.call_count, queued.call_count, shapes

    right, wrong = work(PASSWORD), work("wrong-password")
    assert right == wrong
    assert right[:2] == (2, 1)


def test_staff_from_a_throttled_address_still_give_their_second_factor(
    throttled_hospital, recruiter
):
    mail.outbox.clear()
    colleague = Client(REMOTE_ADDR=HOSPITAL)
    log_in(colleague, recruiter.email, PASSWORD)
    link = LINK.search(mail.outbox[-1].body).group(1)
    response = colleague.post(link)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in colleague.session


def test_the_account_limit_still_holds_from_a_throttled_address(throttled_hospital, applicant):
    attacker = Client(REMOTE_ADDR=HOSPITAL)
    for _ in range(5):
        log_in(attacker, applicant.email, "wrong-password")
    mail.outbox.clear()
    response = log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert mail.outbox == []  # refused before the password was checked: no link either


def test_from_a_throttled_address_a_right_password_counts_against_the_account_too(
    throttled_hospital, applicant
):
    """Else an attacker could tell a right guess by the account's limit arriving later."""
    for _ in range(5):
        log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, PASSWORD)
    response = log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()


def test_a_throttled_address_is_free_again_after_the_window(throttled_hospital, applicant):
    elsewhere = Client(REMOTE_ADDR="198.51.100.8")
    log_in(elsewhere, applicant.email, PASSWORD)
    assert elsewhere.session.get("_auth_user_id") == str(applicant.pk)
    throttled_hospital.now += 10 * 60 + 1
    colleague = Client(REMOTE_ADDR=HOSPITAL)
    log_in(colleague, applicant.email, PASSWORD)
    assert colleague.session.get("_auth_user_id") == str(applicant.pk)


def test_below_the_limit_an_address_signs_in_as_usual(production_throttling, applicant):
    for user in factories.UserFactory.create_batch(19):
        log_in(Client(REMOTE_ADDR=HOSPITAL), user.email, "wrong-password")
    colleague = Client(REMOTE_ADDR=HOSPITAL)
    log_in(colleague, applicant.email, PASSWORD)
    assert colleague.session.get("_auth_user_id") == str(applicant.pk)


def test_the_wait_counts_down_from_the_oldest_failure(throttled_hospital, applicant):
    throttled_hospital.now += 7 * 60
    response = log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, "wrong-password")
    assert "Try again in 3 minutes." in response.content.decode()


def test_a_sign_in_link_expires(throttled_hospital, applicant, monkeypatch):
    from datetime import datetime, timedelta

    from portal import throttle

    mail.outbox.clear()
    log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, PASSWORD)
    link = LINK.search(mail.outbox[-1].body).group(1)
    later = datetime.now() + timedelta(minutes=15, seconds=5)
    monkeypatch.setattr(throttle.tokens, "_now", lambda: later)
    client = Client()
    page = client.get(link)
    assert "This sign-in link has expired or has been used already." in page.content.decode()
    assert client.post(link).status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_right_password_sent_again_and_again_sends_one_link_a_minute(
    throttled_hospital, applicant
):
    mail.outbox.clear()
    for _ in range(3):
        log_in(Client(REMOTE_ADDR=HOSPITAL), applicant.email, PASSWORD)
    assert len(mail.outbox) == 1


def test_the_sign_in_link_is_a_notification_written_in_the_tasks_transaction(applicant):
    """No link is kept: the stored copy has a placeholder, the row no link."""
    from portal import throttle
    from portal.models import Notification
    from tests.reminders import written_then_rolled_back

    assert written_then_rolled_back(lambda: throttle.send_link(applicant.pk), "sign_in_link") == (
        1,
        0,
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        throttle.send_link(applicant.pk)
    (message,) = mail.outbox
    token = LINK.search(message.body).group(1).rstrip("/").rsplit("/", 1)[-1]
    row = Notification.objects.get(occasion="sign_in_link")
    assert row.status == "sent"
    assert token not in row.body
    assert row.link == ""
    assert message.extra_headers["X-Legeportalen-Occasion"] == "sign_in_link"


@pytest.mark.parametrize("token", ["x", "zz-1-2", "0-", "-", "1-abc-def", "9" * 40 + "-a-b"])
def test_a_made_up_sign_in_link_signs_nobody_in(client, applicant, token):
    page = client.get(reverse("sign_in_link", args=[token]))
    assert page.status_code == 200
    assert "expired" in page.content.decode()
    assert client.post(reverse("sign_in_link", args=[token])).status_code == 400
    assert "_auth_user_id" not in client.session


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
