"""Django's Redis cache, with one client object per connection pool, that fails soft.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call, and each
one sets up the library's two hundred response callbacks: on a cached page that cost more
than the GETs themselves. A client is safe to share between threads (it takes a
connection from the pool for each command) and after a fork (the pool notices the new
process and reconnects).

The cache is only ever a copy: when Redis cannot be reached (refused, timed out, gone
mid-answer) every read is a miss and every write is dropped, so pages are drawn afresh
instead of failing. Short socket timeouts (settings: ``REDIS_SOCKET_TIMEOUT``) keep a
hanging Redis from holding a request. The first failure is logged, then at most one line
a minute while it lasts, and one when Redis answers again. ``unreachable()`` tells code
that must not silently lose what it keeps in the cache (the sign-in throttle) to use the
database instead.
"""

import logging
import threading
import time

from django.core.cache import cache as default_cache
from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)

LOG_EVERY = 60.0  # seconds between two log lines while Redis stays unreachable


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


def _errors():
    import redis as redis_lib

    return (redis_lib.RedisError, OSError)


class RedisCache(redis.RedisCache):
    """Every read and write fails soft: a miss, a write dropped (see the module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._failing_since: float | None = None
        self._logged_at = 0.0
        self._lock = threading.Lock()

    # --- bookkeeping ---------------------------------------------------------------------

    @property
    def unreachable(self) -> bool:
        """Whether the last call to Redis failed (until one succeeds again)."""
        return self._failing_since is not None

    def _failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            first = self._failing_since is None
            if first:
                self._failing_since = now
            if first or now - self._logged_at >= LOG_EVERY:
                self._logged_at = now
                logger.warning(
                    "Redis cache unreachable (%s: %s); serving without the cache",
                    operation,
                    error.__class__.__name__,
                )

    def _succeeded(self) -> None:
        if self._failing_since is not None:
            with self._lock:
                if self._failing_since is not None:
                    logger.warning(
                        "Redis cache reachable again after %.0f s",
                        time.monotonic() - self._failing_since,
                    )
                    self._failing_since = None

    def _soft(self, operation: str, call, fallback):
        try:
            result = call()
        except _errors() as error:
            self._failed(operation, error)
            return fallback
        self._succeeded()
        return result

    # --- the cache API -------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Reported as stored: callers using add() as a lock (allauth's rate limiter, the
        # dashboard's refresh) go ahead. A lock in an unreachable cache protects nothing,
        # and waiting for one would refuse every sign-in.
        return self._soft(
            "add", lambda: super(RedisCache, self).add(key, value, timeout, version), True
        )

    def get(self, key, default=None, version=None):
        return self._soft(
            "get", lambda: super(RedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(
            "set", lambda: super(RedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(
            "touch", lambda: super(RedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._soft("delete", lambda: super(RedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._soft("get_many", lambda: super(RedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._soft("has_key", lambda: super(RedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._soft(
            "incr", lambda: super(RedisCache, self).incr(key, delta, version), missing
        )
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(
            "set_many", lambda: super(RedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None):
        return self._soft(
            "delete_many", lambda: super(RedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self._soft("clear", lambda: super(RedisCache, self).clear(), False)


def unreachable(cache=None) -> bool:
    """Whether the cache's last call failed: True only for this fail-soft Redis cache."""
    return bool(getattr(cache if cache is not None else default_cache, "unreachable", False))
