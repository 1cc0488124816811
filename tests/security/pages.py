"""Every page a person can see, rendered: each page of the access matrix for each persona
it shows to (answered 200 with HTML), and allauth's own pages, the two-factor step too.
What the page-wide checks walk (titles, Bokmål throughout)."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import reverse

from tests.factories import PASSWORD
from tests.security.conftest import PERSONAS
from tests.security.matrix import MATRIX

# allauth's pages are outside the matrix (their access is allauth's): who sees which.
ALLAUTH_PAGES = {
    "account_login": "anonymous",
    "account_signup": "anonymous",
    "account_reset_password": "anonymous",
    "account_email": "applicant",
    "account_change_password": "applicant",
    "mfa_index": "recruiter",
}


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: str
    html: str


def rendered_pages(world, language: str = "nb") -> Iterator[Page]:
    headers = {"Accept-Language": language}
    clients = {persona: world.client(persona, headers=headers) for persona in PERSONAS}
    for name in sorted(MATRIX):
        entry = MATRIX[name]
        if entry.post_only:
            continue
        url = reverse(name, kwargs=entry.kwargs(world))
        for persona in PERSONAS:
            if entry.expected[persona] != 200:
                continue
            response = clients[persona].get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                yield Page(name, persona, url, response.content.decode())
    for name, persona in ALLAUTH_PAGES.items():
        url = reverse(name)
        response = clients[persona].get(url)
        assert response.status_code == 200, (name, response.status_code)
        yield Page(name, persona, url, response.content.decode())
    # The second step of signing in with two factors.
    from django.test import Client

    client = Client(headers=headers)
    user = world.users["recruiter"]
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    url = reverse("mfa_authenticate")
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    yield Page("mfa_authenticate", "recruiter", url, response.content.decode())
