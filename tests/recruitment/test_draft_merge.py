"""Two tabs on one draft (issue 18, part 1): a save from an older page changes only what
was changed on that page; a field changed elsewhere meanwhile is refused with both texts
shown and a choice; attachments and the request to be left off the public list change
only when ticked or unticked, never because a stale page still showed the old state."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from recruitment.applications import services
from recruitment.models import ExemptionRequest
from tests.recruitment.editor import editor_url
from tests.recruitment.factories import DocumentFactory


class _Fields(HTMLParser):
    """What a browser would send from the page's application form."""

    def __init__(self, action: str | None = None):
        super().__init__()
        self.action = action
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (
            a.get("action") == self.action if self.action else a.get("id") == "application-form"
        ):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "search"):
                self.data.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def open_tab(client, application, url=None) -> dict[str, list[str]]:
    """Open the editor (or the page at ``url``) as a new tab does: the form as it would
    be sent."""
    parser = _Fields(action=url)
    parser.feed(client.get(url or application.get_absolute_url()).content.decode())
    form: dict[str, list[str]] = {}
    for name, value in parser.data:
        form.setdefault(name, []).append(value)
    return form


def autosave(client, application, tab, **changed):
    """The autosave of ``tab``: the changed fields only, with the versions they started from."""
    body = {"fields": ",".join(changed)}
    for name, value in changed.items():
        body[name] = value
        body[f"base_{name}"] = tab[f"base_{name}"][0]
    response = client.post(
        reverse("recruitment:application_autosave", args=[application.pk]),
        body,
        HTTP_ACCEPT="application/json",
    )
    if response.status_code in (200, 409):  # as applications.js does: saved fields move on
        for name in response.json()["saved"]:
            tab[f"base_{name}"] = [response.json()["versions"][name]]
    return response


@pytest.fixture
def draft(applicant, make_application, hospital_postings):
    return make_application(applicant, hospital_postings[:1])


def test_a_stale_tab_never_undoes_the_other_tabs_work(login, applicant, draft):
    cv = DocumentFactory(owner=applicant, title="cv.pdf")
    client = login(applicant)
    tab_b = open_tab(client, draft)  # opened first, then left alone
    tab_a = open_tab(client, draft)
    choice = draft.choices.get()

    # Tab A: the motivation, the CV and the request to be left off the public list.
    assert autosave(client, draft, tab_a, motivation="Min motivasjon.").status_code == 200
    assert autosave(client, draft, tab_a, documents=[str(cv.pk)]).status_code == 200
    answer = autosave(
        client, draft, tab_a, public_exemption="on", public_exemption_reason="Ansatt annet sted."
    )
    assert answer.status_code == 200

    # Tab B, still showing the empty form, gets a note on the choice: by autosave ...
    answer = autosave(client, draft, tab_b, **{f"motivation_{choice.pk}": "Et notat."})
    assert answer.status_code == 200, answer.json()
    # ... and then by its plain "Save draft" button, which sends the whole stale form.
    stale = tab_b | {f"motivation_{choice.pk}": ["Et notat, utvidet."]}
    assert client.post(draft.get_absolute_url(), stale).status_code == 302

    draft.refresh_from_db()
    choice.refresh_from_db()
    assert draft.motivation == "Min motivasjon."
    assert list(draft.documents.all()) == [cv]
    assert ExemptionRequest.objects.get(application=draft).reason == "Ansatt annet sted."
    assert choice.motivation == "Et notat, utvidet."


def test_the_same_field_changed_in_two_tabs_is_a_conflict_with_both_texts(login, applicant, draft):
    client = login(applicant)
    tab_a, tab_b = open_tab(client, draft), open_tab(client, draft)
    assert autosave(client, draft, tab_a, motivation="Tekst fra fane A.").status_code == 200

    answer = autosave(client, draft, tab_b, motivation="Tekst fra fane B.")

    assert answer.status_code == 409
    body = answer.json()
    (conflict,) = body["conflicts"]
    assert (conflict["mine"], conflict["theirs"]) == ("Tekst fra fane B.", "Tekst fra fane A.")
    assert "Tekst fra fane A." in body["conflicts_html"]
    assert "Keep mine" in body["conflicts_html"]
    draft.refresh_from_db()
    assert draft.motivation == "Tekst fra fane A."  # nothing overwritten

    # "Keep mine": the same text, now based on the version the conflict showed.
    tab_b["base_motivation"] = [conflict["version"]]
    assert autosave(client, draft, tab_b, motivation="Tekst fra fane B.").status_code == 200
    draft.refresh_from_db()
    assert draft.motivation == "Tekst fra fane B."


