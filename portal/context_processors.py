from portal import permissions, security


def navigation(request):
    """What the navigation bar needs to know about the person looking at it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_staff": False, "nav_is_coordinator": False, "nav_is_chief_physician": False}
    return {
        # The session warning (base.html, portal.js).
        "session_expires_in": security.seconds_left(request.session),
        "session_warning_seconds": security.warning_seconds(),
        "nav_is_staff": permissions.has_staff_role(user),
        "nav_is_coordinator": permissions.is_coordinator(user),
        "nav_is_chief_physician": permissions.is_chief_physician(user),
    }
