"""When a page answers with a fragment to swap in place, and when with the whole page.

One rule for every htmx page: a request htmx sends for a swap gets the fragment; anything
else – a plain request, a reload, and htmx's history restore after Back (which must show
the whole page, header included) – gets the whole page. Responses that differ so say so in
``Vary``, so no cache hands one to the other."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

VARY = ("HX-Request", "HX-Target", "HX-History-Restore-Request")


def swaps_in_place(request: HttpRequest, target: str | None = None) -> bool:
    """htmx asks for a fragment (into ``target``, when given) – not for a history restore."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, VARY)
    return response
