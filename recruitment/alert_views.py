"""Job alert pages (recruitment/alerts.py): save a board search, confirm it, see and
delete one's own. Unsubscribing is portal.notification_views.unsubscribe."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import throttle
from portal.clock import arrived
from recruitment import alerts, permissions
from recruitment.models import JobAlert


class AlertForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=JobAlert.Frequency.choices,
        initial=JobAlert.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]


def alert_new(request):
    """The board's search (in the query string) as an alert. GET shows what will be
    saved; POST saves it. A visitor's answer is the same whatever the address."""
    now = arrived(request)
    query = alerts.saved_query(request.GET, now)
    signed_in = request.user.is_authenticated
    form = AlertForm(request.POST or None, signed_in=signed_in)
    status = 200
    if query is None:
        status = 400
    elif request.method == "POST" and form.is_valid():
        if not throttle.allow(request, "job_alert", settings.JOB_ALERT_IP_LIMIT):
            form.add_error(
                None,
                _("Too many job alerts were saved from your network. Try again in an hour."),
            )
            status = 429
        elif signed_in:
            if not alerts.can_create_for_user(request.user):
                form.add_error(None, _("You have too many job alerts. Delete one first."))
                status = 400
            else:
                alerts.create_for_user(request.user, query, form.cleaned_data["frequency"], now)
                messages.success(request, _("Your job alert was saved."))
                return redirect("recruitment:my_alerts")
        else:
            email = form.cleaned_data["email"].strip().lower()
            alerts.create_for_address(
                email,
                query,
                form.cleaned_data["frequency"],
                get_language() or "nb",
                now,
                send=throttle.allow(
                    request,
                    "job_alert_address",
                    settings.JOB_ALERT_ADDRESS_LIMIT,
                    key=email,
                ),
            )
            return render(request, "recruitment/alerts/check_mail.html", {"email": email})
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "recruitment/alerts/new.html",
        {
            "form": form,
            "query": query,
            "search": alerts.describe(query) if query is not None else [],
            "board_url": alerts.board_url(query or ""),
        },
        status=status,
    )


def alert_confirm(request, token):
    """The link in the confirmation e-mail. Opening it only asks (mail scanners open
    links); the button confirms. Confirming twice is harmless."""
    alert = alerts.alert_for_confirm_token(token)
    if alert is None:
        return render(request, "recruitment/alerts/confirm.html", {"invalid": True}, status=404)
    done = alert.confirmed_at is not None
    if request.method == "POST":
        alerts.confirm(alert, arrived(request))
        done = True
    return render(
        request,
        "recruitment/alerts/confirm.html",
        {"alert": alert, "search": alerts.describe(alert.query), "done": done},
    )


@login_required
def my_alerts(request):
    rows = [
        (alert, alerts.describe(alert.query), alerts.board_url(alert.query))
        for alert in alerts.alerts_of(request.user)
    ]
    return render(request, "recruitment/alerts/mine.html", {"rows": rows})


@login_required
@require_POST
def alert_delete(request, pk):
    permissions.require_own_alert(request.user, pk)
    alerts.delete(pk)
    messages.success(request, _("The job alert was deleted."))
    return redirect("recruitment:my_alerts")
