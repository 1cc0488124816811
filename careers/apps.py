from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Careers")

    def ready(self):
        # Connects the login receiver, and registers the coupled tracks' GDPR provider
        # (portal.gdpr discovers only careers/gdpr.py).
        from careers.tracks import gdpr, nav  # noqa: F401