def test_without_javascript_the_conflict_is_shown_and_keep_theirs_keeps_the_rest(
    login, applicant, draft
):
    client = login(applicant)
    tab_a, tab_b = open_tab(client, draft), open_tab(client, draft)
    choice = draft.choices.get()
    assert autosave(client, draft, tab_a, motivation="A sin tekst.").status_code == 200

    sent = tab_b | {
        "motivation": ["B sin tekst."],
        f"motivation_{choice.pk}": ["B sitt notat."],
    }
    response = client.post(editor_url(draft, "submit"), sent)

    assert response.status_code == 409
    page = response.content.decode()
    assert "A sin tekst." in page
    assert "B sin tekst." in page
    keep_theirs = editor_url(draft, "theirs:motivation")
    assert f'formaction="{keep_theirs}"' in page
    draft.refresh_from_db()
    assert draft.status == draft.Status.DRAFT  # not submitted with a text nobody chose
    assert draft.motivation == "A sin tekst."
    choice.refresh_from_db()
    assert choice.motivation == "B sitt notat."  # the rest is saved

    again = open_tab(client, draft)  # the page shown with the conflict (B's text kept)
    response = client.post(keep_theirs, again)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.motivation == "A sin tekst."


def test_unticking_in_a_tab_detaches_only_what_was_unticked(login, applicant, draft):
    cv, letter = DocumentFactory(owner=applicant), DocumentFactory(owner=applicant)
    services.save_draft(user=applicant, application=draft, documents=[cv])
    client = login(applicant)
    tab_a, tab_b = open_tab(client, draft), open_tab(client, draft)
    assert autosave(client, draft, tab_a, documents=[str(cv.pk), str(letter.pk)]).status_code == 200
    assert autosave(client, draft, tab_b, documents=[]).status_code == 200  # B unticks the CV
    assert set(draft.documents.all()) == {letter}


def test_a_refused_autosave_says_why_in_json(login, applicant, draft):
    client = login(applicant)
    tab = open_tab(client, draft)
    answer = autosave(client, draft, tab, motivation="x" * 5001)
    assert answer.status_code == 400
    assert "5000" in answer.json()["message"]
    draft.refresh_from_db()
    assert draft.motivation == ""


def test_the_editor_page_carries_a_version_for_every_field(
    login, applicant, draft, django_assert_max_num_queries
):
    client = login(applicant)
    with django_assert_max_num_queries(40):
        tab = open_tab(client, draft)
    choice = draft.choices.get()
    for name in ("motivation", f"motivation_{choice.pk}", "documents", "public_exemption"):
        assert f"base_{name}" in tab


def test_the_profile_merges_two_tabs_too(login, applicant, profile):
    client = login(applicant)
    url = reverse("recruitment:profile")
    tab_a, tab_b = open_tab(client, None, url), open_tab(client, None, url)
    assert client.post(url, tab_a | {"phone": ["+47 911 11 111"]}).status_code == 302
    # The older tab changes another field: the phone number from tab A stays.
    assert client.post(url, tab_b | {"university": ["NTNU"]}).status_code == 302
    profile.refresh_from_db()
    assert (profile.phone, profile.university) == ("+47 911 11 111", "NTNU")

    # Both change the phone number: the later is refused, with the other text shown.
    tab_c = open_tab(client, None, url)
    assert client.post(url, tab_c | {"phone": ["+47 922 22 222"]}).status_code == 302
    response = client.post(url, tab_a | {"phone": ["+47 933 33 333"]})
    assert response.status_code == 409
    assert "+47 922 22 222" in response.content.decode()
    profile.refresh_from_db()
    assert profile.phone == "+47 922 22 222"
    # Saving the page shown with the conflict keeps this tab's number.
    again = _Fields(action=url)
    again.feed(response.content.decode())
    shown: dict[str, list[str]] = {}
    for name, value in again.data:
        shown.setdefault(name, []).append(value)
    assert client.post(url, shown).status_code == 302
    profile.refresh_from_db()
    assert (profile.phone, profile.university) == ("+47 933 33 333", "NTNU")
