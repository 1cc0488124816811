"""Pages of coupled tracks: the public scheme, the candidate's consent and path, and the
staff pages (coordinator: tracks; chief physicians: pool, invitations, placements). Thin:
rules are in permissions and selectors, writes in services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers.models import Invitation, Track, TrackConsent, TrackMunicipality
from careers.tracks import coupling, nav, permissions, selectors, services
from careers.tracks.forms import (
    AddMunicipalityForm,
    AnswerForm,
    ConsentForm,
    InviteForm,
    OutcomeForm,
    PlacementEditForm,
    PlacementForm,
    PoolFilterForm,
    TermsForm,
    TrackForm,
)
from careers.tracks.panels import consent_panels
from portal import audit, confirmation
from portal import merge as merging
from portal.forms import error_messages
from portal.permissions import staff_required
from recruitment.models import Posting

POOL_PAGE_SIZE = 50


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    # A path of this site only: redirect() would take "0" or "home" for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Public ---------------------------------------------------------------------------------


def track_list(request):
    return render(
        request, "careers/tracks/track_list.html", {"tracks": permissions.tracks_for_public()}
    )


def track_detail(request, slug):
    track = permissions.track_for_public(slug)
    return render(
        request,
        "careers/tracks/track_detail.html",
        {
            "track": track,
            "postings": selectors.covered_postings(track).filter(status=Posting.Status.PUBLISHED),
            "panels": consent_panels(request, [track]) if request.user.is_authenticated else [],
            "next": request.get_full_path(),
        },
    )


# --- Candidate ------------------------------------------------------------------------------


@require_POST
@login_required
def track_consent(request, slug):
    """Preference and consent from the panel on an application (or the track's page)."""
    track = permissions.track_for_public(slug)
    back = _next_url(request, reverse("careers:my_path"))
    form = ConsentForm(request.POST, prefix_id=f"track{track.pk}")
    if not form.is_valid():
        error_messages(request, form)
        return redirect(back)
    data = form.cleaned_data
    try:
        outcome, consent = services.save_answers(
            user=request.user,
            track=track,
            preference=data["preference"],
            consent=data["consent"],
            share_documents=data["share_documents"],
            request=request,
        )
    except ValidationError as error:
        error_messages(request, error)
        return redirect(back)
    if consent is not None:
        nav.remember(request)
    messages.success(request, _answered(track, outcome, consent))
    return redirect(back)


def _answered(track: Track, outcome: str, consent: TrackConsent | None) -> str:
    if outcome == services.Answers.CONSENT_GIVEN and consent is not None:
        return _("Thank you. Your consent to “%(track)s” is recorded (version %(v)d).") % {
            "track": track.name,
            "v": consent.text.version,
        }
    if outcome == services.Answers.CONSENT_WITHDRAWN:
        return _("Your consent is withdrawn.")
    return _("Your preference was saved.")


@require_POST
@login_required
def consent_withdraw(request, pk):
    """One click, immediate effect."""
    consent = permissions.consent_for_candidate(request.user, pk)
    services.withdraw_consent(user=request.user, consent=consent, request=request)
    messages.success(
        request,
        _(
            "Your consent to “%(track)s” is withdrawn. The municipalities no longer see "
            "your profile."
        )
        % {"track": consent.track.name},
    )
    return redirect(_next_url(request, reverse("careers:my_path")))


@login_required
def my_path(request):
    path = selectors.my_path(request.user)
    for invitation in path["invitations"]:
        invitation.answer_form = AnswerForm(invitation=invitation) if invitation.is_open else None
    return render(request, "careers/tracks/my_path.html", path)


@require_POST
@login_required
def invitation_answer(request, pk):
    invitation = permissions.invitation_for_candidate(request.user, pk)
    form = AnswerForm(request.POST, invitation=invitation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_invitation(
                user=request.user,
                invitation=invitation,
                answer=data["answer"],
                time_id=data["time"].pk if data.get("time") else None,
                proposed_time=data.get("proposed_time"),
                message=data["message"],
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("Your answer was sent to %(municipality)s.")
                % {"municipality": invitation.municipality.name},
            )
    else:
        error_messages(request, form)
    return redirect(f"{reverse('careers:my_path')}#invitation-{invitation.pk}")


# --- Staff: tracks --------------------------------------------------------------------------


@staff_required
def manage_tracks(request):
    permissions.require_track_staff(request.user)
    user = request.user
    is_manager = permissions.may_manage_tracks(user)
    tracks = list(selectors.tracks_for_staff(user))
    mine = permissions.chief_physician_of(user)
    totals = {
        row.track.pk: row
        for row in selectors.coupled_track_totals(
            track_ids=[t.pk for t in tracks], municipality_ids=None if is_manager else mine
        )
    }
    return render(
        request,
        "careers/tracks/manage/track_list.html",
        {
            "rows": [(track, totals.get(track.pk)) for track in tracks],
            "is_manager": is_manager,
            "my_municipalities": mine,
            "over_limit": coupling.over_limit() if is_manager else [],
        },
    )


def _save_track(request: HttpRequest, track: Track | None, form: TrackForm) -> Track | None:
    """Save a valid ``form``; None with the reason (or the conflicts) on the form."""
    try:
        if track is None:
            return services.save_track(
                user=request.user,
                track=form.save(commit=False),
                postings=form.cleaned_data["postings"],
            )
        # Only what was changed on this page (portal/merge.py).
        return merging.save_merged(
            form,
            lock=lambda: merging.lock_row(track),
            save=lambda stored: services.save_track(
                user=request.user, track=stored, postings=form.merged_value(stored, "postings")
            ),
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None


def _edit_track(request: HttpRequest, track: Track | None) -> HttpResponse:
    permissions.require_track_manager(request.user)
    form = TrackForm(request.POST or None, instance=track or Track())
    if request.method == "POST" and form.is_valid():
        saved = _save_track(request, track, form)
        if saved is not None:
            messages.success(request, _("The track was saved."))
            return redirect("careers:manage_track", pk=saved.pk)
    return render(
        request,
        "careers/tracks/manage/track_form.html",
        {"form": form, "track": track},
        status=409 if form.merge_conflicts else 200,
    )


@staff_required
def track_create(request):
    return _edit_track(request, None)


@staff_required
def track_edit(request, pk):
    return _edit_track(request, permissions.track_for_staff(request.user, pk))


@staff_required
def manage_track(request, pk):
    track = permissions.track_for_staff(request.user, pk)
    is_manager = permissions.may_manage_tracks(request.user)
    mine = permissions.chief_physician_of(request.user)
    funnel = selectors.coupled_track_funnel(
        track_ids=[track.pk], municipality_ids=None if is_manager else mine
    )
    postings = list(selectors.covered_postings(track))
    round_ids = selectors.rounds_of_track(track) if is_manager else []
    return render(
        request,
        "careers/tracks/manage/track_detail.html",
        {
            "track": track,
            "is_manager": is_manager,
            "my_municipalities": mine,
            "participations": selectors.participations(track),
            "postings": postings,
            "funnel": funnel,
            "texts": selectors.consent_texts(track) if is_manager else [],
            "add_form": AddMunicipalityForm(track=track) if is_manager else None,
            "couplings": (
                coupling.couplings(trust_ids=[track.hospital_trust_id], round_ids=round_ids)
                if round_ids
                else []
            ),
        },
    )


@staff_required
@require_POST
def track_municipality_add(request, pk):
    track = permissions.track_for_manager(request.user, pk)
    form = AddMunicipalityForm(request.POST, track=track)
    if form.is_valid():
        try:
            services.add_municipality(
                user=request.user, track=track, municipality=form.cleaned_data["municipality"]
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("%(name)s takes part. The consent text has a new version naming it.")
                % {"name": form.cleaned_data["municipality"].name},
            )
    else:
        messages.error(request, _("Choose a municipality."))
    return redirect("careers:manage_track", pk=track.pk)


@staff_required
@require_POST
def track_municipality_remove(request, pk, municipality_pk):
    permissions.require_track_manager(request.user)
    participation = permissions.participation_for_terms(request.user, pk, municipality_pk)
    try:
        services.remove_municipality(user=request.user, participation=participation)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("%(name)s no longer takes part.") % {"name": participation.municipality.name},
        )
    return redirect("careers:manage_track", pk=pk)


@staff_required
def track_terms(request, pk, municipality_pk):
    participation = permissions.participation_for_terms(request.user, pk, municipality_pk)
    form = TermsForm(request.POST or None, instance=participation)
    if request.method == "POST" and form.is_valid():
        saved = merging.save_merged(  # only what was changed on this page (portal/merge.py)
            form,
            lock=lambda: merging.lock_row(participation),
            save=lambda stored: services.save_terms(user=request.user, participation=stored),
        )
        if saved is not None:
            messages.success(request, _("The terms were saved."))
            return redirect("careers:manage_track", pk=pk)
    return render(
        request,
        "careers/tracks/manage/terms_form.html",
        {"participation": participation, "form": form},
        status=409 if form.merge_conflicts else 200,
    )


# --- Staff: the pool (chief physicians) -----------------------------------------------------


@staff_required
def pool(request, pk, municipality_pk):
    participation = permissions.participation_for_chief(request.user, pk, municipality_pk)
    filters = PoolFilterForm(request.GET or None)
    page = Paginator(
        selectors.pool_queryset(participation, **filters.values()), POOL_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    candidates = [selectors.as_pool_candidate(user) for user in page]
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        obj=participation.track,
        organisation_id=municipality_pk,
        detail=f"track pool ({len(candidates)} candidates)",
        request=request,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "careers/tracks/manage/pool.html",
        {
            "participation": participation,
            "track": participation.track,
            "municipality": participation.municipality,
            "filters": filters,
            "page": page,
            "candidates": candidates,
            "query_string": query.urlencode(),
        },
    )


def _invite(
    request: HttpRequest, participation: TrackMunicipality, candidate_id: int, form: InviteForm
) -> Invitation | None:
    """Send the invitation of a valid ``form``; None with the reason on the form."""
    data = form.cleaned_data
    try:
        return services.invite(
            user=request.user,
            participation=participation,
            candidate_id=candidate_id,
            kind=data["kind"],
            message=data["message"],
            place=data["place"],
            times=form.times(),
            request=request,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None


def _viewed_candidate(
    request: HttpRequest, participation: TrackMunicipality, candidate_id: int
) -> None:
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        obj=participation.track,
        subject_user_id=candidate_id,
        organisation_id=participation.municipality_id,
        detail="track pool candidate",
        request=request,
    )


@staff_required
def pool_candidate(
    request: HttpRequest, pk: int, municipality_pk: int, candidate_pk: int
) -> HttpResponse:
    """A pool candidate, and the form to invite them. 404 once they leave the pool."""
    participation = permissions.participation_for_chief(request.user, pk, municipality_pk)
    member = permissions.pool_member_for_chief(selectors.pool_queryset(participation), candidate_pk)
    candidate = selectors.pool_candidate(participation, member)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = _invite(request, participation, candidate.id, form)
        if invitation is not None:
            messages.success(
                request, _("The invitation was sent to %(name)s.") % {"name": candidate.name}
            )
            return redirect("careers:invitation_detail", pk=invitation.pk)
    if request.method == "GET":
        _viewed_candidate(request, participation, candidate.id)
    context = {
        "participation": participation,
        "track": participation.track,
        "municipality": participation.municipality,
        "candidate": candidate,
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "careers/tracks/manage/pool_candidate.html", context, status=status)


# --- Staff: invitations ---------------------------------------------------------------------


@staff_required
def municipality_invitations(request, pk, municipality_pk):
    participation = permissions.participation_for_chief(request.user, pk, municipality_pk)
    invitations = selectors.municipality_invitations(
        request.user, track=participation.track, municipality_ids=[municipality_pk]
    )
    return render(
        request,
        "careers/tracks/manage/invitation_list.html",
        {
            "participation": participation,
            "track": participation.track,
            "municipality": participation.municipality,
            "page": Paginator(invitations, 50).get_page(request.GET.get("page")),
        },
    )


@staff_required
def invitation_detail(request, pk):
    invitation = permissions.invitation_for_municipality(request.user, pk)
    placement = invitation.placements.exclude(status="ended").first()
    return render(
        request,
        "careers/tracks/manage/invitation_detail.html",
        {
            "invitation": invitation,
            "outcome_form": OutcomeForm(),
            "placement": placement,
        },
    )


def _invitation_action(request, pk, action, success: str):
    invitation = permissions.invitation_for_municipality(request.user, pk)
    try:
        action(invitation)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, success)
    return redirect("careers:invitation_detail", pk=invitation.pk)


@staff_required
@require_POST
def invitation_accept_proposal(request, pk):
    return _invitation_action(
        request,
        pk,
        lambda inv: services.accept_proposal(user=request.user, invitation=inv),
        _("The proposed time is agreed. The candidate has been told."),
    )


@staff_required
@require_POST
def invitation_cancel(request, pk):
    if not confirmation.is_confirmed(request):
        invitation = permissions.invitation_for_municipality(request.user, pk)
        try:
            services.check_cancellable_invitation(invitation)
        except ValidationError as error:
            error_messages(request, error)
            return redirect("careers:invitation_detail", pk=invitation.pk)
        return confirmation.ask(
            request,
            "careers/tracks/manage/confirm_invitation_cancel.html",
            {"invitation": invitation},
            confirm_label=_("Yes, cancel the invitation"),
            cancel_url=reverse("careers:invitation_detail", args=[invitation.pk]),
        )
    return _invitation_action(
        request,
        pk,
        lambda inv: services.cancel_invitation(user=request.user, invitation=inv),
        _("The invitation is cancelled. The candidate has been told."),
    )


@staff_required
@require_POST
def invitation_outcome(request, pk):
    invitation = permissions.invitation_for_municipality(request.user, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect("careers:invitation_detail", pk=invitation.pk)
    outcome = form.cleaned_data["outcome"]
    try:
        services.record_outcome(
            user=request.user, invitation=invitation, outcome=outcome, request=request
        )
    except ValidationError as error:
        error_messages(request, error)
        return redirect("careers:invitation_detail", pk=invitation.pk)
    if outcome == Invitation.Outcome.ACCEPTED:
        messages.success(request, _("Recorded. Now agree the dates of the whole path."))
        return redirect("careers:placement_create", pk=invitation.pk)
    messages.success(request, _("The outcome was recorded."))
    return redirect("careers:invitation_detail", pk=invitation.pk)


def _place(request: HttpRequest, invitation: Invitation, form: PlacementForm) -> bool:
    """Record the placement of a valid ``form``; False with the reason on the form."""
    data = form.cleaned_data
    try:
        services.create_placement(
            user=request.user,
            invitation=invitation,
            lis1_start=data["lis1_start"],
            municipal_lis1_start=data["municipal_lis1_start"],
            municipal_lis1_end=data["municipal_lis1_end"],
            alis_start=data["alis_start"],
            request=request,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return False
    return True


@staff_required
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = permissions.invitation_for_municipality(request.user, pk)
    posting = selectors.accepted_lis1_posting(invitation.track, invitation.candidate_id)
    form = PlacementForm(
        request.POST or None,
        initial={"lis1_start": posting.start_date if posting else None},
    )
    if request.method == "POST" and form.is_valid() and _place(request, invitation, form):
        messages.success(
            request,
            _("The placement is recorded. %(name)s can see the whole path now.")
            % {"name": invitation.candidate},
        )
        return redirect("careers:placements")
    return render(
        request,
        "careers/tracks/manage/placement_form.html",
        {"invitation": invitation, "posting": posting, "form": form, "placement": None},
    )


# --- Staff: placements ----------------------------------------------------------------------


@staff_required
def placements(request):
    permissions.require_track_staff(request.user)
    page = Paginator(selectors.placements_for_staff(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "careers/tracks/manage/placement_list.html",
        {"page": page, "is_manager": permissions.may_manage_tracks(request.user)},
    )


@staff_required
def placement_edit(request, pk):
    placement = permissions.placement_for_staff(request.user, pk)
    form = PlacementEditForm(request.POST or None, instance=placement)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = merging.save_merged(  # only what was changed on this page (portal/merge.py)
                form,
                lock=lambda: merging.lock_row(placement),
                save=lambda stored: services.update_placement(
                    user=request.user, placement=stored, request=request
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if saved is not None:
                messages.success(request, _("The placement was saved."))
                return redirect("careers:placements")
    return render(
        request,
        "careers/tracks/manage/placement_form.html",
        {"placement": placement, "form": form, "invitation": placement.invitation},
        status=409 if form.merge_conflicts else 200,
    )
