"""Settings for the portal under gunicorn in the fault tests: production settings from the
environment the test gives (DATABASE_URL with the pool on, DEBUG off), with static files
served without a collected manifest and an in-process cache when no Redis is given."""

from portal.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
