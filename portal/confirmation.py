"""A confirmation step for binding actions, without JavaScript.

A binding action (an offer, withdrawing it, closing a posting …) keeps its one POST URL.
Its button posts there as before; without the ``confirm`` field the view answers with
``ask``: a page that says in plain words what will happen, carrying every posted field on
as a hidden input, with a confirm button (which adds ``confirm``) and a link back. Only a
POST that ``is_confirmed`` calls the service — which must itself refuse a second or stale
confirmation with a message, since a person can always send the same form twice.

The page is the action's own template: it extends ``portal/confirm.html`` and fills in
the heading and what happens; ``portal/_confirm_form.html`` is the form every such page
ends with.
"""

from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
CHANGE_FIELD = "change"
# Never carried on: the token is the page's own, the buttons say what was chosen.
_NOT_CARRIED = {CONFIRM_FIELD, CHANGE_FIELD, "csrfmiddlewaretoken"}


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def wants_change(request: HttpRequest) -> bool:
    """The person went back from the confirmation to change what they had filled in."""
    return request.method == "POST" and request.POST.get(CHANGE_FIELD) == "yes"


def ask(
    request: HttpRequest,
    template: str,
    context: Mapping,
    *,
    confirm_label: str,
    cancel_url: str,
    pin: Mapping[str, object] | None = None,
    change_label: str = "",
) -> HttpResponse:
    """The confirmation page of the action ``request`` posted to, at the same URL.

    ``pin`` adds (or replaces) hidden fields naming what the page promised — the
    candidate next in line, the answer deadline shown — so the confirmed POST does exactly
    that or is refused. ``change_label`` adds a button that posts the fields back without
    confirming, for forms worth returning to (the view shows its form again)."""
    pin = {name: str(value) for name, value in (pin or {}).items()}
    hidden = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED and name not in pin
        for value in request.POST.getlist(name)
    ]
    hidden += list(pin.items())
    confirmation = {
        "action": request.path,
        "hidden": hidden,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "change_label": change_label,
    }
    return render(request, template, {**context, "confirmation": confirmation})
