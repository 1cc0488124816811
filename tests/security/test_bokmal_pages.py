"""No English on a Bokmål page (issue 21 part 4): every page of the access matrix for every
persona, allauth's pages and forms in their error state, rendered in Bokmål, contain no
source string of the catalogues the site uses – the project's, Django's and those of every
installed app (allauth, django-filter, crispy…) – that Bokmål translates, or, for a phrase
of words, that it should translate.

Not a word list: the English strings are the msgids of the catalogues themselves, read from
their .po files, and a page's text is compared with them as text is shown (text nodes and
the attributes read aloud or shown, outside elements marked with another language)."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.security.pages import rendered_pages

SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
WORD = re.compile(r"[^\W_]+")
LONGEST_PHRASE = 6  # words of a phrase looked up in a page's index at once


# --- The catalogues --------------------------------------------------------------------


def _po_files() -> list[Path]:
    """The Bokmål catalogue of Django, of each installed app and of the project (or, where
    an app has none, its English one: its strings still need Bokmål)."""
    dirs = [Path(django.__file__).parent / "conf" / "locale"]
    dirs += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    dirs += [Path(path) for path in settings.LOCALE_PATHS]
    found = []
    for directory in dirs:
        for language in ("nb", "en"):
            po = directory / language / "LC_MESSAGES" / "django.po"
            if po.exists():
                found.append(po)
                break
    return found


def _unquote(parts: list[str]) -> str:
    return "".join(
        part[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\") for part in parts
    )


@dataclass(frozen=True)
class Entry:
    msgid: str
    plural: str
    context: str
    left_as_is: bool  # the catalogue says the same words serve in Bokmål


def _entries(po: Path) -> list[Entry]:
    """The entries of a .po file (obsolete ones left out), blank-line separated."""
    bokmal = po.parent.parent.name == "nb"
    found = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#") or not line:
                continue
            if line.startswith('"') and key:
                fields[key].append(line)
                continue
            key, _sep, rest = line.partition(" ")
            fields[key] = [rest]
        msgid = _unquote(fields.get("msgid", []))
        if not msgid:
            continue
        msgstr = _unquote(fields.get("msgstr", fields.get("msgstr[0]", [])))
        found.append(
            Entry(
                msgid,
                _unquote(fields.get("msgid_plural", [])),
                _unquote(fields.get("msgctxt", [])),
                left_as_is=bokmal and msgstr == msgid,
            )
        )
    return found


def _shown(entry: Entry, text: str, n: int) -> str:
    if entry.plural and entry.context:
        return translation.npgettext(entry.context, entry.msgid, entry.plural, n)
    if entry.plural:
        return translation.ngettext(entry.msgid, entry.plural, n)
    if entry.context:
        return translation.pgettext(entry.context, text)
    return translation.gettext(text)


def english_strings() -> tuple[set[str], list[tuple[str, ...]]]:
    """(whole texts, phrases): the English strings that must not be on a Bokmål page.

    A string counts if Bokmål translates it into something else, or if it is a phrase of
    two words or more that no catalogue translates (a single word may be the same in both
    languages, "Status"; a catalogue may say so of a phrase too, a name). Placeholders
    split a string into its phrases."""
    whole: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    with translation.override("nb"):
        for po in _po_files():
            for entry in _entries(po):
                for text, n in ((entry.msgid, 1), (entry.plural, 2)):
                    if not text:
                        continue
                    translated = _shown(entry, text, n) != text
                    if not translated and entry.left_as_is:
                        continue
                    for chunk in PLACEHOLDER.split(text):
                        words = tuple(_words(chunk))
                        if len(words) >= 2:
                            phrases.add(words)
                        elif words and translated and not PLACEHOLDER.search(text):
                            whole.add(" ".join(chunk.split()))
    return whole, sorted(phrases)


# --- The pages ---------------------------------------------------------------------------


class ShownText(HTMLParser):
    """The texts a page shows or reads aloud, one per text node or attribute: not scripts
    and styles, not what a person wrote into a field (a textarea, an input's value), not
    code, and not elements marked with another language or as not to be translated."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _skipped(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang")
        skip = (
            tag in ("script", "style", "template", "textarea", "code")
            or (lang is not None and not lang.startswith(("nb", "no")))
            or values.get("translate") == "no"
        )
        if not (skip or self._skipped()):
            for name, value in attrs:
                # data-* attributes hold the texts scripts show (and URLs, ids: not text).
                shown = name in SHOWN_ATTRIBUTES or (
                    name.startswith("data-") and " " in (value or "")
                )
                if value and shown and not value.startswith(("/", "http")):
                    self.texts.append(value)
            if tag == "input" and values.get("type") in ("submit", "button", "reset"):
                self.texts.append(values.get("value") or "")
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.texts.append(data)


