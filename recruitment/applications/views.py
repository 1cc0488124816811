"""Thin views of the application portal: parse with a form, call a service or selector,
render. Access rules are in recruitment.permissions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import audit, clock, exports
from portal import merge as merging
from portal.clock import arrived
from portal.forms import error_messages
from portal.models import AuditEvent
from portal.permissions import staff_required
from recruitment import permissions, wording
from recruitment import selectors as posting_selectors
from recruitment.applications import selectors, services
from recruitment.applications.forms import (
    ApplicantFilterForm,
    ApplicationForm,
    BulkStatusForm,
    DocumentReplaceForm,
    DocumentUploadForm,
    NoteForm,
    ProfileForm,
    RoundForm,
    RoundPostingsForm,
    StatusForm,
)
from recruitment.applications.pdf import max_document_bytes, removed_message
from recruitment.models import (
    Application,
    ApplicationRound,
    Document,
    Posting,
)

EDITOR = "recruitment/applications/application_detail.html"
# A national round holds hundreds of postings: the editor lists this many of those not yet
# on the applicant's list, and a search finds the others.
AVAILABLE_SHOWN = 30


def _is_htmx(request) -> bool:
    """The editor's own buttons, which swap the editor in place (a history restore asks
    for the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


# --- Profile and documents -----------------------------------------------------------------


@login_required
def profile(request):
    profile = selectors.profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    names = list(form.fields)
    versions = services.profile_versions(request.user, names)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Only what was changed on this page is saved: an older tab cannot undo a newer one.
        bases = {n: request.POST[f"base_{n}"] for n in names if f"base_{n}" in request.POST}
        conflicts = services.save_profile_changes(
            user=request.user, values=form.cleaned_data, bases=bases
        )
        if not conflicts:
            messages.success(request, _("Your profile was saved."))
            return redirect("recruitment:profile")
        status = 409
        shown = {name: merging.canon(value) for name, value in form.cleaned_data.items()}
        current = services.profile_versions(request.user, names)
        for conflict in conflicts:
            form.add_error(
                conflict.field,
                _(
                    "Changed in another window after this page was opened. It now says: "
                    "“%(theirs)s”. Save again to keep what you see here, or open the page "
                    "again to take the other."
                )
                % {"theirs": conflict.theirs or "–"},
            )
        # Saving again keeps this page's text where it conflicted; fields this page did
        # not change keep the version they started from.
        versions = {
            name: current[name]
            if name in {c.field for c in conflicts}
            or merging.fingerprint(shown.get(name)) == current[name]
            else bases.get(name, current[name])
            for name in names
        }
    drafts = (
        Application.objects.filter(applicant=request.user, status=Application.Status.DRAFT)
        .select_related("round", "posting")
        .order_by("pk")
    )
    now = arrived(request)
    # A restplass has no deadline to remind of.
    upcoming = sorted(
        (a for a in drafts if a.closes_at and a.is_open(now)),
        key=lambda application: application.closes_at,
    )
    return render(
        request,
        "recruitment/applications/profile.html",
        {
            "form": form,
            "versions": versions,
            "completeness": selectors.profile_completeness(request.user),
            "next_deadline": upcoming[0] if upcoming else None,
        },
        status=status,
    )


def _document_response(document: Document) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.title,
        content_type="application/pdf",
    )
    # Personal data: never kept by a browser or proxy cache, never sniffed into HTML.
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _tell_what_was_removed(request, stored: services.StoredUpload) -> None:
    if stored.clean.removed:
        messages.warning(request, removed_message(stored.document.title, stored.clean))


