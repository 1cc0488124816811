"""The moment a request reached the portal.

Deadlines are judged by when a request arrived, not by when a busy server got round to it
(DESIGN.md, "Promises"): an applicant who pressed "Submit" at 11:59:59 is not refused
because a lock or a slow upload kept the request waiting past 12:00. ``ArrivalMiddleware``
stamps every request first thing; views hand ``arrived(request)`` to the selectors and
services that apply a deadline, and pages drawn for that request use the same moment, so
the apply button a page shows and the check the server makes can never disagree.
"""

from datetime import datetime

from django.utils import timezone


class ArrivalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.arrived_at = timezone.now()
        return self.get_response(request)


def arrived(request) -> datetime:
    """When ``request`` reached the portal (now, for a request the middleware never saw)."""
    return getattr(request, "arrived_at", None) or timezone.now()
