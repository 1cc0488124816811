"""Sessions that end politely (issue 18, part 2): the page learns how long the session
has left, "Stay signed in" extends it, and a script's request after it ended gets a clear
401 JSON answer – never the login page to paste into the page."""

from django.urls import reverse

from tests.portal.test_security import age_session, logged_in_client
from tests.recruitment.conftest import *  # noqa: F403  (the application fixtures)


def test_every_answer_says_how_long_the_session_has_left(applicant, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client = logged_in_client(applicant)
    response = client.get(reverse("home"))
    assert 590 <= int(response["X-Session-Expires-In"]) <= 600
    page = client.get(reverse("recruitment:profile")).content.decode()
    assert 'id="session-warning"' in page
    assert "Stay signed in" in page


def test_stay_signed_in_counts_as_use(applicant, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client = logged_in_client(applicant)
    age_session(client, seen=590)
    answer = client.post(reverse("session_keepalive"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    assert answer.json()["expires_in"] >= 598


def test_a_short_timeout_is_kept_alive_by_activity(applicant, settings):
    """With a timeout of seconds the 'last seen' stamp is written often enough."""
    settings.SESSION_IDLE_TIMEOUT = 20
    client = logged_in_client(applicant)
    age_session(client, seen=5)
    response = client.get(reverse("home"))
    assert int(response["X-Session-Expires-In"]) >= 19


def test_an_autosave_after_expiry_is_told_it_was_signed_out(
    applicant, make_application, hospital_postings, settings
):
    application = make_application(applicant, hospital_postings[:1])
    client = logged_in_client(applicant)
    age_session(client, seen=settings.SESSION_IDLE_TIMEOUT + 5)

    answer = client.post(
        reverse("recruitment:application_autosave", args=[application.pk]),
        {"fields": "motivation", "motivation": "Tekst"},
        HTTP_ACCEPT="application/json",
        HTTP_REFERER=f"http://testserver{application.get_absolute_url()}",
    )

    assert answer.status_code == 401
    body = answer.json()
    assert body["signed_out"] is True
    assert "signed out" in body["message"]
    assert body["login_url"].endswith(f"?next=%2Fapplications%2F{application.pk}%2F")
    application.refresh_from_db()
    assert application.motivation == ""


def test_an_htmx_action_after_expiry_gets_401_not_the_login_page(
    applicant, make_application, hospital_postings, settings
):
    application = make_application(applicant, hospital_postings[:1])
    client = logged_in_client(applicant)
    age_session(client, seen=settings.SESSION_IDLE_TIMEOUT + 5)
    answer = client.post(
        application.get_absolute_url(), {"action": "submit"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 401
    assert "<form" not in answer.content.decode()


def test_a_plain_page_still_goes_to_the_login_page(applicant):
    answer = logged_in_client(applicant)
    answer.logout()
    assert answer.get(reverse("recruitment:profile")).status_code == 302
    assert answer.post(reverse("session_keepalive")).status_code == 401
