"""Thin views of the employer workflow: parse with a form, call a service or selector,
render. Access rules are in recruitment.hiring.permissions."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import audit, confirmation
from portal import merge as merging
from portal.clock import arrived
from portal.forms import error_messages
from portal.permissions import staff_required
from recruitment import permissions as recruitment_permissions
from recruitment.hiring import calendar, permissions, selectors, services
from recruitment.hiring.forms import (
    AcceptForm,
    AssessmentForm,
    ConfirmedOfferForm,
    ExemptionDecisionForm,
    InviteForm,
    OfferForm,
    OptionalReasonForm,
    ParticipantForm,
    ReasonForm,
    SlotForm,
    UpgradePolicyForm,
    WaveForm,
)
from recruitment.models import (
    Choice,
    ChoiceStatus,
    InterviewAssessment,
    InterviewInvitation,
    OfferWave,
    Posting,
)


def _posting_context(posting) -> dict:
    return {"posting": posting, "fill": selectors.fill_state(posting)}


# --- Interviews (employer) -----------------------------------------------------------------


def _publish_slots(request: HttpRequest, posting: Posting, form: SlotForm) -> bool:
    """Publish the interview times of ``form``; False with the reason on the form."""
    if not form.is_valid():
        return False
    try:
        slots = services.create_slots(user=request.user, posting=posting, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(
        request,
        ngettext("%(n)d interview time published.", "%(n)d interview times published.", len(slots))
        % {"n": len(slots)},
    )
    return True


def _interviews_context(
    request: HttpRequest, posting: Posting, manages: bool, slot_form: SlotForm
) -> dict:
    candidates = list(selectors.invitable_choices(request.user, posting)) if manages else []
    return {
        **_posting_context(posting),
        "manages": manages,
        "slots": selectors.slots_with_bookings(posting),
        "slot_form": slot_form,
        "invite_form": InviteForm(candidates=candidates),
        "candidates": candidates,
        "invited": selectors.invited_choices(posting),
        "participants": selectors.interview_participants(posting),
        "participant_form": ParticipantForm(),
    }


@staff_required
def interviews(request: HttpRequest, pk: int) -> HttpResponse:
    """The posting's interview plan: participants, slots and bookings, invitations."""
    posting = permissions.posting_for_interviewer(request.user, pk)
    manages = permissions.may_manage(request.user, posting)
    slot_form = SlotForm(
        request.POST or None, interviewers=selectors.possible_interviewers(posting)
    )
    if request.method == "POST" and (not manages or _publish_slots(request, posting, slot_form)):
        return redirect("recruitment:hiring_interviews", pk=posting.pk)
    return render(
        request,
        "recruitment/hiring/interviews.html",
        _interviews_context(request, posting, manages, slot_form),
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def invite(request, pk):
    posting = permissions.posting_for_employer(request.user, pk)
    candidates = list(selectors.invitable_choices(request.user, posting))
    form = InviteForm(request.POST, candidates=candidates)
    if not form.is_valid():
        error_messages(request, form)
        return redirect("recruitment:hiring_interviews", pk=posting.pk)
    chosen = [c for c in candidates if c.pk in set(form.cleaned_data["choices"])]
    try:
        count = services.invite_to_interview(
            user=request.user, posting=posting, choices=chosen, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d candidate invited. They are e-mailed and book a time themselves.",
                "%(n)d candidates invited. They are e-mailed and book a time themselves.",
                count,
            )
            % {"n": count},
        )
    return redirect("recruitment:hiring_interviews", pk=posting.pk)


@staff_required
@require_POST
def participant_add(request, pk):
    posting = permissions.posting_for_employer(request.user, pk)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        try:
            services.add_participant(
                user=request.user, posting=posting, organisation=form.cleaned_data["organisation"]
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("%(name)s now takes part in the interviews.")
                % {"name": form.cleaned_data["organisation"].name},
            )
    else:
        error_messages(request, form)
    return redirect("recruitment:hiring_interviews", pk=posting.pk)


