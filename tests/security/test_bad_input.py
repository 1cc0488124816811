"""Bad input never breaks a page: every form and query parameter, fuzzed with hypothesis.

The forms are not listed by hand. For every page of the access matrix, the test opens the
page as a persona who may use it, finds its forms (the project's own: not the log-out or
language buttons of the menu) and sends each one values built from the field's own
options mixed with the nasty ones below – over-long text, control characters and NUL,
wrong types, impossible dates, huge page numbers, several values where one is expected.
The answer must be a page or a clear 4xx, never a 500. A form added to any page is fuzzed
without a line here.
"""

import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.recruitment.factories import pdf_bytes
from tests.security.matrix import MATRIX
from tests.security.test_access_matrix import PROJECT_APPS, project_urls

EXAMPLES = 12  # per page; every form of the page gets a value set in each example
# The same examples on every run, so the suite stays reproducible. FUZZ_RANDOM=1 explores
# new ones (hypothesis prints how to reproduce whatever it finds).
DERANDOMIZE = not os.environ.get("FUZZ_RANDOM")
# Who opens a page: the owner first, then the most privileged who may.
OPENERS = ("applicant", "coordinator", "recruiter", "chief_physician", "anonymous")

BAD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\x1b[31m",
    "\u202e",
    "\ud7ff",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "9" * 30,
    str(2**63),
    str(-(2**63) - 1),
    "²",
    "٣",
    "１２",
    "true",
    "None",
    "[]",
    "{}",
    "2024-02-30",
    "2023-13-01",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "1-1-1",
    "31.12.2025",
    "2025-06-01T25:61",
    "24:60",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "%00",
    "up:²",
    "add:99999999999999999999",
    "reorder",
    "😀" * 50,
]

