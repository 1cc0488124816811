from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from recruitment import caching, permissions
        from recruitment.models import ApplicantProfile, Application

        caching.connect()
        for model in (ApplicantProfile, Application):
            for signal in (post_save, post_delete):
                signal.connect(
                    permissions.forget_applies,
                    sender=model,
                    dispatch_uid=f"applies-{model.__name__}-{signal is post_save}",
                )
        user_logged_in.connect(permissions.remember_applies, dispatch_uid="applies-on-login")