@staff_required
@require_POST
def participant_remove(request, pk, participant_pk):
    posting = permissions.posting_for_employer(request.user, pk)
    participant = permissions.participant_of_posting(posting, participant_pk)
    services.remove_participant(user=request.user, participant=participant)
    messages.success(request, _("The organisation no longer takes part."))
    return redirect("recruitment:hiring_interviews", pk=posting.pk)


@staff_required
@require_POST
def slot_cancel(request, pk):
    slot = permissions.slot_for_employer(request.user, pk)
    back_url = reverse("recruitment:hiring_interviews", args=[slot.posting_id])
    try:
        if not confirmation.is_confirmed(request):
            services.check_cancellable_slot(slot)
            return confirmation.ask(
                request,
                "recruitment/hiring/confirm_slot_cancel.html",
                {
                    **_posting_context(slot.posting),
                    "slot": slot,
                    "bookings": list(selectors.slot_bookings(slot)),
                },
                confirm_label=_("Yes, cancel the time"),
                cancel_url=back_url,
            )
        count = services.cancel_slot(user=request.user, slot=slot)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _slot_cancelled(count))
    return redirect(back_url)


def _slot_cancelled(count: int) -> str:
    return ngettext(
        "The time was cancelled; %(n)d candidate is told to book another.",
        "The time was cancelled; %(n)d candidates are told to book another.",
        count,
    ) % {"n": count}


@staff_required
def slot_ics(request, pk):
    slot = permissions.slot_for_interviewer(request.user, pk)
    return calendar.ics_response(calendar.slot_ics(slot), f"interview-{slot.pk}.ics")


@staff_required
def staff_interviews(request):
    """The interviews of the postings the user interviews for, today and later."""
    return render(
        request,
        "recruitment/hiring/staff_interviews.html",
        {"slots": selectors.staff_interviews(request.user)},
    )


