"""portal.cache: Django's Redis cache, sharing one client per connection pool."""

import os

import pytest

from portal.cache import RedisCache


@pytest.fixture
def redis_cache():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"cache-test-{os.getpid()}"})
    yield cache
    cache.clear()


def test_it_stores_reads_and_forgets_like_djangos(redis_cache):
    redis_cache.set("card", "<article>…</article>", 60)
    redis_cache.set_many({"a": 1, "b": [2, 3]}, 60)
    assert redis_cache.get("card") == "<article>…</article>"
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": [2, 3]}
    assert redis_cache.incr("a") == 2
    redis_cache.delete("card")
    assert redis_cache.get("card", "gone") == "gone"


def test_calls_share_one_client(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("any key") is client  # one server: one pool