@login_required
def documents(request):
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.upload_document(
                user=request.user,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            title = stored.document.title
            messages.success(request, _("“%(title)s” was uploaded.") % {"title": title})
            _tell_what_was_removed(request, stored)
            return redirect("recruitment:documents")
    return render(
        request,
        "recruitment/applications/documents.html",
        {
            "form": form,
            "documents": selectors.documents_for(request.user),
            "max_size": filesizeformat(max_document_bytes()),
        },
    )


@login_required
def document_replace(request, uuid):
    document = permissions.document_for_owner(request.user, uuid)
    form = DocumentReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.replace_document(
                user=request.user, document=document, uploaded=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The document was replaced."))
            _tell_what_was_removed(request, stored)
            return redirect("recruitment:documents")
    return render(
        request,
        "recruitment/applications/document_replace.html",
        {"form": form, "document": document},
    )


@login_required
def document_delete(request, uuid):
    document = permissions.document_for_owner(request.user, uuid)
    if request.method == "POST":
        try:
            services.delete_document(user=request.user, document=document)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The document was deleted."))
        return redirect("recruitment:documents")
    return render(request, "recruitment/applications/document_delete.html", {"document": document})


@login_required
def document_download(request, uuid):
    document = permissions.document_for_reader(request.user, uuid)
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.DOWNLOAD,
        obj=document,
        subject_user_id=document.owner_id,
        request=request,
    )
    return _document_response(document)


# --- Applying ------------------------------------------------------------------------------


@login_required
def my_applications(request):
    return render(
        request,
        "recruitment/applications/my_applications.html",
        {
            "applications": selectors.applications_for_applicant(request.user),
            "open_rounds": selectors.open_rounds(),
        },
    )


def round_apply(request, pk):
    """The round's page: open to everyone (its postings, its deadline, its restplasser);
    starting an application asks for a login."""
    round = get_object_or_404(ApplicationRound, pk=pk)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    now = arrived(request)
    posting = None
    posting_id = request.POST.get("posting") or request.GET.get("posting")
    if posting_id and str(posting_id).isdecimal():
        posting = Posting.objects.published().filter(round=round, pk=posting_id).first()
    existing = None
    if request.user.is_authenticated:
        existing = Application.objects.filter(applicant=request.user, round=round).first()
    if request.method == "POST":
        try:
            application = services.start_round_application(user=request.user, round=round, now=now)
        except services.AlreadyApplied as error:
            application = error.application
            messages.info(request, error.messages[0])
        except ValidationError as error:
            error_messages(request, error)
            return redirect("recruitment:round_apply", pk=round.pk)
        else:
            messages.success(request, _("Your application was started. It is saved as you go."))
        if posting is not None and not application.choices.filter(posting=posting).exists():
            try:
                services.add_choice(
                    user=request.user, application=application, posting=posting, now=now
                )
            except ValidationError as error:
                error_messages(request, error)
        return redirect(application)
    return render(
        request,
        "recruitment/applications/round_apply.html",
        {
            "round": round,
            "posting": posting,
            "existing": existing,
            "is_open": round.is_open(now),
            "grace_seconds": clock.grace_seconds(),
            "postings": Posting.objects.published()
            .filter(round=round)
            .select_related("employer")
            .order_by("employer__name", "title"),
            "restplasser": posting_selectors.restplasser(now).filter(round=round),
        },
    )


@login_required
def posting_apply(request, slug):
    now = arrived(request)
    posting = permissions.posting_for_public(slug, now)
    if posting.round_id is not None and not posting.round.has_closed(now):
        # Applied for through its round; once the round has closed, only as a restplass.
        return redirect(
            f"{reverse('recruitment:round_apply', args=[posting.round_id])}?posting={posting.pk}"
        )
    existing = Application.objects.filter(applicant=request.user, posting=posting).first()
    if request.method == "POST":
        try:
            application = services.start_direct_application(
                user=request.user, posting=posting, now=now
            )
        except services.AlreadyApplied as error:
            messages.info(request, error.messages[0])
            return redirect(error.application)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(posting)
        messages.success(request, _("Your application was started. It is saved as you go."))
        return redirect(application)
    return render(
        request,
        "recruitment/applications/posting_apply.html",
        {"posting": posting, "existing": existing},
    )


def _editor_context(request, application: Application, form=None, **extra) -> dict:
    application = selectors.application_with_choices(application)
    choices = list(application.choices.all())
    active = [c for c in choices if c.is_listed]
    documents = selectors.documents_for(request.user)
    conflicts = extra.pop("conflicts", None) or []
    if form is None:
        form = ApplicationForm(application=application, documents=documents, choices=active)
        # A field changed elsewhere meanwhile keeps the person's own text on the page.
        for conflict in conflicts:
            if conflict.field in form.fields:
                form.fields[conflict.field].initial = conflict.mine
    versions = _page_versions(form, application)
    is_open = application.is_open(arrived(request))
    editable = is_open and application.status != Application.Status.WITHDRAWN
    if not editable:
        for field in form.fields.values():
            field.widget.attrs["readonly"] = True
    completeness = selectors.profile_completeness(request.user)
    find = (request.POST.get("find") or request.GET.get("find") or "").strip()[:100]
    available, available_total = [], 0
    if editable and application.round_id:
        postings = selectors.available_postings(application, find)
        available = list(postings[:AVAILABLE_SHOWN])
        available_total = len(available)
        if available_total == AVAILABLE_SHOWN:
            available_total = postings.count()
    return {
        "application": application,
        "form": form,
        "active_choices": active,
        "choice_rows": [(c, form.bound_choice_field(c)) for c in active],
        "withdrawn_choices": [c for c in choices if not c.is_listed],
        "available": available,
        "available_total": available_total,
        "find": find,
        "is_open": is_open,
        "editable": editable,
        "completeness": completeness,
        "problems": services.submission_problems(application)
        if application.status == Application.Status.DRAFT and editable
        else [],
        "is_draft": application.status == Application.Status.DRAFT,
        "versions": versions,
        "conflicts": _conflict_rows(form, conflicts),
        "deadline": _deadline_context(request, application),
        **extra,
    }


def _page_versions(form, application: Application) -> dict[str, str]:
    """The version of each field the page starts from. A page drawn again from what was
    sent (a refused action) keeps the versions it was sent with, except where the field
    now holds exactly what the page shows: then it is up to date."""
    current = services.versions_of(services.draft_state(application))
    if not form.is_bound:
        return current
    bases = form.draft_bases()
    if not hasattr(form, "cleaned_data"):
        return bases
    shown = services.versions_of(form.draft_changes())
    return {
        name: current[name] if shown.get(name) == current.get(name) else bases[name]
        for name in current
        if name in bases or shown.get(name) == current.get(name)
    }


def _conflict_rows(form, conflicts) -> list[dict]:
    return [
        {
            "field": conflict.field,
            "label": form.fields[conflict.field].label if conflict.field in form.fields else "",
            "mine": conflict.mine,
            "theirs": conflict.theirs,
            "version": conflict.version,
        }
        for conflict in conflicts
    ]


def _deadline_context(request, application: Application) -> dict:
    """What the page's live countdown needs: the deadline, the moment the page was drawn
    (the browser's clock may be wrong) and the grace period of the rules."""
    return {
        "closes_at": application.closes_at,
        "now": arrived(request),
        "grace_seconds": clock.grace_seconds(),
    }


def _run_action(request, application: Application, action: str) -> tuple[str, str]:
    """Carry out a list action from the editor. Returns a status message for the person
    and the id of the element that should have focus afterwards (keyboard users keep
    their place when the list is redrawn)."""
    kind, _sep, target = action.partition(":")
    target_id = int(target) if target.isdecimal() else None
    user, now = request.user, arrived(request)
    if kind in ("up", "down") and target_id:
        choice = services.move_choice(
            user=user,
            application=application,
            choice_id=target_id,
            offset=-1 if kind == "up" else 1,
            now=now,
        )
        message = _("“%(title)s” is now number %(rank)d on your list.") % {
            "title": choice.posting.title,
            "rank": choice.rank,
        }
        return message, f"{kind}-{choice.pk}"
    if kind == "add" and target_id:
        posting = get_object_or_404(Posting.objects.published(), pk=target_id)
        choice = services.add_choice(user=user, application=application, posting=posting, now=now)
        message = _("“%(title)s” was added as number %(rank)d.") % {
            "title": posting.title,
            "rank": choice.rank,
        }
        return message, f"choice-title-{choice.pk}"
    if kind == "remove" and target_id:
        services.remove_choice(user=user, application=application, choice_id=target_id, now=now)
        return _("The posting was removed from your list."), "list-heading"
    if kind == "reorder":
        order = [int(pk) for pk in request.POST.get("order", "").split(",") if pk.isdecimal()]
        services.reorder_choices(user=user, application=application, order=order, now=now)
        return _("Your list was reordered."), ""
    if kind == "submit":
        services.submit_application(user=user, application=application, now=now)
        message = _("Your application was submitted. A receipt is on its way to %(email)s.") % {
            "email": user.email
        }
        return message, ""
    if kind == "find":
        return _("The list of postings in this round is updated."), "find-postings"
    if application.status == Application.Status.DRAFT:
        return _("Your draft was saved."), ""
    return _("Your changes were saved."), ""


@login_required
def application_detail(request, pk):
    application = permissions.application_for_applicant(request.user, pk)
    if request.method != "POST":
        return render(request, EDITOR, _editor_context(request, application))
    action = request.POST.get("action", "save")
    choices = list(application.choices.listed().select_related("posting"))
    form = ApplicationForm(
        request.POST,
        application=application,
        documents=selectors.documents_for(request.user),
        choices=choices,
    )
    status_message, focus_id, conflicts = None, "", []
    if form.is_valid():
        changes = form.draft_changes()
        kind, _sep, target = action.partition(":")
        if kind == "theirs":
            changes.pop(target, None)  # "keep theirs": this page's text is let go
        try:
            # The texts are saved first and on their own, so a refused action (say, a
            # submission with something missing) never loses what was typed.
            saved = services.save_draft_changes(
                user=request.user,
                application=application,
                changes=changes,
                bases=form.draft_bases(),
                now=arrived(request),
            )
            conflicts = saved.conflicts
            if not conflicts:
                status_message, focus_id = _run_action(request, application, action)
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid() and conflicts:
        # Refused field by field: the rest is saved; the person chooses for each conflict.
        context = _editor_context(
            request, application, conflicts=conflicts, focus_id="draft-conflicts"
        )
        template = f"{EDITOR}#editor" if _is_htmx(request) else EDITOR
        return render(request, template, context, status=200 if _is_htmx(request) else 409)
    if form.is_valid() and status_message:
        if _is_htmx(request):
            # Rebuild the form from the saved state so the list and its fields match.
            return render(
                request,
                f"{EDITOR}#editor",
                _editor_context(
                    request, application, status_message=status_message, focus_id=focus_id
                ),
            )
        messages.success(request, status_message)
        anchor = ""
        kind, _sep, target = action.partition(":")
        if kind in ("up", "down") and target.isdecimal():
            anchor = f"#choice-{target}"
        if kind == "find" and request.POST.get("find", "").strip():
            anchor = "?" + urlencode({"find": request.POST["find"].strip()[:100]}) + "#add-heading"
        return redirect(application.get_absolute_url() + anchor)
    # Refused: show what was typed, with the reason, and keep the stored draft as it was.
    context = _editor_context(request, application, form=form, focus_id="form-errors")
    template = f"{EDITOR}#editor" if _is_htmx(request) else EDITOR
    return render(request, template, context, status=200 if _is_htmx(request) else 400)


@login_required
@require_POST
def application_autosave(request, pk):
    """The editor's autosave (applications.js): saves the fields changed on the page –
    named in ``fields`` – each with the version it started from, and answers in JSON:
    200 saved; 409 some fields were changed elsewhere meanwhile (the others are saved);
    400 refused (the deadline passed, a text too long). Signed out: 401 (portal.security)."""
    application = permissions.application_for_applicant(request.user, pk)
    choices = list(application.choices.listed().select_related("posting"))
    form = ApplicationForm(
        request.POST,
        application=application,
        documents=selectors.documents_for(request.user),
        choices=choices,
    )
    sent = request.POST.get("fields")
    sent = [name for name in sent.split(",") if name] if sent is not None else None
    fields = set(sent) if sent is not None else set(form.draft_fields())
    errors = [
        str(message)
        for name, messages_ in form.errors.items()
        if name in fields or name == "__all__"
        for message in messages_
    ]
    if errors:
        return JsonResponse({"ok": False, "message": " ".join(errors)}, status=400)
    try:
        saved = services.save_draft_changes(
            user=request.user,
            application=application,
            changes=form.draft_changes(sent),
            bases=form.draft_bases(),
            now=arrived(request),
        )
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    at = timezone.localtime(arrived(request)).strftime("%H:%M")
    answer = {
        "ok": not saved.conflicts,
        "saved": saved.saved,
        "versions": saved.versions,
        "saved_at": at,
        "message": _("Saved at %(time)s.") % {"time": at},
    }
    if saved.conflicts:
        rows = _conflict_rows(form, saved.conflicts)
        answer["conflicts"] = rows
        answer["message"] = _(
            "Not everything was saved: a text was changed in another window meanwhile. "
            "Choose which to keep."
        )
        answer["conflicts_html"] = render_to_string(
            "recruitment/applications/_draft_conflicts.html", {"conflicts": rows}, request
        )
        return JsonResponse(answer, status=409)
    return JsonResponse(answer)


@login_required
def application_withdraw(request, pk):
    application = permissions.application_for_applicant(request.user, pk)
    if request.method == "POST":
        try:
            services.withdraw_application(user=request.user, application=application)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request, _("Your application was withdrawn. A confirmation is on its way.")
            )
        return redirect(application)
    return render(
        request,
        "recruitment/applications/withdraw_confirm.html",
        {"application": application, "choice": None},
    )


