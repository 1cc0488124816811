from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_migrate, post_save

        from recruitment import caching, hooks, permissions, search
        from recruitment.hiring import services as hiring_services
        from recruitment.models import ApplicantProfile, Application

        caching.connect()
        post_migrate.connect(search.sync_labels, dispatch_uid="recruitment.search.sync_labels")
        # The employers' workflow builds on the applications: a withdrawn choice ends its
        # offers, bookings and reserve place there (recruitment/hooks.py).
        hooks.choices_withdrawn.connect(hiring_services.choices_withdrawn)
        # Who sees the applicant's menu (permissions.applies), cached per person.
        for model in (ApplicantProfile, Application):
            for signal in (post_save, post_delete):
                signal.connect(
                    permissions.forget_applies,
                    sender=model,
                    dispatch_uid=f"applies-{model.__name__}-{signal is post_save}",
                )
        user_logged_in.connect(permissions.remember_applies, dispatch_uid="applies-on-login")