@staff_required
def assessment(request, pk):
    """One interviewer's notes and scores on a candidate, and their colleagues'."""
    choice = permissions.choice_for_interviewer(request.user, pk)
    mine = InterviewAssessment.objects.filter(choice=choice, author=request.user).first()
    form = AssessmentForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.save_assessment(user=request.user, choice=choice, **fields)
        messages.success(request, _("Your assessment was saved."))
        return redirect("recruitment:hiring_assessment", pk=choice.pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        obj=choice,
        subject_user_id=choice.application.applicant_id,
        detail="interview assessments",
        request=request,
    )
    return render(
        request,
        "recruitment/hiring/assessment.html",
        {
            "choice": choice,
            "posting": choice.posting,
            "form": form,
            "assessments": selectors.visible_assessments(request.user, choice),
            "manages": permissions.may_manage(request.user, choice.posting),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Offers and the reserve list (employer) ------------------------------------------------


def _offer_form(request, posting, candidates, data=None):
    round = posting.round
    waves = selectors.pending_waves(round)
    return OfferForm(
        data,
        candidates=candidates,
        waves=waves if waves.exists() else None,
        default_respond_by=services.default_respond_by(),
        start_date=posting.start_date,
    )


def _ask_offer(request, choice, plan, *, back_url, pin=None, **extra):
    """The confirmation page of every offer — made with the form, to the next on the
    reserve list or from the last list. It pins the answer deadline it shows, so the
    confirmed offer is answered by exactly that (a wave's offers by the wave's)."""
    pin = dict(pin or {})
    if plan.wave is None:
        pin["respond_by"] = timezone.localtime(plan.respond_by).isoformat()
    return confirmation.ask(
        request,
        "recruitment/hiring/confirm_offer.html",
        {
            **_posting_context(choice.posting),
            "choice": choice,
            "candidate": choice.application.applicant,
            "plan": plan,
            "on_reserve": choice.status == ChoiceStatus.RESERVE,
            **extra,
        },
        confirm_label=_("Yes, prepare the offer") if plan.wave else _("Yes, send the offer"),
        cancel_url=back_url,
        pin=pin,
        change_label=_("Change the offer") if "terms" in extra else "",
    )


def _offer_made(request, offer) -> None:
    name = offer.application.applicant.full_name or offer.application.applicant.email
    if offer.wave_id:
        message = _("The offer to %(name)s is prepared for %(wave)s and released %(when)s.") % {
            "name": name,
            "wave": offer.wave,
            "when": services.format_local(offer.wave.offers_at),
        }
    else:
        message = _("The offer to %(name)s was sent. %(name)s answers by %(when)s.") % {
            "name": name,
            "when": services.format_local(offer.respond_by),
        }
    messages.success(request, message)


def _make_offer(request: HttpRequest, posting: Posting, form: OfferForm) -> HttpResponse | None:
    """The offer of a valid ``form``: first the confirmation page, once confirmed made.
    None with the reason on the form when refused."""
    choice = permissions.choice_to_offer(posting, form.cleaned_data["choice"])
    offered = {
        "wave": form.cleaned_data.get("wave"),
        "respond_by": form.cleaned_data.get("respond_by"),
    }
    details = {"start_date": form.cleaned_data["start_date"], "terms": form.cleaned_data["terms"]}
    try:
        if not confirmation.is_confirmed(request):
            plan = services.plan_offer(choice, **offered)
            return _ask_offer(request, choice, plan, back_url=request.path, **details)
        offer = services.make_offer(user=request.user, choice=choice, **offered, **details)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    _offer_made(request, offer)
    return redirect("recruitment:hiring_offers", pk=posting.pk)


def _offers_context(posting: Posting, candidates: list[Choice], form: OfferForm) -> dict:
    fill = selectors.fill_state(posting)
    reserve = list(selectors.reserve_list(posting))
    round = posting.round
    return {
        "posting": posting,
        "fill": fill,
        "round": round,
        "waves": selectors.pending_waves(round),
        "calendar": selectors.round_waves(round) if round else [],
        "offers": selectors.posting_offers(posting),
        "candidates": candidates,
        "form": form,
        "reserve": reserve,
        "next_reserve": reserve[0] if reserve and fill.free else None,
        "withdraw_form": OptionalReasonForm(),
        "cancel_form": ReasonForm(),
    }


@staff_required
def offers(request: HttpRequest, pk: int) -> HttpResponse:
    posting = permissions.posting_for_employer(request.user, pk)
    candidates = list(selectors.offer_candidates(request.user, posting))
    form = _offer_form(request, posting, candidates, request.POST or None)
    acting = request.method == "POST" and not confirmation.wants_change(request)
    if acting and form.is_valid():
        answer = _make_offer(request, posting, form)
        if answer is not None:
            return answer
    context = _offers_context(posting, candidates, form)
    if request.method == "GET":
        # The page names every candidate with an offer or on the reserve list.
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            obj=posting,
            organisation_id=posting.employer_id,
            detail="offers and reserve list",
            request=request,
        )
    return render(request, "recruitment/hiring/offers.html", context, status=400 if acting else 200)


@staff_required
@require_POST
def offer_next_reserve(request, pk):
    posting = permissions.posting_for_employer(request.user, pk)
    back_url = reverse("recruitment:hiring_offers", args=[posting.pk])
    pinned = ConfirmedOfferForm(request.POST)
    pinned.is_valid()
    try:
        if not confirmation.is_confirmed(request):
            choice = services.next_reserve(posting)
            plan = services.plan_offer(choice)
            return _ask_offer(request, choice, plan, back_url=back_url, pin={"choice": choice.pk})
        offer = services.offer_next_reserve(
            user=request.user,
            posting=posting,
            expected_choice_id=pinned.cleaned_data.get("choice"),
            respond_by=pinned.cleaned_data.get("respond_by"),
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        _offer_made(request, offer)
    return redirect(back_url)


@staff_required
@require_POST
def offer_from_list(request, pk, choice_pk):
    """Hire from the last list: offer the post to one of the posting's applicants."""
    posting = permissions.posting_for_employer(request.user, pk)
    # Any applicant of the posting, not only those still on the list: a confirmation sent
    # twice, or after the candidate moved on, is answered with the reason, not a 404.
    choice = permissions.posting_choice_for_employer(request.user, posting, choice_pk)
    back_url = reverse("recruitment:hiring_last_list", args=[posting.pk])
    pinned = ConfirmedOfferForm(request.POST)
    pinned.is_valid()
    try:
        if not confirmation.is_confirmed(request):
            return _ask_offer(request, choice, services.plan_offer(choice), back_url=back_url)
        offer = services.make_offer(
            user=request.user, choice=choice, respond_by=pinned.cleaned_data.get("respond_by")
        )
    except ValidationError as error:
        error_messages(request, error)
        return redirect(back_url)
    _offer_made(request, offer)
    return redirect("recruitment:hiring_offers", pk=posting.pk)


@staff_required
@require_POST
def offer_withdraw(request, pk):
    offer = permissions.offer_for_employer(request.user, pk)
    back_url = reverse("recruitment:hiring_offers", args=[offer.choice.posting_id])
    form = OptionalReasonForm(request.POST)
    if not form.is_valid():
        error_messages(request, form)
        return redirect(back_url)
    try:
        if not confirmation.is_confirmed(request):
            services.check_withdrawable(offer)
            return confirmation.ask(
                request,
                "recruitment/hiring/confirm_withdraw.html",
                {
                    **_posting_context(offer.choice.posting),
                    "offer": offer,
                    "candidate": offer.application.applicant,
                    "reason": form.cleaned_data["reason"].strip(),
                },
                confirm_label=_("Yes, withdraw the offer"),
                cancel_url=back_url + f"#offer-{offer.pk}",
            )
        services.withdraw_offer(user=request.user, offer=offer, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The offer was withdrawn."))
    return redirect(back_url)


@staff_required
@require_POST
def offer_cancel(request, pk):
    offer = permissions.offer_for_employer(request.user, pk)
    back_url = reverse("recruitment:hiring_offers", args=[offer.choice.posting_id])
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the post is vacant again."))
        return redirect(back_url)
    try:
        if not confirmation.is_confirmed(request):
            services.check_cancellable_acceptance(offer)
            return confirmation.ask(
                request,
                "recruitment/hiring/confirm_cancel_acceptance.html",
                {
                    **_posting_context(offer.choice.posting),
                    "offer": offer,
                    "candidate": offer.application.applicant,
                    "reason": form.cleaned_data["reason"].strip(),
                },
                confirm_label=_("Yes, cancel the acceptance"),
                cancel_url=back_url + f"#offer-{offer.pk}",
            )
        services.cancel_acceptance(
            user=request.user, offer=offer, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The acceptance was cancelled; the post is vacant again."))
    return redirect(back_url)


@staff_required
@require_POST
def reserve(request, pk):
    """Add to, move on or remove from the reserve list (``action`` = add/up/down/remove)."""
    posting = permissions.posting_for_employer(request.user, pk)
    action = request.POST.get("action", "")
    choice_id = request.POST.get("choice", "")
    if not choice_id.isdecimal() or action not in {"add", "up", "down", "remove"}:
        messages.error(request, _("Choose a candidate."))
        return redirect("recruitment:hiring_offers", pk=posting.pk)
    choice = permissions.posting_choice_for_employer(request.user, posting, int(choice_id))
    try:
        if action == "add":
            services.add_to_reserve(user=request.user, posting=posting, choices=[choice])
            message = _("Added to the reserve list.")
        elif action == "remove":
            services.remove_from_reserve(user=request.user, posting=posting, choice=choice)
            message = _("Removed from the reserve list.")
        else:
            offset = -1 if action == "up" else 1
            services.move_on_reserve(
                user=request.user, posting=posting, choice=choice, offset=offset
            )
            message = _("The reserve list was reordered.")
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, message)
    return redirect(reverse("recruitment:hiring_offers", args=[posting.pk]) + "#reserve-heading")


@staff_required
def last_list(request, pk):
    posting = permissions.posting_for_employer(request.user, pk)
    return render(
        request,
        "recruitment/hiring/last_list.html",
        {
            **_posting_context(posting),
            "round": posting.round,
            "choices": selectors.last_list(request.user, posting),
        },
    )


# --- Public applicant list -----------------------------------------------------------------


@staff_required
def public_list_manage(request, pk):
    posting = permissions.posting_for_employer(request.user, pk)
    return render(
        request,
        "recruitment/hiring/public_list_manage.html",
        {
            **_posting_context(posting),
            "requests": [
                (choice, ExemptionDecisionForm(prefix=f"d{choice.pk}"))
                for choice in selectors.exemption_requests(posting)
            ],
            "problems": services.publication_problems(posting),
            "published": selectors.published_list(posting),
            "public_list": selectors.build_public_list(posting),
        },
    )


@staff_required
@require_POST
def exemption_decide(request, pk, choice_pk):
    posting = permissions.posting_for_employer(request.user, pk)
    choice = permissions.public_list_choice(selectors.public_list_choices(posting), choice_pk)
    form = ExemptionDecisionForm(request.POST, prefix=f"d{choice.pk}")
    if form.is_valid():
        try:
            services.decide_exemption(
                user=request.user,
                choice=choice,
                granted=form.cleaned_data["granted"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _("The decision was saved; %(name)s is told by e-mail.")
                % {"name": choice.application.applicant},
            )
    else:
        messages.error(request, _("Choose a decision and give the reason."))
    return redirect("recruitment:hiring_public_list_manage", pk=posting.pk)


@staff_required
@require_POST
def public_list_publish(request, pk):
    posting = permissions.posting_for_employer(request.user, pk)
    if request.POST.get("action") == "unpublish":
        services.unpublish_public_list(user=request.user, posting=posting)
        messages.success(request, _("The public applicant list was taken down."))
        return redirect("recruitment:hiring_public_list_manage", pk=posting.pk)
    try:
        services.publish_public_list(user=request.user, posting=posting)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The public applicant list is published."))
    return redirect("recruitment:hiring_public_list_manage", pk=posting.pk)


def public_list(request, slug):
    """The published applicant list at a stable public address."""
    posting = recruitment_permissions.posting_for_public(slug, arrived(request))
    published = permissions.published_list_for_public(selectors.published_list(posting))
    return render(
        request,
        "recruitment/hiring/public_list.html",
        {
            "posting": posting,
            "published": published,
            "public_list": selectors.build_public_list(posting),
        },
    )


# --- Wave calendar (coordinator) -----------------------------------------------------------


@staff_required
def waves(request, pk):
    round = permissions.round_for_coordinator(request.user, pk)
    form = WaveForm(request.POST or None, instance=OfferWave(round=round))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_wave(user=request.user, wave=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The wave was added to the calendar."))
            return redirect("recruitment:hiring_waves", pk=round.pk)
    return render(
        request,
        "recruitment/hiring/waves.html",
        {
            "round": round,
            "waves": selectors.round_waves(round),
            "form": form,
            "policy_form": UpgradePolicyForm(
                initial={"allow_upgrade": services.allows_upgrade(round)}
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def wave_edit(request, pk):
    wave = permissions.wave_for_coordinator(request.user, pk)
    # The page names the wave as stored; the form's copy takes what was typed.
    form = WaveForm(request.POST or None, instance=copy.copy(wave))
    if request.method == "POST" and form.is_valid():
        try:
            # Only the times changed on this page (portal/merge.py); locks in
            # save_wave's order: the round, then the wave.
            saved = merging.save_merged(
                form,
                lock=lambda: services.lock_wave(wave),
                save=lambda stored: services.save_wave(user=request.user, wave=stored),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved is not None:
                messages.success(request, _("The wave was changed."))
                return redirect("recruitment:hiring_waves", pk=wave.round_id)
    return render(
        request,
        "recruitment/hiring/wave_form.html",
        {
            "wave": wave,
            "round": wave.round,
            "form": form,
            "state": wave.state_at(timezone.now()),
        },
        status=409 if form.merge_conflicts else 400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def wave_delete(request, pk):
    wave = permissions.wave_for_coordinator(request.user, pk)
    try:
        services.delete_wave(user=request.user, wave=wave)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The wave was deleted."))
    return redirect("recruitment:hiring_waves", pk=wave.round_id)


@staff_required
@require_POST
def upgrade_policy(request, pk):
    round = permissions.round_for_coordinator(request.user, pk)
    form = UpgradePolicyForm(request.POST)
    form.is_valid()
    services.set_upgrade_policy(
        user=request.user, round=round, allow_upgrade=form.cleaned_data.get("allow_upgrade", False)
    )
    messages.success(request, _("The offer rules were saved."))
    return redirect("recruitment:hiring_waves", pk=round.pk)


# --- Candidate -----------------------------------------------------------------------------


def _book(request: HttpRequest, invitation: InterviewInvitation) -> HttpResponse:
    choice = invitation.choice
    slot = selectors.bookable_slot(choice.posting, request.POST.get("slot", ""))
    if slot is None:
        messages.error(request, _("Choose a time."))
        return redirect("recruitment:hiring_book", pk=invitation.pk)
    try:
        services.book_slot(user=request.user, invitation=invitation, slot=slot)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("recruitment:hiring_book", pk=invitation.pk)
    messages.success(
        request,
        _("Your interview is booked for %(when)s.")
        % {"when": services.format_local(slot.starts_at)},
    )
    return redirect(choice.application)


@login_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose, or change, the time of an interview."""
    invitation = permissions.invitation_for_applicant(request.user, pk)
    if request.method == "POST":
        return _book(request, invitation)
    choice = invitation.choice
    current = selectors.current_booking(choice)
    return render(
        request,
        "recruitment/hiring/book.html",
        {
            "invitation": invitation,
            "choice": choice,
            "posting": choice.posting,
            "current": current,
            "slots": selectors.open_slots(choice.posting),
            "change_deadline": selectors.change_deadline(current.slot) if current else None,
        },
    )


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = permissions.booking_for_applicant(request.user, pk)
    try:
        services.cancel_booking(user=request.user, booking=booking)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Your interview time was cancelled. You can book another."))
    return redirect(booking.choice.application)


@login_required
def booking_ics(request, pk):
    booking = permissions.booking_for_applicant(request.user, pk)
    return calendar.ics_response(calendar.booking_ics(booking), f"interview-{booking.pk}.ics")


@login_required
def my_offers(request):
    """Compare offers and answer them."""
    offers = list(selectors.applicant_offers(request.user))
    return render(
        request,
        "recruitment/hiring/my_offers.html",
        {
            "open_offers": [o for o in offers if o.status == "open"],
            "other_offers": [o for o in offers if o.status != "open"],
            "now": timezone.now(),
        },
    )


def _answer(request, pk, accept: bool):
    offer = permissions.offer_for_applicant(request.user, pk)
    upgrade = accept and services.allows_upgrade(offer.application.round)
    form = AcceptForm(request.POST or None) if upgrade else None
    if request.method == "POST":
        try:
            if accept:
                with_upgrade = bool(form and form.is_valid() and form.cleaned_data["with_upgrade"])
                services.accept_offer(user=request.user, offer=offer, with_upgrade=with_upgrade)
                message = _("You accepted “%(title)s”. Congratulations!")
            else:
                services.decline_offer(user=request.user, offer=offer)
                message = _("You declined “%(title)s”.")
        except ValidationError as error:
            error_messages(request, error)
            return redirect("recruitment:my_offers")
        messages.success(request, message % {"title": offer.choice.posting.title})
        return redirect("recruitment:my_offers")
    if offer.status != "open":
        messages.info(request, _("This offer can no longer be answered."))
        return redirect("recruitment:my_offers")
    consequences = selectors.acceptance_consequences(offer) if accept else None
    return render(
        request,
        "recruitment/hiring/offer_answer.html",
        {"offer": offer, "accept": accept, "form": form, "consequences": consequences},
    )


@login_required
def offer_accept(request, pk):
    """Two steps: this page says what accepting means, the button confirms."""
    return _answer(request, pk, accept=True)


@login_required
def offer_decline(request, pk):
    return _answer(request, pk, accept=False)
