from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from portal import audit, discovery, notifications  # noqa: F401 - audit: signals
        from portal.site import sync_site

        notifications.discover()
        # Every app's tasks are registered in each process (web and worker alike), so work
        # is queued by the task's name without importing the module that defines it.
        discovery.discover("tasks")
        post_migrate.connect(sync_site, dispatch_uid="portal.site.sync_site")
