"""Django's Redis cache, with one client object per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call, and each
one sets up the library's two hundred response callbacks: on a cached page that cost more
than the GETs themselves. A client is safe to share between threads (it takes a
connection from the pool for each command) and after a fork (the pool notices the new
process and reconnects).
"""

from django.core.cache.backends import redis


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


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
