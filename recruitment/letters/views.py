"""Thin views of letters to applicants. Who may see a posting and its applicants is the
applicant list's rule (recruitment.permissions.posting_for_staff,
recruitment.permissions.employer_choices): 404 to everyone else."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import audit
from portal import merge as merging
from portal import permissions as portal_permissions
from portal.models import Organisation
from portal.permissions import staff_required
from recruitment import permissions as recruitment_permissions
from recruitment import wording
from recruitment.hiring.selectors import fill_state
from recruitment.letters import permissions as letter_permissions
from recruitment.letters import selectors, services
from recruitment.letters.forms import MERGE_FIELDS, LetterForm, SendForm, TemplateForm
from recruitment.letters.models import LetterKind, LetterTemplate
from recruitment.letters.render import render_letter
from recruitment.models import Choice, Posting

COMPOSE = "recruitment/letters/compose.html"
PREVIEW = "recruitment/letters/preview.html"


def _template(posting, form) -> services.TemplateText:
    kind = form.cleaned_data["kind"]
    if kind == LetterKind.FREE:
        return services.free_template(form.cleaned_data["subject"], form.cleaned_data["body"])
    return selectors.template_for(posting.employer_id, kind)


def _viewed(request, posting, detail: str) -> None:
    """Applicants' names (and letters naming them) were shown: recorded, as the applicant
    list is."""
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        obj=posting,
        organisation_id=posting.employer_id,
        detail=detail,
        request=request,
    )


def _compose(request, posting, form, chosen: set[int], status: int = 200):
    choices = list(selectors.letter_choices(request.user, posting))
    _viewed(request, posting, "letters: applicants to choose from")
    audience = wording.staff_audience(request.user)
    rows = [
        {
            "choice": choice,
            "name": choice.application.applicant.full_name or choice.application.applicant.email,
            "status": wording.choice_status(choice.status, audience),
            "checked": choice.pk in chosen,
        }
        for choice in choices
    ]
    return render(
        request,
        COMPOSE,
        {
            "posting": posting,
            "form": form,
            "rows": rows,
            "round_over": selectors.round_is_over(posting),
            "merge_fields": MERGE_FIELDS,
        },
        status=status,
    )


def _preview(request, posting, choices, template, *, form=None, status=200, **extra):
    """Each chosen applicant's letter, rendered as it will be sent, above a form that
    sends exactly these (with a token, so a second submit sends nothing more)."""
    data = form.cleaned_data if form is not None else {}
    if choices:
        _viewed(request, posting, f"letters: preview of {len(choices)}")
    return render(
        request,
        PREVIEW,
        {
            "posting": posting,
            "kind": template.kind,
            "subject": data.get("subject", ""),
            "body": data.get("body", ""),
            "letters": [(choice, render_letter(template, choice)) for choice in choices],
            "token": data.get("token") or uuid.uuid4(),
            "version": selectors.version(template),
            **extra,
        },
        status=status,
    )


def _sent_message(request, sent: services.Sent) -> None:
    if sent.written:
        messages.success(
            request,
            ngettext("%(n)d letter was sent.", "%(n)d letters were sent.", len(sent.written))
            % {"n": len(sent.written)},
        )
    else:
        messages.info(request, _("These letters were already sent; nothing was sent twice."))


def _not_offered_ids(request: HttpRequest, posting: Posting) -> set[int]:
    """Those to tick when the page is opened from "write to all not offered"."""
    if request.GET.get("select") != "not_offered" or not selectors.round_is_over(posting):
        return set()
    choices = selectors.not_offered(selectors.letter_choices(request.user, posting))
    return set(choices.values_list("pk", flat=True))


def _select_from_list(request: HttpRequest, posting: Posting) -> HttpResponse:
    """The applicant list's ticked applicants, as the letter's recipients."""
    ids = [int(value) for value in request.POST.getlist("bulk-choices") if value.isdecimal()]
    chosen = {c.pk for c in letter_permissions.chosen_for_employer(request.user, posting, ids)}
    if not chosen:
        messages.info(request, _("Select at least one applicant."))
    return _compose(request, posting, LetterForm(), chosen)


def _send(
    request: HttpRequest,
    posting: Posting,
    form: LetterForm,
    choices: list[Choice],
    template: services.TemplateText,
) -> HttpResponse:
    if form.cleaned_data["version"] != selectors.version(template):
        messages.warning(
            request, _("The template was changed after your preview. Check the letters again.")
        )
        return _preview(request, posting, choices, template, form=form, status=409)
    try:
        sent = services.send_letters(
            user=request.user,
            posting=posting,
            choices=choices,
            template=template,
            batch=form.cleaned_data["token"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _compose(request, posting, form, set(form.chosen), status=400)
    _sent_message(request, sent)
    return redirect(reverse("recruitment:letters", args=[posting.pk]))


@staff_required
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose applicants and a letter, preview it per person, send."""
    posting = recruitment_permissions.posting_for_staff(request.user, pk)
    if request.method != "POST":
        return _compose(request, posting, LetterForm(), _not_offered_ids(request, posting))
    action = request.POST.get("action", "")
    if action == "select":  # from the applicant list's checkboxes
        return _select_from_list(request, posting)
    form = (SendForm if action == "send" else LetterForm)(request.POST)
    # Someone not on this posting's list is 404 before anything else is looked at.
    choices = letter_permissions.chosen_for_employer(request.user, posting, form.chosen)
    if not form.is_valid():
        return _compose(request, posting, form, set(form.chosen), status=400)
    if action == "edit":
        return _compose(request, posting, LetterForm(request.POST), set(form.chosen))
    template = _template(posting, form)
    if action != "send":
        return _preview(request, posting, choices, template, form=form)
    return _send(request, posting, form, choices, template)


