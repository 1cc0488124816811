"""Where each button of the application editor posts (recruitment/applications/urls.py)."""

from django.urls import reverse

# "up:12" is the button "Move up" of choice 12; "add:7" adds posting 7; "theirs:motivation"
# keeps the other window's text of the motivation; "save" is the form's own button.
_WITH_TARGET = {
    "up": "recruitment:choice_move_up",
    "down": "recruitment:choice_move_down",
    "remove": "recruitment:choice_remove",
    "add": "recruitment:choice_add",
    "theirs": "recruitment:application_keep_theirs",
}
_PLAIN = {
    "save": "recruitment:application_detail",
    "submit": "recruitment:application_submit",
    "find": "recruitment:application_find",
    "reorder": "recruitment:choices_reorder",
}


def editor_url(application, button: str = "save") -> str:
    kind, _sep, target = button.partition(":")
    if kind in _WITH_TARGET:
        return reverse(_WITH_TARGET[kind], args=[application.pk, target])
    return reverse(_PLAIN[kind], args=[application.pk])
