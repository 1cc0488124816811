from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from recruitment import caching, hooks
        from recruitment.hiring import services as hiring_services

        caching.connect()
        # The employers' workflow builds on the applications: a withdrawn choice ends its
        # offers, bookings and reserve place there (recruitment/hooks.py).
        hooks.choices_withdrawn.connect(hiring_services.choices_withdrawn)