@staff_required
def post_filled(request, pk):
    """Tell every applicant still waiting (no offer) that the post is filled: one preview,
    one button; the letters view sends them."""
    posting = recruitment_permissions.posting_for_staff(request.user, pk)
    fill = fill_state(posting)
    ready = fill.filled or posting.status == posting.Status.CLOSED
    choices = []
    if ready:
        remaining = selectors.not_offered(selectors.letter_choices(request.user, posting))
        ids = list(remaining.values_list("pk", flat=True))
        choices = letter_permissions.chosen_for_employer(request.user, posting, ids) if ids else []
    template = selectors.template_for(posting.employer_id, LetterKind.POST_FILLED)
    return _preview(request, posting, choices, template, post_filled=True, ready=ready, fill=fill)


def _organisation(request, organisation_pk) -> Organisation:
    return portal_permissions.organisation_for_staff(request.user, organisation_pk)


@staff_required
def templates(request, organisation_pk):
    organisation = _organisation(request, organisation_pk)
    texts = selectors.templates_for(organisation.pk)
    return render(
        request,
        "recruitment/letters/templates.html",
        {
            "organisation": organisation,
            "rows": [(kind, label, texts[kind]) for kind, label in LetterKind.choices],
        },
    )


def _save_template(
    request: HttpRequest,
    organisation: Organisation,
    kind: str,
    own: LetterTemplate | None,
    form: TemplateForm,
) -> bool:
    """Save a valid ``form``: False with the reason (or the conflicts) on the form."""

    def save(texts: dict[str, str]) -> LetterTemplate:
        return services.save_template(
            user=request.user, organisation_id=organisation.pk, kind=kind, **texts
        )

    fields = TemplateForm.Meta.fields
    try:
        if own is None:  # the organisation's first own copy
            return save({name: form.cleaned_data[name] for name in fields}) is not None
        # Only what was changed on this page (portal/merge.py).
        saved = merging.save_merged(
            form,
            lock=lambda: merging.lock_row(own),
            save=lambda stored: save({name: getattr(stored, name) for name in fields}),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return saved is not None


@staff_required
def template_edit(request: HttpRequest, organisation_pk: int, kind: str) -> HttpResponse:
    organisation = _organisation(request, organisation_pk)
    kind = letter_permissions.template_kind(kind)
    here = reverse("recruitment:letter_template_edit", args=[organisation.pk, kind])
    if request.method == "POST" and "use_default" in request.POST:
        services.use_default_template(user=request.user, organisation_id=organisation.pk, kind=kind)
        messages.success(request, _("The default template applies again."))
        return redirect(here)
    own = selectors.own_template(organisation.pk, kind)
    initial = selectors.template_initial(organisation.pk, kind, own)
    form = TemplateForm(request.POST or None, instance=own, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_template(request, organisation, kind, own, form)
    ):
        messages.success(request, _("The template was saved."))
        return redirect(here)
    context = {
        "organisation": organisation,
        "kind": kind,
        "label": LetterKind(kind).label,
        "form": form,
        "own": own is not None,
        "merge_fields": MERGE_FIELDS,
    }
    status = 409 if form.merge_conflicts else 400 if request.method == "POST" else 200
    return render(request, "recruitment/letters/template_edit.html", context, status=status)