@login_required
def choice_withdraw(request, pk, choice_pk):
    application = permissions.application_for_applicant(request.user, pk)
    choice = get_object_or_404(application.choices.select_related("posting"), pk=choice_pk)
    if request.method == "POST":
        try:
            services.withdraw_choice(
                user=request.user, application=application, choice_id=choice.pk
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("You withdrew from “%(title)s”. A confirmation is on its way.")
                % {"title": choice.posting.title},
            )
        return redirect(application)
    return render(
        request,
        "recruitment/applications/withdraw_confirm.html",
        {"application": application, "choice": choice},
    )


@login_required
def application_delete(request, pk):
    application = permissions.application_for_applicant(request.user, pk)
    if request.method == "POST":
        try:
            services.delete_draft(user=request.user, application=application)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(application)
        messages.success(request, _("The draft was deleted."))
        return redirect("recruitment:my_applications")
    return render(
        request, "recruitment/applications/delete_confirm.html", {"application": application}
    )


# --- Employer ------------------------------------------------------------------------------


def _applicant_list(request, posting: Posting):
    show_rank = permissions.can_see_rank(request.user, posting.round)
    filters = ApplicantFilterForm(request.GET or None, show_rank=show_rank)
    choices = selectors.posting_applicants(request.user, posting, **filters.filters())
    return filters, choices, show_rank


