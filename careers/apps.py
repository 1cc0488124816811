from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Careers")

    def ready(self) -> None:
        from careers import services
        from careers.tracks import coupling, nav, selectors  # noqa: F401 - nav: login receiver
        from recruitment import hooks

        # careers builds on recruitment and answers what recruitment announces and asks
        # (recruitment/hooks.py); recruitment never imports careers.
        hooks.offer_accepted.connect(services.start_onboarding)
        hooks.acceptance_given_up.connect(services.cancel_onboarding)
        hooks.coupling_limit_kept.answer_with(coupling.limit_kept)
        hooks.documents_shared_with.answer_with(selectors.documents_shared_with)
