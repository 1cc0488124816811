"""What a visitor sees while the database is away: a short, friendly 503, not a 500.

``handler500`` (portal/urls.py) is what Django calls for any exception a view or a
middleware let through. A database that cannot be reached (``OperationalError``: refused,
a pool timeout of ``DATABASE_POOL_TIMEOUT`` seconds, a connection that broke mid-query;
``InterfaceError``: a connection already closed) is an outage, not a bug: the answer is
503 with ``Retry-After``, in Bokmål and English, with no details, as JSON for scripts
(autosave) and as a page for people. Everything else stays the plain 500 page.
The page needs nothing from the database: no session, no user, no context processors.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER = "30"
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_outage(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, is the database being away."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _wants_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return "application/json" in accept and "text/html" not in accept


def unavailable(request):
    """The 503 answer itself (also used by tests)."""
    if _wants_json(request):
        response = JsonResponse(
            {
                "error": "unavailable",
                "message": "Tjenesten er midlertidig utilgjengelig. / "
                "The service is temporarily unavailable.",
            },
            status=503,
        )
    else:
        response = HttpResponseServerError(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = RETRY_AFTER
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's 500 handler, answering 503 for a database outage."""
    if is_outage(sys.exc_info()[1]):
        return unavailable(request)
    return HttpResponseServerError(loader.get_template(template_name).render())
