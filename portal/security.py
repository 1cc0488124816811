"""Session lifetime and caching rules that apply to every page.

- Idle timeout: a session unused for ``SESSION_IDLE_TIMEOUT`` seconds is ended.
- Absolute timeout: no session outlives ``SESSION_ABSOLUTE_TIMEOUT`` seconds after login.
- Pages shown to a logged-in person may contain personal data: ``Cache-Control: no-store``.
- Every answer to a signed-in person says in ``X-Session-Expires-In`` how many seconds the
  session has left unused, so the page can warn before it ends (portal.js, WCAG 2.2.1).
- A script's request (htmx, or a ``fetch`` asking for JSON) that finds no session gets a
  401 JSON answer saying so, never the login page to put inside the page.
"""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

STARTED = "_portal_session_started"
SEEN = "_portal_session_seen"
EXPIRES_HEADER = "X-Session-Expires-In"
# Write the "last seen" time at most this often (a tenth of the idle timeout, at most a
# minute), so a busy session is not saved on every request just to keep it alive.
SEEN_RESOLUTION = 60


def seen_resolution() -> int:
    return max(1, min(SEEN_RESOLUTION, settings.SESSION_IDLE_TIMEOUT // 10))


def warning_seconds() -> int:
    return max(1, min(settings.SESSION_WARNING_SECONDS, settings.SESSION_IDLE_TIMEOUT // 2))


def seconds_left(session, now: int | None = None) -> int:
    """How long the session lasts if unused from now: the idle timeout from when it was
    last seen, or its absolute end if that comes first."""
    now = int(time.time()) if now is None else now
    seen, started = session.get(SEEN, now), session.get(STARTED, now)
    return max(
        0,
        min(
            seen + settings.SESSION_IDLE_TIMEOUT,
            started + settings.SESSION_ABSOLUTE_TIMEOUT,
        )
        - now,
    )


def touch(session) -> None:
    """Count the session as used now (the "Stay signed in" button)."""
    session[SEEN] = int(time.time())


def is_script_request(request) -> bool:
    """A request made by the page's own scripts, which cannot show a login page."""
    return (
        bool(getattr(request, "htmx", False))
        or "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def signed_out_response(request) -> JsonResponse:
    login = resolve_url(settings.LOGIN_URL)
    htmx = getattr(request, "htmx", None)
    back = (htmx.current_url if htmx else None) or request.META.get("HTTP_REFERER", "")
    next_path = request.get_full_path()
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        next_path = urlsplit(back).path or next_path
    return JsonResponse(
        {
            "signed_out": True,
            "message": _(
                "You have been signed out, so this was not saved. Your text is kept in this "
                "browser: sign in again and it is put back."
            ),
            "login_url": f"{login}?{urlencode({'next': next_path})}",
        },
        status=401,
    )


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._enforce_timeouts(request)
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response[EXPIRES_HEADER] = str(seconds_left(request.session))
        elif (
            response.status_code == 302
            and is_script_request(request)
            and response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL)
        ):
            response = signed_out_response(request)
            patch_cache_control(response, no_store=True)
        return response

    def _enforce_timeouts(self, request) -> None:
        now = int(time.time())
        session = request.session
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        if (
            now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            or now - seen > settings.SESSION_IDLE_TIMEOUT
        ):
            logout(request)
            messages.info(request, _("You were logged out because the session expired."))
            return
        if now - seen >= seen_resolution() or SEEN not in session:
            session[SEEN] = now
