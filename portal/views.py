import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import security, throttle
from portal.clock import arrived
from portal.tasks import HEARTBEAT_KEY
from recruitment import selectors as recruitment_selectors
from recruitment.models import Posting, PostingKind

logger = logging.getLogger(__name__)


@never_cache
def sign_in_link(request, token):
    """The link e-mailed after a right password from a throttled address (portal/throttle.py).
    Opening it changes nothing; its button signs the person in through allauth's login
    stages, so staff still give their second factor."""
    from allauth.account import app_settings as account_settings
    from allauth.account.utils import perform_login

    user = throttle.user_for_link(token)
    if request.method == "POST" and user is not None:
        return perform_login(request, user, email_verification=account_settings.EMAIL_VERIFICATION)
    return render(
        request,
        "portal/sign_in_link.html",
        {"person": user},
        status=400 if request.method == "POST" else 200,
    )


def home(request):
    now = arrived(request)
    counts = dict(
        Posting.objects.open(now)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    stages = [(kind, label, counts.get(kind, 0)) for kind, label in PostingKind.choices]
    latest = recruitment_selectors.open_postings(now).order_by("-published_at", "-pk")[:6]
    return render(
        request,
        "portal/home.html",
        {"stages": stages, "latest": latest, "open_count": sum(counts.values())},
    )


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_redis() -> None:
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()


@never_cache
def healthz(request):
    """200 when the database (and Redis, when configured) answer; 503 naming what is down."""
    checks = {"database": _check_database}
    if settings.REDIS_URL:
        checks["redis"] = _check_redis
    results, down = {}, []
    for name, check in checks.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "down"
            down.append(name)
        else:
            results[name] = "ok"
    status = 503 if down else 200
    body = {
        "status": "down" if down else "ok",
        "checks": results,
        # Informational: when the scheduler last ran a task (None if never seen).
        "scheduler_heartbeat": cache.get(HEARTBEAT_KEY),
    }
    return JsonResponse(body, status=status)


def bench_baseline(request):
    """The site's base template and nothing else: no queries, no session written. Routed
    only when BENCH is set (see bench/README.md)."""
    return render(request, "portal/bench_baseline.html")


@require_POST
def session_keepalive(request):
    """The "Stay signed in" button of the session warning (portal.js): counts as use, and
    says how long the session now lasts. Signed out: 401 (portal.security)."""
    if not request.user.is_authenticated:
        return security.signed_out_response(request)
    security.touch(request.session)
    return JsonResponse({"expires_in": security.seconds_left(request.session)})
