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


def test_every_string_in_the_source_has_a_bokmal_translation(tmp_path, settings, monkeypatch):
    # makemessages writes each source file's strings into the ``locale`` folder beside its
    # nearest ancestor; run from the project's root, that is the project's own catalogue,
    # which it would rewrite (and the copy would never see a new string). So it runs in a
    # tree of links to the sources, with the copied catalogue as that tree's ``locale``.
    root = django_settings.BASE_DIR
    tree = tmp_path / "tree"
    tree.mkdir()
    for child in root.iterdir():
        if child.name not in {*IGNORED, "locale"} and not child.name.startswith("."):
            (tree / child.name).symlink_to(child)
    locale = tree / "locale"
    shutil.copytree(root / "locale", locale)
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["nb"], ignore_patterns=IGNORED, symlinks=True, verbosity=0)
    po_file = locale / "nb" / "LC_MESSAGES" / "django.po"
    assert entries(po_file, "--untranslated") == []
    assert entries(po_file, "--only-fuzzy") == []