@staff_required
def posting_applicants(request, pk):
    posting = permissions.posting_for_staff(request.user, pk)
    filters, choices, show_rank = _applicant_list(request, posting)
    # All the ids in order first (one narrow query: a busy posting's thousand are a few
    # kilobytes, and their number needs no second query), then only the page's rows with
    # their profiles.
    page = Paginator(list(choices.values_list("pk", flat=True)), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.in_order(choices, list(page.object_list))
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=posting,
        organisation_id=posting.employer_id,
        detail=f"applicant list, page {page.number}",
        request=request,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recruitment/applications/manage/posting_applicants.html",
        {
            "posting": posting,
            "filters": filters,
            "page": page,
            "show_rank": show_rank,
            "query_string": query.urlencode(),
            "bulk_form": StatusForm(prefix="bulk"),
        },
    )


@staff_required
def posting_applicants_csv(request, pk):
    posting = permissions.posting_for_staff(request.user, pk)
    _filters, choices, show_rank = _applicant_list(request, posting)
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=posting,
        organisation_id=posting.employer_id,
        detail="applicant list as CSV",
        request=request,
    )
    table = selectors.applicants_table(
        choices, show_rank=show_rank, audience=wording.staff_audience(request.user)
    )
    response = exports.csv_response(table, f"applicants-{posting.pk}")
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def posting_applicants_bulk(request, pk):
    posting = permissions.posting_for_staff(request.user, pk)
    visible = permissions.employer_choices(request.user).filter(posting=posting)
    form = BulkStatusForm(
        request.POST, prefix="bulk", available_ids=visible.values_list("pk", flat=True)
    )
    back = reverse("recruitment:posting_applicants", args=[posting.pk])
    if request.POST.get("next", "").startswith("?"):
        # Re-encoded, so that whatever was sent stays a query string (no header injection).
        back += "?" + QueryDict(request.POST["next"][1:]).urlencode()
    if not form.is_valid():
        error_messages(request, form)
        return redirect(back)
    try:
        changed = services.set_choice_status(
            user=request.user,
            choices=list(visible.filter(pk__in=form.cleaned_data["choices"])),
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d candidate marked as “%(status)s”.",
                "%(n)d candidates marked as “%(status)s”.",
                changed,
            )
            % {
                "n": changed,
                # In the words of the form that was sent (StatusForm).
                "status": wording.choice_status(
                    form.cleaned_data["status"], wording.Audience.EMPLOYER
                ),
            },
        )
    return redirect(back)


