from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from portal import audit, notifications  # noqa: F401 - audit connects its signals
        from portal.site import sync_site

        notifications.discover()
        post_migrate.connect(sync_site, dispatch_uid="portal.site.sync_site")
