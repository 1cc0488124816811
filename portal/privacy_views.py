"""A person's own privacy page: download everything, withdraw consents, delete the account.
The rules are in portal/gdpr.py."""

from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from portal import gdpr


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account and my data are deleted for good.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."))
        return password


@login_required
def privacy(request):
    return render(
        request,
        "portal/privacy.html",
        {
            "providers": gdpr.providers(),
            "consents": gdpr.consents(request.user),
            "blocked": gdpr.why_account_cannot_be_deleted(request.user),
            "retention_days": settings.APPLICATION_RETENTION_DAYS,
            "retention_days_interviewed": settings.APPLICATION_RETENTION_DAYS_INTERVIEWED,
        },
    )


@login_required
@require_POST
def privacy_export(request):
    archive = gdpr.build_export(request.user, request=request)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"legeportalen-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def privacy_consent_withdraw(request, provider, key):
    if not gdpr.withdraw_consent(request.user, provider, key, request=request):
        raise Http404
    messages.success(request, _("Your consent is withdrawn. It took effect at once."))
    return redirect("privacy")


@sensitive_post_parameters("password")
@login_required
def privacy_delete(request):
    user = request.user
    blocked = gdpr.why_account_cannot_be_deleted(user)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not blocked:
        # The password is asked again: throttle guesses from a session left open.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            form.add_error(None, _("Too many attempts. Wait a minute and try again."))
        elif form.is_valid():
            with transaction.atomic():
                logout(request)  # ends the person's sessions on every device
                gdpr.delete_account(user, request=request)
            messages.success(request, _("Your account and your data are deleted."))
            return redirect("home")
    return render(
        request,
        "portal/privacy_delete.html",
        {"form": form, "blocked": blocked},
        status=400 if request.method == "POST" else 200,
    )
