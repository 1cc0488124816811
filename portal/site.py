"""The Site row (``django.contrib.sites``) that allauth's mails and the feeds name: the
portal's name and address, from ``SITE_NAME`` and ``SITE_URL``, never the host a request
came in on ("Hei fra 127.0.0.1:8000!"). Written after every ``migrate``, so a deployment
(or ``make demo`` on another port) that changes the settings changes the row."""

from urllib.parse import urlsplit

from django.conf import settings


def domain() -> str:
    return urlsplit(settings.SITE_URL).netloc or settings.SITE_URL


def sync_site(sender=None, apps=None, using="default", **kwargs) -> None:
    """post_migrate (once, for the sites app): make the current Site the portal."""
    from django.apps import apps as global_apps

    if sender is not None and getattr(sender, "label", "") != "sites":
        return
    apps = apps or global_apps
    try:
        Site = apps.get_model("sites", "Site")
    except LookupError:
        return  # the sites app is not migrated yet
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"name": settings.SITE_NAME, "domain": domain()}
    )
    from django.contrib.sites.models import SITE_CACHE

    SITE_CACHE.clear()
