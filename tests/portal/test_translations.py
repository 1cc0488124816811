"""Bokmål first: every string the code and templates can show has a Norwegian translation
in the catalogue, so no English is left on a Bokmål page. The catalogue is gathered afresh
from the source (as ``make messages`` does) into a copy, and the copy must have nothing
untranslated or fuzzy."""

import shutil
import subprocess

from django.conf import settings as django_settings
from django.core.management import call_command

IGNORED = [".venv", "var", "tests", "bench", "node_modules"]


def entries(po_file, flag: str) -> list[str]:
    """The msgids that ``msgattrib`` selects with ``flag``, the header left out."""
    out = subprocess.run(  # gettext's tools, which makemessages needs anyway
        [shutil.which("msgattrib"), flag, "--no-wrap", "--no-location", str(po_file)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        line.removeprefix("msgid ")
        for line in out.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]


def test_every_string_in_the_source_has_a_bokmal_translation(tmp_path, settings):
    locale = tmp_path / "locale"
    shutil.copytree(django_settings.BASE_DIR / "locale", locale)
    settings.LOCALE_PATHS = [locale]
    call_command("makemessages", locale=["nb"], ignore_patterns=IGNORED, verbosity=0)
    po_file = locale / "nb" / "LC_MESSAGES" / "django.po"
    assert entries(po_file, "--untranslated") == []
    assert entries(po_file, "--only-fuzzy") == []