def _words(text: str) -> list[str]:
    """The words of a text, leaving out what is not prose: addresses, codes, e-mail
    addresses and placeholders ("/accounts/sign-in/", "track_consent", "{contact_person}")."""
    return [
        word
        for token in text.casefold().split()
        if not any(mark in token for mark in "/_@={}")
        for word in WORD.findall(token)
    ]


def english_on(page_html: str, whole: set[str], phrases: list[tuple[str, ...]]) -> list[str]:
    parser = ShownText()
    parser.feed(page_html)
    found = []
    texts = [" ".join(text.split()) for text in parser.texts]
    found += sorted({text for text in texts if text in whole})
    words = [_words(text) for text in texts]
    index = {
        tuple(ws[i : i + n])
        for ws in words
        for n in range(2, LONGEST_PHRASE + 1)
        for i in range(len(ws) - n + 1)
    }
    joined = [f" {' '.join(ws)} " for ws in words]
    for phrase in phrases:
        if phrase[:LONGEST_PHRASE] in index:
            needle = f" {' '.join(phrase)} "
            if any(needle in text for text in joined):
                found.append(" ".join(phrase))
    return found


def error_state_pages(world) -> list[tuple[str, str]]:
    """Forms shown again with their errors, where Django's and allauth's messages appear."""
    client = world.client("anonymous", headers={"Accept-Language": "nb"})
    pages = []
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@example.no", "password1": "abc", "password2": "abd"},
    )
    pages.append(("account_signup (errors)", response.content.decode()))
    response = client.post(
        reverse("account_login"), {"login": "ingen@example.no", "password": "feil"}
    )
    pages.append(("account_login (errors)", response.content.decode()))
    staff = world.client("coordinator", headers={"Accept-Language": "nb"})
    response = staff.post(reverse("recruitment:round_create"), {"name": ""})
    pages.append(("recruitment:round_create (errors)", response.content.decode()))
    return pages


def test_no_english_source_string_on_any_bokmal_page(world):
    whole, phrases = english_strings()
    assert len(phrases) > 1000  # the catalogues were read
    assert len(whole) > 500
    problems = []
    pages = [(f"{p.persona}: {p.url} ({p.name})", p.html) for p in rendered_pages(world, "nb")]
    for where, page_html in [*pages, *error_state_pages(world)]:
        assert 'lang="nb"' in page_html[:400], where
        found = english_on(page_html, whole, phrases)
        if found:
            problems.append(f"{where}: {found}")
    assert not problems, "\n".join(problems)


def test_the_check_finds_english_and_passes_bokmal():
    whole, phrases = english_strings()
    page = (
        '<html lang="nb"><body><button>Cancel</button><p lang="en">This field is required.</p>'
        "<p>Velg en gyldig verdi.</p></body></html>"
    )
    assert english_on(page, whole, phrases) == ["Cancel"]
    page = "<p>Feil: This password is too short. It must contain at least 8 characters.</p>"
    assert "this password is too short" in " ".join(english_on(page, whole, phrases))
    assert english_on('<p title="Vis alle">Søk etter stillinger</p>', whole, phrases) == []