nasty_text = st.one_of(
    st.sampled_from(BAD_VALUES),
    st.text(max_size=40),  # any code point, control characters and NUL included
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=10),
    st.text(min_size=1, max_size=20).map(lambda s: s * (5000 // len(s) + 1)),  # over-long
)


@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormParser(HTMLParser):
    """The forms of a page: where each is sent, how, and its fields with their options."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urljoin(self.url, attrs.get("action") or self.url)
            self._form = Form(action, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value") or "")
            return
        form, name = self._form, attrs.get("name")
        if form is None or not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            current = form.fields.setdefault(name, Field(name, attrs.get("type") or "text"))
            if attrs.get("value") is not None:
                current.options.append(attrs["value"])
        elif tag == "textarea":
            form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "select":
            self._select = form.fields.setdefault(name, Field(name, "select"))
        elif tag == "button" and attrs.get("value") is not None:
            form.fields.setdefault(name, Field(name, "button")).options.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def project_forms(url: str, html: str) -> list[Form]:
    parser = FormParser(url)
    parser.feed(html)
    forms, seen = [], set()
    for form in parser.forms:
        path = urlsplit(form.action).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        module = getattr(match.func, "__module__", "") or ""
        # One form per view and method: a form repeated per row tests nothing new.
        key = (match.view_name, form.method, tuple(sorted(form.fields)))
        if module.split(".")[0] in PROJECT_APPS and key not in seen:
            seen.add(key)
            forms.append(form)
    return forms


def value_for(field: Field):
    if field.kind == "file":
        return st.builds(
            lambda name, content: SimpleUploadedFile(name, content, "application/pdf"),
            st.sampled_from(["cv.pdf", "../../x.pdf", "..\\..\\x.pdf", "a" * 300 + ".pdf", ".pdf"]),
            st.sampled_from([pdf_bytes(), b"MZ\x90\x00", b"", b"%PDF-1.7\n%%EOF"]),
        )
    own = [st.sampled_from(field.options)] if field.options else []
    one = st.one_of(*own, nasty_text)
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def send(client, form: Form, values: dict, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {k: v for k, v in values.items() if v != [] and not (v == "" and k == "file")}
    with transaction.atomic():  # a failing statement must not poison the next example
        if form.method == "post":
            return client.post(form.action, data, headers=headers)
        return client.get(form.action, data, headers=headers)


def _opener(entry) -> str | None:
    return next((p for p in OPENERS if entry.expected[p] == 200), None)


PAGES = sorted(name for name, entry in MATRIX.items() if not entry.post_only)


@pytest.mark.parametrize("name", PAGES)
def test_no_form_or_query_parameter_gives_a_server_error(name, world):
    if name not in project_urls():
        pytest.skip(f"{name} is not in the URL configuration")
    entry = MATRIX[name]
    persona = _opener(entry)
    if persona is None:
        pytest.skip("nobody gets this page")
    client = world.client(persona)
    url = reverse(name, kwargs=entry.kwargs(world))
    page = client.get(url)
    forms = []
    if page.get("Content-Type", "").startswith("text/html") and not page.streaming:
        forms = project_forms(url, page.content.decode(errors="replace"))
    # Every page may be asked for a page number, sorted or filtered by anyone.
    forms.append(Form(url, "get", {"page": Field("page", "text"), "sort": Field("sort", "text")}))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        for form in forms:
            values = {
                name: data.draw(value_for(field), label=f"{form.method} {form.action} {name}")
                for name, field in form.fields.items()
            }
            response = send(client, form, values, htmx=data.draw(st.booleans(), label="htmx"))
            assert response.status_code < 500, f"{form.method.upper()} {form.action}: {values}"

    fuzz()


def test_ids_out_of_range_in_a_url_give_404_not_a_server_error(world):
    clients, problems = {}, []
    for name, entry in MATRIX.items():
        if name not in project_urls():
            continue
        persona = next(
            (p for p in OPENERS if entry.expected[p] not in (404, "login")), "coordinator"
        )
        client = clients.setdefault(persona, world.client(persona))
        kwargs = entry.kwargs(world)
        for key in [k for k, v in kwargs.items() if isinstance(v, int)]:
            for number in (0, 2**31, 2**63, 10**30):
                url = reverse(name, kwargs={**kwargs, key: number})
                with transaction.atomic():
                    response = client.get(url)
                if response.status_code not in (404, 405):
                    problems.append(f"{persona} GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


# --- What the fuzzer found, kept as plain regression tests -------------------------------------


@pytest.mark.parametrize("find", ["\x00", "a\x00b", "\x1b"])
def test_searching_the_round_for_a_control_character_is_no_error(world, find):
    client = world.client("applicant")
    url = reverse("recruitment:round_apply", args=[world.round.pk])
    assert client.get(url, {"posting": "²"}).status_code == 200
    application_url = reverse("recruitment:application_detail", args=[world.application.pk])
    assert client.get(application_url, {"find": find}).status_code == 200
    find_url = reverse("recruitment:application_find", args=[world.application.pk])
    response = client.post(find_url, {"find": find})
    assert response.status_code < 500


@pytest.mark.parametrize(
    "button", ["choices/²/up", "choices/²/down", "postings/²/add", "choices/²/remove"]
)
def test_superscript_digits_are_not_taken_for_ids(world, button):
    client = world.client("applicant")
    url = reverse("recruitment:application_detail", args=[world.application.pk])
    assert client.post(f"{url}{button}/", {"motivation": ""}).status_code == 404


def test_a_reorder_with_superscript_digits_is_no_error(world):
    client = world.client("applicant")
    url = reverse("recruitment:choices_reorder", args=[world.application.pk])
    assert client.post(url, {"order": "²,³"}).status_code < 500


def test_a_crafted_return_address_cannot_inject_a_header(world):
    url = reverse("recruitment:posting_applicants_bulk", args=[world.posting.pk])
    response = world.client("recruiter").post(
        url, {"next": "?page=1\r\nSet-Cookie: x=1", "bulk-status": "shortlisted"}
    )
    assert response.status_code == 302
    assert "\n" not in response["Location"]


@pytest.mark.parametrize("target", ["0", "home", "https://evil.example/", "//evil.example/"])
def test_a_return_address_is_a_path_of_this_site(world, target):
    url = reverse("careers:consent_withdraw", args=[world.track_consent.pk])
    response = world.client("applicant").post(url, {"next": target})
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")


def test_retrying_notifications_ignores_ids_that_are_not_numbers(world):
    response = world.client("coordinator").post(
        reverse("notification_send_again"), {"ids": ["²", "1", "x"]}
    )
    assert response.status_code == 302
