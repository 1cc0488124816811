from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from portal import cache as portal_cache
from portal import throttle


class AccountAdapter(DefaultAccountAdapter):
    """Remembers the language a person signed up in, so e-mails reach them in it; throttles
    failed sign-ins per network address without locking a shared address out
    (portal/throttle.py)."""

    _network_throttled = False

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's own account mail (it sends it itself) in the portal's one layout: its
        text, greeting from the Site (the portal's name, portal/site.py), also as HTML in
        the base layout of every other e-mail, marked as automatic like them."""
        headers = {"Auto-Submitted": "auto-generated", **(headers or {})}
        message = super().render_mail(template_prefix, email, context, headers)
        if getattr(message, "alternatives", None) == [] and message.content_subtype == "plain":
            html = render_to_string(
                "account/email/_layout.html", {"subject": message.subject, "body": message.body}
            )
            message.attach_alternative(html, "text/html")
        return message

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        language = translation.get_language() or "nb"
        user.language = "en" if language.startswith("en") else "nb"
        if commit:
            user.save()
        return user

    def pre_authenticate(self, request, **credentials):
        # allauth's per-account limit lives in the cache; while Redis is away it is counted
        # from the audit trail instead (portal/throttle.py).
        super().pre_authenticate(request, **credentials)
        if portal_cache.unreachable() and throttle.account_limit_reached_in_database(credentials):
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials):
        if not throttle.applies(request):
            return super().authenticate(request, **credentials)
        wait = throttle.wait_seconds(request)
        self._network_throttled = wait > 0
        # The per-account limit (allauth's) first, then the password: checked either way.
        user = super().authenticate(request, **credentials)
        if not self._network_throttled:
            if user is None:
                throttle.count_failure(request)
            return user
        # Above the address's limit, right and wrong get one answer after the same work;
        # only a right password gets the e-mailed link.
        if user is not None:
            throttle.do_the_work_of_a_wrong_password(request, credentials)
        throttle.queue_link(user)
        raise forms.ValidationError(throttle.message(wait), code="network_throttled")

    def _rollback_login_failed_rl_usage(self):
        # allauth forgives a right password its count against the account. From a throttled
        # address it counts like a wrong one, so the account's limit cannot tell them apart.
        if not self._network_throttled:
            super()._rollback_login_failed_rl_usage()
