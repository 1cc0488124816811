from django.utils.functional import SimpleLazyObject

from recruitment import permissions


def applicant_menu(request):
    """Whether the navigation shows the applicant's menu (``permissions.applies``).

    Lazy: an htmx fragment that never shows the menu costs no query."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_applies": False}
    return {"nav_applies": SimpleLazyObject(lambda: permissions.applies(user))}
