import pytest
from django.test import Client
from django.urls import path, reverse
from django.utils import translation


def test_home_shows_open_postings_per_stage(client, posting):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    stages = {kind: count for kind, _label, count in response.context["stages"]}
    assert stages["lis1"] == 1
    assert posting.title in response.content.decode()


def test_pages_have_skip_link_and_landmarks(client):
    body = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in body
    assert '<main id="main"' in body
    assert "<nav" in body
    assert "<footer" in body


def test_the_site_speaks_norwegian_bokmal_by_default(client, settings, posting):
    settings.LANGUAGE_CODE = "nb"
    body = client.get(reverse("recruitment:board")).content.decode()
    assert '<html lang="nb">' in body
    assert "Ledige stillinger" in body
    assert "Søknadsfrist" in body
    english = client.get(reverse("recruitment:board"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english


def test_language_switch_sets_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    translation.activate("nb")


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert 'href="#main"' in response.content.decode()


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls("tests.portal.test_shell")
def test_server_error_page_renders_without_context():
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()


@pytest.mark.parametrize("header", ["Content-Security-Policy"])
def test_pages_send_a_nonce_based_csp(client, header):
    response = client.get(reverse("home"))
    csp = response[header]
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_staff_navigation_only_for_staff(client, login, recruiter, applicant):
    manage_url = reverse("recruitment:manage_postings")
    assert manage_url not in client.get("/").content.decode()
    assert manage_url not in login(applicant).get("/").content.decode()
    assert manage_url in login(recruiter).get("/").content.decode()
