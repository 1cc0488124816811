"""Strings that Django and allauth show on the site and that their own Bokmål catalogues
lack. Listed here so that ``makemessages`` keeps them in the project's catalogue
(``locale/``, which ``LOCALE_PATHS`` puts before every other): the translation is the
project's, the text is theirs. tests/security/test_bokmal_pages.py finds a missing one."""

from django.utils.translation import gettext_noop, ngettext

BORROWED = [
    # django.db.models.fields.BLANK_CHOICE_LABEL: the empty choice of every dropdown.
    gettext_noop("- Select an option -"),
]


def _plural_forms() -> None:  # pragma: no cover - never called; makemessages reads it
    # Django 6.1's MinimumLengthValidator (its Bokmål catalogue has the older wording).
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
