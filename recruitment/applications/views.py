"""Thin views of the application portal: parse with a form, call a service or selector,
render. Access rules are in recruitment.permissions."""

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
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
from portal.htmx import swaps_in_place
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
    make_readonly,
)
from recruitment.applications.pdf import max_document_bytes, removed_message
from recruitment.models import (
    Application,
    ApplicationRound,
    Choice,
    Document,
    Posting,
)

EDITOR = "recruitment/applications/application_detail.html"
# A national round holds hundreds of postings: the editor lists this many of those not yet
# on the applicant's list, and a search finds the others.
AVAILABLE_SHOWN = 30


# --- Profile and documents -----------------------------------------------------------------


def _profile_conflicts(
    request: HttpRequest, form: ProfileForm, conflicts: list[merging.Conflict], bases: dict
) -> dict[str, str]:
    """Puts each conflict on its field and answers the versions the page is drawn again
    with: saving again keeps this page's text where it conflicted; fields this page did not
    change keep the version they started from."""
    names = list(form.fields)
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
    conflicted = {c.field for c in conflicts}
    return {
        name: current[name]
        if name in conflicted or merging.fingerprint(shown.get(name)) == current[name]
        else bases.get(name, current[name])
        for name in names
    }


@login_required
def profile(request: HttpRequest) -> HttpResponse:
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
        status, versions = 409, _profile_conflicts(request, form, conflicts, bases)
    context = {
        "form": form,
        "versions": versions,
        "completeness": selectors.profile_completeness(request.user),
        "next_deadline": selectors.next_deadline(request.user, arrived(request)),
    }
    return render(request, "recruitment/applications/profile.html", context, status=status)


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


def round_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's page: open to everyone (its postings, its deadline, its restplasser);
    starting an application asks for a login."""
    round = permissions.round_for_public(pk)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    now = arrived(request)
    posting_id = request.POST.get("posting") or request.GET.get("posting")
    posting = selectors.round_posting(round, posting_id)
    if request.method == "POST":
        return _start_in_round(request, round, posting, now)
    context = {
        "round": round,
        "posting": posting,
        "existing": selectors.application_in_round(request.user, round),
        "is_open": round.is_open(now),
        "grace_seconds": clock.grace_seconds(),
        "postings": selectors.round_postings(round),
        "restplasser": posting_selectors.restplasser(now).filter(round=round),
    }
    return render(request, "recruitment/applications/round_apply.html", context)


def _start_in_round(
    request: HttpRequest, round: ApplicationRound, posting: Posting | None, now: datetime
) -> HttpResponse:
    """Start (or open) the person's application in ``round``, with ``posting`` on its list
    when the person came from a posting."""
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


def _find(request: HttpRequest) -> str:
    return (request.POST.get("find") or request.GET.get("find") or "").strip()[:100]


def _new_editor_form(
    request: HttpRequest, application: Application, active: list[Choice], conflicts: list
) -> ApplicationForm:
    documents = selectors.documents_for(request.user)
    form = ApplicationForm(application=application, documents=documents, choices=active)
    # A field changed elsewhere meanwhile keeps the person's own text on the page.
    for conflict in conflicts:
        if conflict.field in form.fields:
            form.fields[conflict.field].initial = conflict.mine
    return form


def _available_context(application: Application, find: str, editable: bool) -> dict:
    available: list[Posting] = []
    total = 0
    if editable and application.round_id:
        available, total = selectors.available_page(application, find, AVAILABLE_SHOWN)
    return {"available": available, "available_total": total, "find": find}


def _editor_context(request: HttpRequest, application: Application, form=None, **extra) -> dict:
    application = selectors.application_with_choices(application)
    choices = list(application.choices.all())
    active = [c for c in choices if c.is_listed]
    conflicts = extra.pop("conflicts", None) or []
    if form is None:
        form = _new_editor_form(request, application, active, conflicts)
    is_open = application.is_open(arrived(request))
    editable = is_open and application.status != Application.Status.WITHDRAWN
    if not editable:
        make_readonly(form)
    is_draft = application.status == Application.Status.DRAFT
    return {
        "application": application,
        "form": form,
        "active_choices": active,
        "choice_rows": [(c, form.bound_choice_field(c)) for c in active],
        "withdrawn_choices": [c for c in choices if not c.is_listed],
        **_available_context(application, _find(request), editable),
        "is_open": is_open,
        "editable": editable,
        "completeness": selectors.profile_completeness(request.user),
        "problems": services.submission_problems(application) if is_draft and editable else [],
        "is_draft": is_draft,
        "versions": _page_versions(form, application),
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


# --- The editor's buttons: the form's own button saves the draft; each of the others posts
# to a view of its own (a ``formaction``/``hx-post`` on the button). Every one saves the
# texts on the page first, then does one thing, then answers in the same way: a redirect
# without JavaScript, the redrawn editor with a status message and focus with htmx.

# What an action tells the person, and the id of the element that should have focus
# afterwards (keyboard users keep their place when the list is redrawn).
Outcome = tuple[str, str]
Act = Callable[[Application, datetime], Outcome]


def _bound_editor_form(request: HttpRequest, application: Application) -> ApplicationForm:
    return ApplicationForm(
        request.POST,
        application=application,
        documents=selectors.documents_for(request.user),
        choices=list(application.choices.listed().select_related("posting")),
    )


def _save_then(
    request: HttpRequest,
    application: Application,
    form: ApplicationForm,
    act: Act,
    keep_theirs: str,
) -> tuple[Outcome | None, list[merging.Conflict]]:
    """The texts are saved first and on their own, so a refused action (say, a submission
    with something missing) never loses what was typed; the action follows unless a text
    was changed elsewhere meanwhile. A refusal is put on ``form``."""
    if not form.is_valid():
        return None, []
    changes = form.draft_changes()
    changes.pop(keep_theirs, None)  # "keep theirs": this page's text is let go
    try:
        saved = services.save_draft_changes(
            user=request.user,
            application=application,
            changes=changes,
            bases=form.draft_bases(),
            now=arrived(request),
        )
        return (None if saved.conflicts else act(application, arrived(request))), saved.conflicts
    except ValidationError as error:
        form.add_error(None, error)
        return None, []


def _editor_post(
    request: HttpRequest, pk: int, act: Act, *, anchor: str = "", keep_theirs: str = ""
) -> HttpResponse:
    application = permissions.application_for_applicant(request.user, pk)
    form = _bound_editor_form(request, application)
    outcome, conflicts = _save_then(request, application, form, act, keep_theirs)
    htmx = swaps_in_place(request)
    template = f"{EDITOR}#editor" if htmx else EDITOR
    if conflicts:
        # Refused field by field: the rest is saved; the person chooses for each conflict.
        context = _editor_context(
            request, application, conflicts=conflicts, focus_id="draft-conflicts"
        )
        return render(request, template, context, status=200 if htmx else 409)
    if outcome is None:
        # Refused: show what was typed, with the reason, and keep the stored draft as it was.
        context = _editor_context(request, application, form=form, focus_id="form-errors")
        return render(request, template, context, status=200 if htmx else 400)
    message, focus_id = outcome
    if htmx:
        # Rebuild the form from the saved state so the list and its fields match.
        context = _editor_context(request, application, status_message=message, focus_id=focus_id)
        return render(request, template, context)
    messages.success(request, message)
    return redirect(application.get_absolute_url() + anchor)


def _saved(application: Application, now: datetime) -> Outcome:
    if application.status == Application.Status.DRAFT:
        return _("Your draft was saved."), ""
    return _("Your changes were saved."), ""


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor; posting its form saves the draft."""
    if request.method == "POST":
        return _editor_post(request, pk, _saved)
    application = permissions.application_for_applicant(request.user, pk)
    return render(request, EDITOR, _editor_context(request, application))