@staff_required
def staff_application(request, pk):
    application = permissions.application_for_staff(request.user, pk)
    choices = selectors.staff_choices(request.user, application)
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=application,
        subject_user_id=application.applicant_id,
        organisation_id=choices[0].posting.employer_id if choices else None,
        request=request,
    )
    rows = [
        {
            "choice": choice,
            "may_change": permissions.may_change_status(request.user, choice),
            "status_form": StatusForm(prefix=f"c{choice.pk}", initial={"status": choice.status}),
            "note_form": NoteForm(prefix=f"n{choice.pk}"),
        }
        for choice in choices
    ]
    return render(
        request,
        "recruitment/applications/manage/application.html",
        {
            "application": application,
            "profile": selectors.staff_profile(application),
            "rows": rows,
            "documents": application.documents.all(),
            "show_rank": permissions.can_see_rank(request.user, application.round),
            "whole": permissions.sees_whole_application(request.user),
        },
    )


@staff_required
@require_POST
def staff_choice_status(request, pk):
    choice = permissions.choice_for_staff(request.user, pk)
    form = StatusForm(request.POST, prefix=f"c{choice.pk}")
    if form.is_valid():
        try:
            services.set_choice_status(
                user=request.user,
                choices=[choice],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("Marked as “%(status)s”.")
                % {
                    "status": wording.choice_status(
                        form.cleaned_data["status"], wording.Audience.EMPLOYER
                    )
                },
            )
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("recruitment:staff_application", pk=choice.application_id)


