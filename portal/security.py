"""Session lifetime and caching rules that apply to every page.

- Idle timeout: a session unused for ``SESSION_IDLE_TIMEOUT`` seconds is ended.
- Absolute timeout: no session outlives ``SESSION_ABSOLUTE_TIMEOUT`` seconds after login.
- Pages shown to a logged-in person may contain personal data: ``Cache-Control: no-store``.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

STARTED = "_portal_session_started"
SEEN = "_portal_session_seen"
# Write the "last seen" time at most this often, so a busy session is not saved on every
# request just to keep it alive.
SEEN_RESOLUTION = 60


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._enforce_timeouts(request)
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
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
        if now - seen >= SEEN_RESOLUTION or SEEN not in session:
            session[SEEN] = now
