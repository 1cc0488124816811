from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal import permissions
from portal.models import AuditEvent, User


class AuditSearchForm(forms.Form):
    person = forms.EmailField(label=_("Person (e-mail)"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All")), *AuditEvent.Action.choices], required=False
    )
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@permissions.staff_required
def audit_log(request):
    """The coordinator searches who viewed or changed what (actor or whose data)."""
    permissions.require_coordinator(request.user)
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.order_by("-at", "-pk")
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            person_ids = list(
                User.objects.filter(email__iexact=data["person"]).values_list("pk", flat=True)
            )
            events = events.filter(actor_id__in=person_ids) | events.filter(
                subject_user_id__in=person_ids
            )
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    emails = dict(
        User.objects.filter(
            pk__in={e.actor_id for e in page} | {e.subject_user_id for e in page}
        ).values_list("pk", "email")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/audit_log.html",
        {"form": form, "page": page, "emails": emails, "query_string": query.urlencode()},
    )
