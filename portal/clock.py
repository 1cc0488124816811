"""The moment a request reached the portal.

Deadlines are judged by when a request arrived, not by when a busy server got round to it
(DESIGN.md, "Promises"): an applicant who pressed "Submit" at 11:59:59 is not refused
because a lock or a slow upload kept the request waiting past 12:00. ``ArrivalMiddleware``
stamps every request first thing, before any database work; views hand ``arrived(request)``
to the selectors and services that apply a deadline, and pages drawn for that request use
the same moment, so the apply button a page shows and the check the server makes can never
disagree.

Behind a trusted reverse proxy (``TRUSTED_PROXY_COUNT`` > 0) the arrival is the moment the
proxy received the request, from its ``X-Request-Start`` header (``t=<seconds>``, with
fractions, or in milli- or microseconds): time spent waiting in the proxy's or gunicorn's
queue then counts for the applicant too. The proxy must set the header itself, replacing
any a client sent. A header in the future, unreadable, or older than
``REQUEST_START_MAX_AGE`` seconds is ignored (Django's own moment is used).

``DEADLINE_GRACE_SECONDS`` (default 0) extends every deadline check by that many seconds
(``accepts``); the round's rules on the application page say so.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone


class ArrivalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now()
        request.arrived_at = _proxy_start(request, now) or now
        return self.get_response(request)


def _proxy_start(request, now: datetime) -> datetime | None:
    if getattr(settings, "TRUSTED_PROXY_COUNT", 0) <= 0:
        return None
    header = request.META.get("HTTP_X_REQUEST_START", "").strip()
    if not header:
        return None
    value = header.removeprefix("t=").strip()
    try:
        number = float(value)
    except ValueError:
        return None
    if number > 1e14:  # microseconds
        number /= 1e6
    elif number > 1e11:  # milliseconds
        number /= 1e3
    try:
        started = datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    oldest = now - timedelta(seconds=getattr(settings, "REQUEST_START_MAX_AGE", 60))
    # A proxy clock a little ahead of ours is not an arrival in the future.
    if started > now + timedelta(seconds=1) or started < oldest:
        return None
    return min(started, now)


def arrived(request) -> datetime:
    """When ``request`` reached the portal (now, for a request the middleware never saw)."""
    return getattr(request, "arrived_at", None) or timezone.now()


def grace_seconds() -> int:
    return max(0, int(getattr(settings, "DEADLINE_GRACE_SECONDS", 0)))


def judged(now: datetime) -> datetime:
    """The moment a deadline check uses for a request that arrived at ``now``: the grace
    period is taken off, so a deadline at 12:00:00 with 5 seconds' grace still accepts a
    request that arrived at 12:00:04.9."""
    return now - timedelta(seconds=grace_seconds())
