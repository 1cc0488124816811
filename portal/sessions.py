"""Pages that never read nor write the visitor's session: the anonymous survey.

A survey answered by someone who is also logged in must leave no trace in their session:
not a key written at answering time, not the session's expiry moved on (which would time
the answer to the second, next to the user id). For the paths in ``SESSIONLESS_PATHS`` the
session middleware hands the view an empty session that is never loaded from or saved to
the store, and leaves the visitor's session cookie alone; so the login is not read either
(the page is drawn as for anyone) and the session-timeout middleware has nothing to touch.
"""

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware


def is_sessionless(request) -> bool:
    return request.path_info.startswith(tuple(settings.SESSIONLESS_PATHS))


class SessionMiddleware(DjangoSessionMiddleware):
    def process_request(self, request):
        if is_sessionless(request):
            request.session = self.SessionStore(None)  # empty, and never saved
            return
        super().process_request(request)

    def process_response(self, request, response):
        if is_sessionless(request):
            return response
        return super().process_response(request, response)
