from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from portal import notifications, permissions
from portal.clock import arrived
from portal.models import Notification


@login_required
def inbox(request):
    """The same messages the person got by e-mail, in the portal. Opening it changes
    nothing (a GET never writes); "Mark as read" posts the new messages that were shown."""
    if request.method == "POST":
        notifications.mark_read(request.user, request.POST.getlist("read"), arrived(request))
        return redirect(request.get_full_path())
    sent = Notification.objects.filter(
        recipient=request.user, status=Notification.Status.SENT
    ).order_by("-sent_at", "-pk")
    page = Paginator(sent, 25).get_page(request.GET.get("page"))
    unread = [n.pk for n in page if n.read_at is None]
    return render(request, "portal/notifications/inbox.html", {"page": page, "unread": unread})


@login_required
def settings_view(request):
    if request.method == "POST":
        notifications.set_preferences(request.user, set(request.POST.getlist("enabled")))
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notification_settings")
    return render(
        request,
        "portal/notifications/settings.html",
        {"preferences": notifications.preferences(request.user)},
    )


def _coordinator_only(request) -> None:
    permissions.require_coordinator(request.user)


@permissions.staff_required
def overview(request):
    """Counts per occasion; whether the mail server is failing and delivery paused; what
    waits to be sent again; and what was given up, which staff may send again."""
    _coordinator_only(request)
    counts: dict[str, dict[str, int]] = {}
    rows = Notification.objects.values("occasion", "status").annotate(n=Count("pk"))
    for row in rows.order_by():
        counts.setdefault(row["occasion"], {})[row["status"]] = row["n"]
    # Every registered occasion, also those that have not fired yet, and any old keys
    # still in the table.
    labels = {key: occasion.label for key, occasion in notifications.occasions().items()}
    keys = sorted(set(labels) | set(counts), key=lambda key: str(labels.get(key, key)))
    table = []
    for key in keys:
        row = {s: counts.get(key, {}).get(s, 0) for s in Notification.Status.values}
        row["waiting"] = row["pending"] + row["sending"] + row["deferred"]
        table.append({"key": key, "label": labels.get(key, key), **row})
    deferred = (
        Notification.objects.filter(status=Notification.Status.DEFERRED)
        .select_related("recipient")
        .order_by("next_attempt_at", "pk")[:50]
    )
    given_up = (
        Notification.objects.filter(status__in=notifications.GIVEN_UP)
        .select_related("recipient")
        .order_by("-created_at")[:50]
    )
    for notification in [*deferred, *given_up]:
        notification.label = labels.get(notification.occasion, notification.occasion)
    trouble = notifications.mail_server_trouble()
    return render(
        request,
        "portal/notifications/overview.html",
        {
            "table": table,
            "deferred": deferred,
            "given_up": given_up,
            "trouble": trouble,
            "paused": bool(
                trouble and trouble.paused_until and trouble.paused_until > arrived(request)
            ),
        },
    )


@permissions.staff_required
@require_POST
def send_again(request):
    _coordinator_only(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdecimal()] or None
    count = notifications.send_again(ids)
    messages.success(request, _("%(count)s notifications will be sent again.") % {"count": count})
    return redirect("notification_overview")


def _unsubscribe(request, token):
    unsubscription = notifications.read_unsubscribe_token(token)
    if unsubscription is None:
        return render(request, "portal/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        notifications.unsubscribe(unsubscription)
        return render(request, "portal/unsubscribe.html", {"done": True, "what": unsubscription})
    return render(request, "portal/unsubscribe.html", {"what": unsubscription})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in every optional e-mail (and its List-Unsubscribe header). No sign-in:
    the signed token is the permission. Opening it only asks (a GET never writes, and mail
    scanners open links); its button posts. A mail client's one-click POST (RFC 8058:
    ``List-Unsubscribe=One-Click`` in the body, no cookies) is the only request let in
    without a CSRF token. Idempotent: a second click finds it already done."""
    one_click = request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click"
    if one_click:
        return _unsubscribe(request, token)
    return csrf_protect(_unsubscribe)(request, token)
