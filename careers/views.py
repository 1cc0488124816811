from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import calendar, permissions, selectors, services
from careers.forms import (
    BuddyForm,
    CareerStageForm,
    ChecklistTemplateFormSet,
    EventFilterForm,
    EventForm,
    InformationEveningsForm,
)
from careers.models import Event, Registration
from portal import audit, exports
from portal import merge as merging
from portal import permissions as portal_permissions
from portal.clock import arrived
from portal.forms import error_messages
from portal.models import AuditEvent
from portal.permissions import staff_required

STAGE_POSTINGS_PAGE_SIZE = 20
EVENTS_PAGE_SIZE = 20


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Career pages ---------------------------------------------------------------------------


def career_index(request):
    stages = list(selectors.career_stages())
    counts = selectors.open_posting_counts((stage.key for stage in stages), arrived(request))
    return render(
        request,
        "careers/index.html",
        {
            "stages": [(stage, counts.get(stage.key, 0)) for stage in stages],
            "events": selectors.upcoming_events()[:3],
        },
    )


def career_path(request, path):
    stages = selectors.stages_on_path(permissions.path_for_public(path))
    early = selectors.early_stages()
    counts = selectors.open_posting_counts([s.key for s in stages + early], arrived(request))
    return render(
        request,
        "careers/path.html",
        {
            "path": path,
            "stages": [(stage, counts.get(stage.key, 0)) for stage in stages],
            "early": [(stage, counts.get(stage.key, 0)) for stage in early],
        },
    )


def career_stage(request, stage):
    stage = permissions.stage_for_public(stage)
    postings = Paginator(
        selectors.open_postings_at_stage(stage.key, arrived(request)), STAGE_POSTINGS_PAGE_SIZE
    )
    return render(
        request,
        "careers/stage.html",
        {
            "stage": stage,
            "page": postings.get_page(request.GET.get("page")),
            "events": selectors.upcoming_events(stage=stage.key)[:5],
            "may_edit": permissions.may_edit_career_pages(request.user),
        },
    )


@staff_required
def career_stage_edit(request, stage):
    permissions.require_career_page_editor(request.user)
    stage = permissions.stage_for_public(stage)
    form = CareerStageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        # Only what was changed on this page (portal/merge.py).
        saved = merging.save_merged(
            form,
            lock=lambda: merging.lock_row(stage),
            save=lambda stored: services.save_career_stage(user=request.user, stage=stored),
        )
        if saved is not None:
            messages.success(request, _("The page was saved."))
            return redirect(saved)
    return render(
        request,
        "careers/stage_form.html",
        {"stage": stage, "form": form},
        status=409 if form.merge_conflicts else 200,
    )


# --- Events ---------------------------------------------------------------------------------


def event_list(request):
    filters = EventFilterForm(request.GET or None)
    kind = stage = ""
    if filters.is_valid():
        kind, stage = filters.cleaned_data["kind"], filters.cleaned_data["stage"]
    page = Paginator(selectors.upcoming_events(kind=kind, stage=stage), EVENTS_PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "careers/event_list.html",
        {
            "filters": filters,
            "page": page.get_page(request.GET.get("page")),
            "query_string": query.urlencode(),
        },
    )


def event_detail(request, pk):
    event = permissions.event_for_public(pk)
    registration = selectors.registration_of(request.user, event)
    organiser_ids = [org.pk for org in event.organisers.all()]
    return render(
        request,
        "careers/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "position": registration and selectors.waiting_position(registration),
            "may_manage": request.user.is_authenticated
            and permissions.may_manage_event(request.user, organiser_ids),
        },
    )


@require_POST
def event_register(request, pk):
    event = permissions.public_event(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    try:
        registration = services.register(user=request.user, event=event)
    except ValidationError as error:
        error_messages(request, error)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered. Welcome!"))
        else:
            messages.info(
                request,
                _(
                    "The event is full. You are on the waiting list and will get an e-mail "
                    "if a place becomes free."
                ),
            )
    return redirect(event)


@require_POST
@login_required
def event_cancel(request, pk):
    event = permissions.public_event(pk)
    try:
        services.cancel_registration(user=request.user, event=event)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


def events_feed(request):
    return calendar.feed(request, selectors.events_for_calendar())


def event_ics(request, pk):
    return calendar.single(request, permissions.event_for_public(pk))


@staff_required
def manage_events(request):
    page = Paginator(selectors.managed_events(request.user), 50)
    return render(
        request,
        "careers/manage/event_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "may_create_evenings": permissions.may_create_information_evenings(request.user),
        },
    )


def _save_event(request: HttpRequest, event: Event | None, form: EventForm) -> Event | None:
    """Save a valid ``form``; None with the reason (or the conflicts) on the form."""
    try:
        if event is None:
            return services.save_event(
                user=request.user,
                event=form.save(commit=False),
                organisers=form.cleaned_data["organisers"],
                target_stages=form.cleaned_data["target_stages"],
            )
        # Only what was changed on this page (portal/merge.py): an older tab never
        # reverts a newer save; a field both changed is shown with both values.
        return merging.save_merged(
            form,
            lock=lambda: services.lock_event(event),
            save=lambda stored: services.save_event(
                user=request.user,
                event=stored,
                organisers=form.merged_value(stored, "organisers"),
                target_stages=form.merged_value(stored, "target_stages"),
            ),
        )
    except ValidationError as error:
        _add_errors(form, error)
    except PermissionDenied:
        form.add_error("organisers", _("You can only name organisations you act for."))
    return None


