import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.test import Client, TestCase
from django.urls import reverse

from portal import audit
from portal.models import AuditEvent
from portal.security import SEEN, STARTED
from tests import factories
from tests.factories import PASSWORD


def logged_in_client(user) -> Client:
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


def age_session(client, **seconds_ago) -> None:
    session = client.session
    now = int(time.time())
    if "started" in seconds_ago:
        session[STARTED] = now - seconds_ago["started"]
    if "seen" in seconds_ago:
        session[SEEN] = now - seconds_ago["seen"]
    session.save()


def is_logged_in(client) -> bool:
    client.get(reverse("home"))
    return "_auth_user_id" in client.session


def test_session_id_rotates_on_login(applicant):
    client = Client()
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})
    assert client.session.session_key != before


def test_idle_session_is_ended(applicant, settings):
    client = logged_in_client(applicant)
    age_session(client, seen=settings.SESSION_IDLE_TIMEOUT + 5)
    assert not is_logged_in(client)


def test_active_session_survives(applicant, settings):
    client = logged_in_client(applicant)
    age_session(client, seen=settings.SESSION_IDLE_TIMEOUT - 120)
    assert is_logged_in(client)


def test_session_ends_at_absolute_timeout_even_when_active(applicant, settings):
    client = logged_in_client(applicant)
    age_session(client, started=settings.SESSION_ABSOLUTE_TIMEOUT + 5, seen=1)
    assert not is_logged_in(client)


def test_logout_ends_sessions_on_other_devices(applicant):
    laptop, phone = logged_in_client(applicant), logged_in_client(applicant)
    laptop.post(reverse("account_logout"))
    assert not is_logged_in(phone)


def test_password_change_ends_other_sessions(applicant):
    laptop, phone = logged_in_client(applicant), logged_in_client(applicant)
    new = "another long passphrase for the portal"
    laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    applicant.refresh_from_db()
    assert applicant.check_password(new)
    assert not is_logged_in(phone)


@pytest.mark.parametrize("password", ["1qaz2wsx3edc", "123456789012", "kort-pass"])
def test_weak_and_common_passwords_are_refused(client, password):
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@example.no", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_long_passphrase_is_accepted(client):
    phrase = "fjordene er blå om våren og lange " * 3
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@example.no", "password1": phrase, "password2": phrase},
    )
    assert response.status_code == 302


def test_repeated_failed_logins_are_throttled_per_account_but_not_forever(applicant, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,3/300s/key"}
    cache.clear()
    client = Client()
    for _ in range(3):
        client.post(reverse("account_login"), {"login": applicant.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": applicant.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}
    # The lock is a time window, not a permanent lockout: once it passes, login works.
    cache.clear()
    client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(applicant.pk)


def test_failed_logins_are_throttled_per_ip_across_accounts(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/300s/key"}
    settings.LOGIN_FAILED_NETWORK_LIMIT = "3/m/ip"
    cache.clear()
    users = factories.UserFactory.create_batch(4)
    client = Client()
    for user in users[:3]:
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):  # the link goes out after commit
        client.post(reverse("account_login"), {"login": users[3].email, "password": PASSWORD})
    # Not signed in from here at once; the right password brings a sign-in link by e-mail
    # (tests/security/test_authentication.py goes on).
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [[users[3].email]]
    cache.clear()


def test_pages_for_logged_in_people_are_not_cached(login, applicant, client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")
    response = login(applicant).get(reverse("home"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_security_headers_are_sent(client, settings):
    response = client.get(reverse("home"), secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_staff_login_is_audited_without_credentials(client, recruiter):
    client.post(reverse("account_login"), {"login": recruiter.email, "password": PASSWORD})
    # Staff must still give a TOTP code; the password step alone is not a login.
    assert not AuditEvent.objects.filter(action="login").exists()
    client.force_login(recruiter)
    event = AuditEvent.objects.get(action="login")
    assert event.actor_id == recruiter.pk


def test_failed_login_is_audited_without_the_attempted_password(client, applicant):
    client.post(reverse("account_login"), {"login": applicant.email, "password": "hemmelig-123"})
    event = AuditEvent.objects.get(action="login_failed")
    row = " ".join(str(v) for v in AuditEvent.objects.filter(pk=event.pk).values().get().values())
    assert "hemmelig-123" not in row


def test_audit_log_is_append_only(applicant):
    event = audit.record(actor=applicant, action="view", obj=applicant)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_only_the_coordinator_searches_the_audit_log(login, recruiter, coordinator, applicant):
    audit.record(actor=recruiter, action="view", obj=applicant, subject_user_id=applicant.pk)
    assert login(recruiter).get(reverse("audit_log")).status_code == 404
    response = login(coordinator).get(reverse("audit_log"), {"person": applicant.email})
    assert response.status_code == 200
    assert len(response.context["page"]) == 1
