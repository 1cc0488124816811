"""Whether the candidate's menu shows "Your path".

Kept in the session, so that the menu costs no query on every page: worked out once at
login, and set when the person gives a consent (the first step of every path)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from careers.tracks import selectors

SESSION_KEY = "careers_has_track_path"


def remember(request) -> None:
    request.session[SESSION_KEY] = True


@receiver(user_logged_in, dispatch_uid="careers_tracks_nav_on_login")
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = selectors.has_track_path(user)
