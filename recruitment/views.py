from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import push_url

from portal import confirmation
from portal import merge as merging
from portal.clock import arrived
from portal.forms import error_messages
from portal.htmx import swaps_in_place, vary_on_htmx
from portal.permissions import staff_required
from recruitment import caching, permissions, selectors, services
from recruitment.feeds import job_posting_jsonld
from recruitment.filters import PostingFilter, board_filter
from recruitment.forms import ContactFormSet, PostingForm
from recruitment.models import Posting


def board(request):
    # The filter form swaps only the results and pushes the URL; the same URL opened
    # again (Back after leaving the board, a reload, htmx's history miss) is a whole page.
    fragment = swaps_in_place(request, target="results")
    template = "recruitment/board.html#results" if fragment else "recruitment/board.html"
    response = render(request, template, _board_context(request))
    if fragment:
        # The address pushed is the search as a person would write it: no empty fields.
        shown = [(key, v) for key, values in request.GET.lists() for v in values if v]
        push_url(response, request.path + (f"?{urlencode(shown)}" if shown else ""))
    return vary_on_htmx(response)


def _board_context(request) -> dict:
    # Built only when the template draws a fragment that is not cached
    # (recruitment/caching.py): a cached board needs neither the form nor a query.
    now = arrived(request)
    postings = SimpleLazyObject(lambda: board_filter(request.GET, now, request=request))
    page = SimpleLazyObject(
        lambda: Paginator(postings.qs, settings.JOB_BOARD_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    )
    query = request.GET.copy()
    query.pop("page", None)
    board_key, board_form_key, board_version = caching.board_keys(request.GET, now)
    return {
        "filter": postings,
        "search": _search_box(request),
        "page": page,
        "query_string": query.urlencode(),
        "result_count": lambda: page.paginator.count,
        "board_key": board_key,
        "board_form_key": board_form_key,
        "board_version": board_version,
        "board_cache_seconds": settings.BOARD_CACHE_SECONDS,
    }


def _search_box(request) -> dict:
    """What the board's search box shows, from the filter's own definition of it (the box
    is drawn by hand so that a cached board needs no form)."""
    search = PostingFilter.base_filters["q"]
    return {
        "value": request.GET.get("q", ""),
        "label": search.label,
        "max_length": search.extra["max_length"],
    }


def posting_detail(request, slug):
    posting = permissions.posting_for_public(slug, arrived(request))
    return render(
        request,
        "recruitment/posting_detail.html",
        {"posting": posting, "jsonld": job_posting_jsonld(request, posting)},
    )


def posting_by_id(request, pk):
    posting = permissions.publicly_visible_posting(pk)
    return redirect(posting, permanent=True)


@staff_required
def manage_postings(request):
    postings = selectors.postings_for_staff(request.user).order_by("-updated_at", "-pk")
    status = request.GET.get("status")
    if status in Posting.Status.values:
        postings = postings.filter(status=status)
    page = Paginator(postings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/manage/posting_list.html",
        {"page": page, "status": status, "statuses": Posting.Status.choices},
    )


def _save_posting(
    request: HttpRequest,
    posting: Posting | None,
    form: PostingForm,
    contacts: "BaseInlineFormSet[Any, Any, Any]",
) -> Posting | None:
    """Save the valid ``form`` and ``contacts`` – and publish them when asked – in one
    transaction; None with the reason (or the conflicts) on the form."""
    with transaction.atomic():
        try:
            if posting is None:
                saved = services.save_posting(
                    user=request.user, posting=form.save(commit=False), contacts_formset=contacts
                )
            else:
                # Only what was changed on this page: an older tab never reverts a newer
                # save, and a field both changed is shown with both values to choose.
                saved = merging.save_merged(
                    form,
                    lock=lambda: Posting.objects.select_for_update().get(pk=posting.pk),
                    save=lambda stored: services.save_posting(
                        user=request.user, posting=stored, contacts_formset=contacts
                    ),
                )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        if saved and "publish" in request.POST and saved.status == Posting.Status.DRAFT:
            return _publish(request, saved, form)
    return saved


def _publish(request: HttpRequest, posting: Posting, form: PostingForm) -> Posting | None:
    """Publish the posting just saved; refused, the save is undone with it."""
    try:
        services.publish_posting(user=request.user, posting=posting)
    except ValidationError as error:
        transaction.set_rollback(True)
        form.add_error(None, error)
        return None
    return posting


def _edit(request: HttpRequest, posting: Posting | None) -> HttpResponse:
    instance = posting or Posting()
    form = PostingForm(request.POST or None, instance=instance, user=request.user)
    contacts = ContactFormSet(request.POST or None, instance=instance, prefix="contacts")
    if request.method == "POST" and form.is_valid() and contacts.is_valid():
        saved = _save_posting(request, posting, form, contacts)
        if saved is not None:
            messages.success(request, _("The posting was saved."))
            return redirect("recruitment:manage_posting", pk=saved.pk)
    return render(
        request,
        "recruitment/manage/posting_form.html",
        {"form": form, "contacts": contacts, "posting": posting},
        status=409 if form.merge_conflicts or contacts.merge_conflicts else 200,
    )


@staff_required
def create_posting(request):
    return _edit(request, None)


@staff_required
def edit_posting(request, pk):
    return _edit(request, permissions.posting_for_staff(request.user, pk))


@staff_required
def manage_posting(request, pk):
    posting = permissions.posting_for_staff(request.user, pk)
    return render(request, "recruitment/manage/posting_manage.html", {"posting": posting})


@staff_required
@require_POST
def publish_posting(request, pk):
    posting = permissions.posting_for_staff(request.user, pk)
    try:
        services.publish_posting(user=request.user, posting=posting)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("recruitment:edit_posting", pk=pk)
    messages.success(request, _("The posting is published on the job board."))
    return redirect("recruitment:manage_posting", pk=pk)


@staff_required
@require_POST
def close_posting(request, pk):
    posting = permissions.posting_for_staff(request.user, pk)
    try:
        if not confirmation.is_confirmed(request):
            services.check_closable(posting)
            return confirmation.ask(
                request,
                "recruitment/manage/confirm_close.html",
                {"posting": posting, "counts": selectors.closing_counts(posting)},
                confirm_label=_("Yes, close the posting"),
                cancel_url=reverse("recruitment:manage_posting", args=[posting.pk]),
            )
        services.close_posting(user=request.user, posting=posting)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The posting is closed and no longer on the board."))
    return redirect("recruitment:manage_posting", pk=pk)
