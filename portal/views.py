import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import security, throttle
from portal.clock import arrived
from portal.tasks import HEARTBEAT_KEY
from recruitment import selectors as recruitment_selectors
from recruitment.enums import PostingKind

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
    counts = recruitment_selectors.open_counts_by_kind(now)
    stages = [(kind, label, counts.get(kind, 0)) for kind, label in PostingKind.choices]
    latest = recruitment_selectors.open_postings(now).order_by("-published_at", "-pk")[:6]
    return render(
        request,
        "portal/home.html",
        {"stages": stages, "latest": latest, "open_count": sum(counts.values())},
    )


def _check_database() -> None:
    """One round trip through the pool, waiting at most ``HEALTH_TIMEOUT`` for a connection
    (a request would wait ``DATABASE_POOL_TIMEOUT``)."""
    pool = getattr(connection, "pool", None)
    if pool is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return
    pool.open()
    with pool.connection(timeout=HEALTH_TIMEOUT) as conn:
        conn.execute("SELECT 1")


def _ping_redis(url: str) -> None:
    import redis

    timeout = min(settings.REDIS_SOCKET_TIMEOUT, HEALTH_TIMEOUT)
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


def _check_redis() -> None:
    _ping_redis(settings.REDIS_URL)


def _check_broker() -> None:
    _ping_redis(settings.CELERY_BROKER_URL)


# Seconds any one check may take; the checks run side by side, so /healthz answers within
# about this long whatever is down.
HEALTH_TIMEOUT = 1.5


def _run(check) -> str:
    try:
        check()
    except Exception as error:
        logger.warning("Health check %s failed: %r", check.__name__, error)
        return "down"
    return "ok"


@never_cache
def healthz(request):
    """200 when the database, Redis and the broker (each when configured) answer; 503 JSON
    naming what is down, within about ``HEALTH_TIMEOUT`` seconds."""
    from concurrent.futures import ThreadPoolExecutor

    side_checks = {}
    if settings.REDIS_URL:
        side_checks["redis"] = _check_redis
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        side_checks["broker"] = _check_broker
    # Redis and the broker in threads, the database here (Django's connections are per
    # thread): at most the slowest check's time, not their sum.
    with ThreadPoolExecutor(max_workers=max(len(side_checks), 1)) as executor:
        futures = {name: executor.submit(_run, check) for name, check in side_checks.items()}
        results = {"database": _run(_check_database)}
        results |= {name: future.result() for name, future in futures.items()}
    down = [name for name, result in results.items() if result != "ok"]
    body = {
        "status": "down" if down else "ok",
        "checks": results,
        "down": down,
        # Informational: when the scheduler last ran a task (None if never seen, or while
        # the cache is away: the cache fails soft).
        "scheduler_heartbeat": cache.get(HEARTBEAT_KEY) if "redis" not in down else None,
    }
    return JsonResponse(body, status=503 if down else 200)


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