def _edit_event(request: HttpRequest, event: Event | None) -> HttpResponse:
    form = EventForm(request.POST or None, instance=event or Event(), user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_event(request, event, form)
        if saved is not None:
            messages.success(request, _("The event was saved."))
            return redirect(saved)
    return render(
        request,
        "careers/manage/event_form.html",
        {"form": form, "event": event},
        status=409 if form.merge_conflicts else 200,
    )


@staff_required
def event_create(request):
    return _edit_event(request, None)


@staff_required
def event_edit(request, pk):
    return _edit_event(request, permissions.event_for_organiser(request.user, pk))


@staff_required
def event_attendees(request, pk):
    event = permissions.event_for_organiser(request.user, pk)
    rows = list(selectors.attendees(event))
    return render(
        request,
        "careers/manage/attendees.html",
        {
            "event": event,
            "confirmed": [r for r in rows if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in rows if r.status == Registration.Status.WAITING],
        },
    )


@staff_required
def event_attendees_csv(request, pk):
    event = permissions.event_for_organiser(request.user, pk)
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=event,
        detail="attendees as CSV",
        request=request,
    )
    table = selectors.attendees_table(event)
    return exports.csv_response(table, f"event-{event.pk}-attendees", delimiter=";")


@staff_required
def information_evenings(request):
    permissions.require_information_evening_creator(request.user)
    form = InformationEveningsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            events = services.create_information_evenings(
                user=request.user,
                deadline=form.deadline_at,
                organisers=data["organisers"],
                weeks_before=(data["first_weeks_before"], data["second_weeks_before"]),
                place=data["place"],
                video_url=data["video_url"],
                capacity=data["capacity"],
                starts=data["starts"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            dates = ", ".join(
                timezone.localtime(e.starts_at).strftime("%d.%m.%Y %H:%M") for e in events
            )
            messages.success(
                request,
                _("The information evenings are on the events page: %(dates)s.") % {"dates": dates},
            )
            return redirect("careers:manage_events")
    return render(request, "careers/manage/information_evenings.html", {"form": form})


# --- Buddies and onboarding --------------------------------------------------------------------


@login_required
def my_onboarding(request):
    return render(
        request,
        "careers/my_onboarding.html",
        {
            "onboardings": selectors.onboardings_of_newcomer(request.user),
            "registrations": selectors.my_registrations(request.user),
        },
    )


@staff_required
def manage_onboardings(request):
    acting = portal_permissions.acting_organisation_ids(request.user)
    page = Paginator(selectors.onboardings_for_staff(request.user), 50)
    return render(
        request,
        "careers/manage/onboarding_list.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "overdue": selectors.overdue_onboarding_items(acting)[:100],
            "organisations": portal_permissions.acting_organisations(request.user).order_by("name")[
                :100
            ],
        },
    )


@staff_required
def manage_onboarding(request, pk):
    onboarding = permissions.onboarding_for_staff(request.user, pk)
    candidates = selectors.buddy_candidates(onboarding)
    form = BuddyForm(
        request.POST or None,
        candidates=candidates,
        initial={"buddy": onboarding.buddy_id, "contact": onboarding.buddy_contact},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_buddy(
                user=request.user,
                onboarding=onboarding,
                buddy=form.cleaned_data["buddy"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The buddy is assigned. Both have been told by e-mail."))
            return redirect(onboarding)
    items = list(selectors.checklist(onboarding))
    done = sum(item.is_done for item in items)
    context = {"onboarding": onboarding, "form": form, "items": items, "done_count": done}
    return render(request, "careers/manage/onboarding_detail.html", context)


@staff_required
@require_POST
def onboarding_item_toggle(request, pk, item_pk):
    onboarding = permissions.onboarding_for_staff(request.user, pk)
    item = permissions.item_of_onboarding(onboarding, item_pk)
    done = request.POST.get("done") == "1"
    services.set_item_done(user=request.user, item=item, done=done)
    if done:
        messages.success(request, _("“%(task)s” is done.") % {"task": item.title})
    else:
        messages.info(request, _("“%(task)s” is open again.") % {"task": item.title})
    return redirect(f"{onboarding.get_absolute_url()}#item-{item.pk}")


@staff_required
def checklist_template(request, organisation_pk):
    organisation = portal_permissions.organisation_for_staff(request.user, organisation_pk)
    if request.method == "POST" and "use_default" in request.POST:
        services.adopt_default_checklist(user=request.user, organisation=organisation)
        messages.success(request, _("The default checklist is now yours to change."))
        return redirect("careers:checklist_template", organisation_pk=organisation.pk)
    own = selectors.template_items(organisation.pk)
    formset = ChecklistTemplateFormSet(
        request.POST or None, queryset=own, organisation=organisation
    )
    if request.method == "POST" and formset.is_valid():
        services.save_checklist_template(
            user=request.user, organisation=organisation, formset=formset
        )
        messages.success(request, _("The checklist template was saved."))
        return redirect("careers:checklist_template", organisation_pk=organisation.pk)
    # Without a template of its own the employer uses the default one: shown, not written
    # (a GET changes nothing); "Use the default checklist" copies it to edit.
    uses_default = request.method == "GET" and not formset.initial_forms
    default = selectors.default_checklist(organisation.pk) if uses_default else None
    context = {"organisation": organisation, "formset": formset, "default_checklist": default}
    return render(request, "careers/manage/checklist_template.html", context)