@login_required
@require_POST
def application_keep_theirs(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """ "Keep the other window's text" without JavaScript: the stored text of ``field``
    stays; the rest of the page is saved."""
    return _editor_post(request, pk, _saved, keep_theirs=field)


def _move(request: HttpRequest, pk: int, choice_pk: int, offset: int) -> HttpResponse:
    def move(application: Application, now: datetime) -> Outcome:
        choice = services.move_choice(
            user=request.user, application=application, choice_id=choice_pk, offset=offset, now=now
        )
        message = _("“%(title)s” is now number %(rank)d on your list.") % {
            "title": choice.posting.title,
            "rank": choice.rank,
        }
        return message, f"{'up' if offset < 0 else 'down'}-{choice.pk}"

    return _editor_post(request, pk, move, anchor=f"#choice-{choice_pk}")


@login_required
@require_POST
def choice_move_up(request: HttpRequest, pk: int, choice_pk: int) -> HttpResponse:
    return _move(request, pk, choice_pk, offset=-1)


@login_required
@require_POST
def choice_move_down(request: HttpRequest, pk: int, choice_pk: int) -> HttpResponse:
    return _move(request, pk, choice_pk, offset=1)


@login_required
@require_POST
def choice_remove(request: HttpRequest, pk: int, choice_pk: int) -> HttpResponse:
    def remove(application: Application, now: datetime) -> Outcome:
        services.remove_choice(
            user=request.user, application=application, choice_id=choice_pk, now=now
        )
        return _("The posting was removed from your list."), "list-heading"

    return _editor_post(request, pk, remove)


@login_required
@require_POST
def choice_add(request: HttpRequest, pk: int, posting_pk: int) -> HttpResponse:
    def add(application: Application, now: datetime) -> Outcome:
        posting = permissions.published_posting(posting_pk)
        choice = services.add_choice(
            user=request.user, application=application, posting=posting, now=now
        )
        message = _("“%(title)s” was added as number %(rank)d.") % {
            "title": posting.title,
            "rank": choice.rank,
        }
        return message, f"choice-title-{choice.pk}"

    return _editor_post(request, pk, add)


@login_required
@require_POST
def choices_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop (applications.js): the whole list in its new order."""
    order = [int(id_) for id_ in request.POST.get("order", "").split(",") if id_.isdecimal()]

    def reorder(application: Application, now: datetime) -> Outcome:
        services.reorder_choices(user=request.user, application=application, order=order, now=now)
        return _("Your list was reordered."), ""

    return _editor_post(request, pk, reorder)


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def submit(application: Application, now: datetime) -> Outcome:
        services.submit_application(user=request.user, application=application, now=now)
        message = _("Your application was submitted. A receipt is on its way to %(email)s.") % {
            "email": request.user.email
        }
        return message, ""

    return _editor_post(request, pk, submit)


@login_required
@require_POST
def application_find(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the round's postings without JavaScript too (the texts are saved on the way)."""
    find = request.POST.get("find", "").strip()
    anchor = "?" + urlencode({"find": find[:100]}) + "#add-heading" if find else ""

    def found(application: Application, now: datetime) -> Outcome:
        return _("The list of postings in this round is updated."), "find-postings"

    return _editor_post(request, pk, found, anchor=anchor)


def _autosave_errors(form: ApplicationForm, sent: list[str] | None) -> list[str]:
    """The form's errors in the fields this autosave sent (or the whole form's)."""
    fields = set(sent) if sent is not None else set(form.draft_fields())
    return [
        str(message)
        for name, messages_ in form.errors.items()
        if name in fields or name == "__all__"
        for message in messages_
    ]


def _autosave_answer(
    request: HttpRequest, application: Application, form: ApplicationForm, saved: services.DraftSave
) -> JsonResponse:
    at = timezone.localtime(arrived(request)).strftime("%H:%M")
    answer = {
        "ok": not saved.conflicts,
        "saved": saved.saved,
        "versions": saved.versions,
        "saved_at": at,
        "message": _("Saved at %(time)s.") % {"time": at},
    }
    if not saved.conflicts:
        return JsonResponse(answer)
    rows = _conflict_rows(form, saved.conflicts)
    answer["conflicts"] = rows
    answer["message"] = _(
        "Not everything was saved: a text was changed in another window meanwhile. "
        "Choose which to keep."
    )
    answer["conflicts_html"] = render_to_string(
        "recruitment/applications/_draft_conflicts.html",
        {"conflicts": rows, "application": application},
        request,
    )
    return JsonResponse(answer, status=409)


@login_required
@require_POST
def application_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """The editor's autosave (applications.js): saves the fields changed on the page –
    named in ``fields`` – each with the version it started from, and answers in JSON:
    200 saved; 409 some fields were changed elsewhere meanwhile (the others are saved);
    400 refused (the deadline passed, a text too long). Signed out: 401 (portal.security)."""
    application = permissions.application_for_applicant(request.user, pk)
    form = _bound_editor_form(request, application)
    fields = request.POST.get("fields")
    sent = [name for name in fields.split(",") if name] if fields is not None else None
    errors = _autosave_errors(form, sent)
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
    return _autosave_answer(request, application, form, saved)


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
    choice = permissions.choice_of_application(application, choice_pk)
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
    page = selectors.applicant_page(choices, request.GET.get("page"))
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


def _back_to_list(request: HttpRequest, posting: Posting) -> str:
    """The applicant list as it was filtered when the bulk change was sent."""
    back = reverse("recruitment:posting_applicants", args=[posting.pk])
    if request.POST.get("next", "").startswith("?"):
        # Re-encoded, so that whatever was sent stays a query string (no header injection).
        back += "?" + QueryDict(request.POST["next"][1:]).urlencode()
    return back


def _marked(count: int, status: str) -> str:
    return ngettext(
        "%(n)d candidate marked as “%(status)s”.",
        "%(n)d candidates marked as “%(status)s”.",
        count,
    ) % {
        "n": count,
        # In the words of the form that was sent (StatusForm).
        "status": wording.choice_status(status, wording.Audience.EMPLOYER),
    }


@staff_required
@require_POST
def posting_applicants_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    posting = permissions.posting_for_staff(request.user, pk)
    visible = permissions.employer_choices(request.user).filter(posting=posting)
    form = BulkStatusForm(
        request.POST, prefix="bulk", available_ids=visible.values_list("pk", flat=True)
    )
    if not form.is_valid():
        error_messages(request, form)
        return redirect(_back_to_list(request, posting))
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
        messages.success(request, _marked(changed, form.cleaned_data["status"]))
    return redirect(_back_to_list(request, posting))


def _staff_rows(request: HttpRequest, choices: list[Choice]) -> list[dict]:
    """Each choice on the staff page with its forms, and whether this person may use them."""
    return [
        {
            "choice": choice,
            "may_change": permissions.may_change_status(request.user, choice),
            "status_form": StatusForm(prefix=f"c{choice.pk}", initial={"status": choice.status}),
            "note_form": NoteForm(prefix=f"n{choice.pk}"),
        }
        for choice in choices
    ]


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
    return render(
        request,
        "recruitment/applications/manage/application.html",
        {
            "application": application,
            "profile": selectors.staff_profile(application),
            "rows": _staff_rows(request, choices),
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
    posting = permissions.posting_of_round(round, posting_pk)
    try:
        services.remove_posting_from_round(user=request.user, round=round, posting=posting)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The posting was removed from the round."))
    return redirect("recruitment:round_detail", pk=round.pk)