@staff_required
@require_POST
def staff_choice_note(request, pk):
    choice = permissions.choice_for_staff(request.user, pk)
    form = NoteForm(request.POST, prefix=f"n{choice.pk}")
    if form.is_valid():
        try:
            services.add_note(user=request.user, choice=choice, text=form.cleaned_data["text"])
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The note was saved."))
    else:
        messages.error(request, _("Write a note first."))
    return redirect("recruitment:staff_application", pk=choice.application_id)


@staff_required
def staff_document(request, pk, uuid):
    application = permissions.application_for_staff(request.user, pk)
    document = permissions.document_for_staff(request.user, application, uuid)
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.DOWNLOAD,
        obj=document,
        subject_user_id=application.applicant_id,
        detail=f"attached to application {application.pk}",
        request=request,
    )
    return _document_response(document)


# --- Coordinator ---------------------------------------------------------------------------


@staff_required
def rounds(request):
    permissions.require_coordinator(request.user)
    return render(
        request,
        "recruitment/applications/manage/rounds.html",
        {"rounds": selectors.rounds_overview()},
    )


def _edit_round(request, round: ApplicationRound | None):
    form = RoundForm(request.POST or None, instance=round or ApplicationRound())
    if request.method == "POST" and form.is_valid():
        if round is None:
            saved = services.save_round(user=request.user, round=form.save(commit=False))
        else:
            # Only what was changed on this page (portal/merge.py).
            saved = merging.save_merged(
                form,
                lock=lambda: ApplicationRound.objects.select_for_update().get(pk=round.pk),
                save=lambda stored: services.save_round(user=request.user, round=stored),
            )
        if saved is not None:
            messages.success(request, _("The round was saved."))
            return redirect("recruitment:round_detail", pk=saved.pk)
    return render(
        request,
        "recruitment/applications/manage/round_form.html",
        {"form": form, "round": round},
        status=409 if form.merge_conflicts else 200,
    )


@staff_required
def round_create(request):
    permissions.require_coordinator(request.user)
    return _edit_round(request, None)


@staff_required
def round_edit(request, pk):
    return _edit_round(request, permissions.round_for_coordinator(request.user, pk))


@staff_required
def round_detail(request, pk):
    round = permissions.round_for_coordinator(request.user, pk)
    page = Paginator(selectors.round_applications(round), 100).get_page(request.GET.get("page"))
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=round,
        detail=f"applications in the round, page {page.number}",
        request=request,
    )
    return render(
        request,
        "recruitment/applications/manage/round_detail.html",
        {
            "round": round,
            "postings": selectors.round_posting_counts(round),
            "page": page,
            "draft_count": selectors.round_draft_count(round),
        },
    )


@staff_required
def round_postings(request, pk):
    round = permissions.round_for_coordinator(request.user, pk)
    available = (
        Posting.objects.published()
        .filter(round__isnull=True)
        .select_related("employer")
        .order_by("employer__name", "title")
    )
    form = RoundPostingsForm(request.POST or None, available=available)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.add_postings_to_round(
                user=request.user, round=round, postings=form.cleaned_data["postings"]
            )
        except ValidationError as error:
            form.add_error("postings", error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d posting added to the round.", "%(n)d postings added to the round.", count
                )
                % {"n": count},
            )
            return redirect("recruitment:round_detail", pk=round.pk)
    return render(
        request,
        "recruitment/applications/manage/round_postings.html",
        {"round": round, "form": form},
    )


@staff_required
@require_POST
def round_posting_remove(request, pk, posting_pk):
    round = permissions.round_for_coordinator(request.user, pk)
    posting = get_object_or_404(round.postings, pk=posting_pk)
    try:
        services.remove_posting_from_round(user=request.user, round=round, posting=posting)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The posting was removed from the round."))
    return redirect("recruitment:round_detail", pk=round.pk)
