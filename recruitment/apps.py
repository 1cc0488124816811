from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from recruitment import caching, search

        caching.connect()
        post_migrate.connect(search.sync_labels, dispatch_uid="recruitment.search.sync_labels")
