import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from portal.models import User
from tests import factories
from tests.factories import PASSWORD


def test_signup_requires_verification_before_login(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@example.no", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="ny@example.no")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    # Not logged in yet: a staff page would send us to log in.
    assert "_auth_user_id" not in client.session


def test_unverified_user_cannot_log_in(client):
    user = factories.UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_verified_user_logs_in_with_email(client, applicant):
    response = client.post(
        reverse("account_login"), {"login": applicant.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_verification_link_activates_the_account(client):
    client.post(
        reverse("account_signup"),
        {"email": "ny@example.no", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    client.post(path)
    assert EmailAddress.objects.get(email="ny@example.no").verified


def test_weak_password_is_refused(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "svak@example.no", "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="svak@example.no").exists()


def test_staff_with_totp_must_give_a_code_at_login(client, recruiter):
    response = client.post(
        reverse("account_login"), {"login": recruiter.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_signup_remembers_the_language(client):
    client.cookies["django_language"] = "en"
    client.post(
        reverse("account_signup"),
        {"email": "en@example.no", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="en@example.no").language == "en"


def test_email_is_the_login_and_is_unique(db):
    factories.UserFactory(email="a@example.no")
    assert User.USERNAME_FIELD == "email"
    import pytest
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="a@example.no", password=PASSWORD)
