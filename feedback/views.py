from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from feedback import permissions, selectors, services
from feedback.forms import (
    CampaignForm,
    InviteForm,
    SurveyForm,
    template_data,
    template_forms,
)
from feedback.models import SurveyVersion
from portal import exports
from portal.clock import arrived
from portal.permissions import staff_required
from recruitment import selectors as recruitment_selectors

# --- Respondents ------------------------------------------------------------------------------


def _link_page(request, state: selectors.LinkState, invitation=None):
    return render(
        request,
        "feedback/survey_link.html",
        {"state": state.value, "campaign": invitation.campaign if invitation else None},
        status=404 if state == selectors.LinkState.UNKNOWN else 200,
    )


@sensitive_post_parameters()
@never_cache
def survey(request, token):
    """The respondent's page, reached only through the single-use link. Nothing about the
    person is read from the request: not the login, not the address, not the browser."""
    invitation = selectors.invitation_for_token(services.hash_token(token))
    state = selectors.link_state(invitation)
    if state != selectors.LinkState.VALID:
        return _link_page(request, state, invitation)
    campaign = invitation.campaign
    form = SurveyForm(request.POST or None, questions=selectors.survey_questions(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(token=token, answers=form.answers())
        except services.LinkUnusable as unusable:
            return _link_page(request, unusable.state, invitation)
        # The thank-you page is told the campaign's limits in its address: the survey keeps
        # nothing in a session (portal/sessions.py).
        query = urlencode({"k": campaign.k, "k_text": campaign.k_text})
        return redirect(f"{reverse('feedback:thanks')}?{query}")
    return render(
        request,
        "feedback/survey.html",
        {"form": form, "campaign": campaign, "version": campaign.version},
    )


@never_cache
def thanks(request):
    return render(
        request,
        "feedback/survey_thanks.html",
        {"k": _limit(request, "k", 5), "k_text": _limit(request, "k_text", 10)},
    )


def _limit(request, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    return int(value) if value.isdecimal() and 3 <= int(value) <= 1000 else default


# --- Public unit page -------------------------------------------------------------------------


def unit_detail(request, pk):
    unit = permissions.unit_for_public(pk)
    postings = recruitment_selectors.open_postings(arrived(request)).filter(unit=unit)
    return render(request, "feedback/unit_detail.html", {"unit": unit, "postings": postings})


# --- Campaigns --------------------------------------------------------------------------------


@staff_required
def campaign_list(request):
    campaigns = (
        selectors.with_counts(permissions.campaigns_for(request.user))
        .prefetch_related("units")
        .order_by("-opens_on", "-pk")
    )
    page = Paginator(campaigns, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/campaign_list.html",
        {
            "page": page,
            "may_run": permissions.may_run_surveys(request.user),
            "today": timezone.localdate(),
        },
    )


@staff_required
def campaign_create(request):
    permissions.require_coordinator(request.user)
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None, initial={"opens_on": today, "closes_on": today + timedelta(days=21)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                user=request.user,
                template=data["template"],
                title=data["title"],
                units=list(data["units"]),
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                k=data["k"],
                k_text=data["k_text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The campaign is created. Now invite the respondents."))
            return redirect(campaign)
    return render(request, "feedback/campaign_form.html", {"form": form})


def _campaign_page(request, campaign, invite_form=None, status=200):
    may_run = permissions.may_run_surveys(request.user)
    if invite_form is None and may_run and not campaign.is_closed():
        invite_form = InviteForm(campaign=campaign)
    return render(
        request,
        "feedback/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": selectors.campaign_progress(campaign),
            "units": campaign.units.select_related("organisation"),
            "invite_form": invite_form,
            "may_run": may_run,
        },
        status=status,
    )


@staff_required
def campaign_detail(request, pk):
    campaign = permissions.campaign_for(request.user, pk)
    return _campaign_page(request, campaign)


def _tell_invited(request: HttpRequest, outcome: services.InviteOutcome) -> None:
    count = len(outcome.invited)
    messages.success(
        request,
        ngettext(
            "%(count)d person invited; the link is on its way.",
            "%(count)d people invited; the links are on their way.",
            count,
        )
        % {"count": count},
    )
    if outcome.already_invited:
        messages.info(
            request,
            _("Already invited, so skipped: %(list)s")
            % {"list": ", ".join(outcome.already_invited)},
        )


@staff_required
@require_POST
def campaign_invite(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.campaign_to_run(request.user, pk)
    form = InviteForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            outcome = services.invite(
                user=request.user,
                campaign=campaign,
                unit=form.cleaned_data["unit"],
                emails=form.cleaned_data["emails"],
                include_members=form.cleaned_data["include_members"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _tell_invited(request, outcome)
            return redirect(campaign)
    return _campaign_page(request, campaign, invite_form=form)


@staff_required
def campaign_results(request, pk):
    campaign = permissions.campaign_for(request.user, pk)
    results = selectors.campaign_results(
        campaign, permissions.result_keys_for(request.user, campaign)
    )
    selected = results.group(request.GET.get("group")) or (
        results.groups[0] if results.groups else None
    )
    return render(
        request,
        "feedback/campaign_results.html",
        {
            "campaign": campaign,
            "results": results,
            "selected": selected,
            "progress": selectors.campaign_progress(campaign),
            "may_run": permissions.may_run_surveys(request.user),
        },
    )


@staff_required
def campaign_results_csv(request, pk):
    campaign = permissions.campaign_for(request.user, pk)
    results = selectors.campaign_results(
        campaign, permissions.result_keys_for(request.user, campaign)
    )
    return exports.csv_response(selectors.results_table(results), f"survey-results-{campaign.pk}")


# --- Templates --------------------------------------------------------------------------------


@staff_required
def template_list(request):
    permissions.require_coordinator(request.user)
    return render(
        request, "feedback/template_list.html", {"templates": selectors.survey_templates()}
    )


@staff_required
def template_detail(request, pk):
    template = permissions.template_to_run(request.user, pk)
    version = selectors.latest_version(template)
    return render(
        request,
        "feedback/template_detail.html",
        {
            "template": template,
            "version": version,
            "questions": version.questions.prefetch_related("choices") if version else [],
            "versions": selectors.versions_with_campaigns(template),
        },
    )


def _saved_message(version: SurveyVersion | None, saved: SurveyVersion) -> str:
    if version and saved.pk != version.pk:
        return _(
            "Saved as version %(number)d. Campaigns already run keep the version they used."
        ) % {"number": saved.number}
    return _("The survey is saved.")


@staff_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = permissions.template_to_run(request.user, pk)
    version = selectors.latest_version(template)
    questions = services.question_data(version) if version else []
    form, formset = template_forms(request.POST or None, template, version, questions)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.save_template(
                user=request.user, template=template, data=template_data(form, formset)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(version, saved))
            return redirect(template)
    return render(
        request,
        "feedback/template_form.html",
        {
            "template": template,
            "version": version,
            "form": form,
            "formset": formset,
            "in_use": bool(version and version.campaigns.exists()),
        },
    )


@staff_required
@require_POST
def template_copy(request, pk):
    template = permissions.template_to_run(request.user, pk)
    copy = services.copy_template(user=request.user, template=template)
    messages.success(request, _("A copy is made. Edit it as you like."))
    return redirect("feedback:template_edit", pk=copy.pk)


@staff_required
def template_trends(request, pk):
    template = permissions.template_to_run(request.user, pk)
    units = list(selectors.surveyed_units(template))
    group = request.GET.get("group", selectors.TOTAL)
    unit = next((u for u in units if str(u.pk) == group), None)
    themes, points = selectors.template_trends(template, unit.pk if unit else selectors.TOTAL)
    return render(
        request,
        "feedback/template_trends.html",
        {"template": template, "units": units, "unit": unit, "themes": themes, "points": points},
    )
