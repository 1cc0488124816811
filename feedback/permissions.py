"""Who may see and run surveys. Views call these; templates only hide buttons.

Decisions:
- The recruitment coordinator runs the survey work: templates, campaigns, invitations,
  and reads the results of every campaign, the total included.
- A unit's leaders are the staff who act for the unit's organisation (``portal.permissions
  .can_act_for``: a membership in the organisation or an organisation above it – a
  department head of the hospital, the trust's recruiter, the municipality's chief
  physician). They read the results of the campaigns that cover one of their units, for
  those units only – not the total, not other employers' units. Suppression is decided
  over all units before their view is narrowed, so seeing less never reveals more.
- Everyone else gets 404, so the existence of a campaign is not revealed. Leaders who may
  look at a campaign but not run it get 403 on the coordinator's actions.
- Respondents are never identified by a login: the single-use link is the only key.
- Anyone sees a unit's public page; an unknown unit is 404.

The ``*_for_<persona>`` functions return the one object a persona may see, or raise 404;
feedback.selectors only read.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from feedback.models import Campaign, SurveyTemplate
from portal import permissions
from portal.models import Unit, User


def may_run_surveys(user: User) -> bool:
    return permissions.is_coordinator(user)


def require_coordinator(user: User) -> None:
    if not may_run_surveys(user):
        raise Http404


def campaigns_for(user: User) -> QuerySet[Campaign]:
    if may_run_surveys(user):
        return Campaign.objects.all()
    return Campaign.objects.filter(
        units__organisation_id__in=permissions.acting_organisation_ids(user)
    ).distinct()


def campaign_for(user: User, pk: int) -> Campaign:
    """A campaign the user may look at (coordinator or a leader of one of its units)."""
    return get_object_or_404(campaigns_for(user), pk=pk)


def campaign_to_run(user: User, pk: int) -> Campaign:
    """A campaign the user may change: 404 for outsiders, 403 for its units' leaders."""
    campaign = campaign_for(user, pk)
    if not may_run_surveys(user):
        raise PermissionDenied
    return campaign


def template_to_run(user: User, pk: int) -> SurveyTemplate:
    require_coordinator(user)
    return get_object_or_404(SurveyTemplate, pk=pk)


def result_keys_for(user: User, campaign: Campaign) -> set | None:
    """The result groups the user may read: None means all (the coordinator)."""
    if may_run_surveys(user):
        return None
    acting = permissions.acting_organisation_ids(user)
    return {unit.pk for unit in campaign.units.all() if unit.organisation_id in acting}


def unit_for_public(pk: int) -> Unit:
    return get_object_or_404(Unit.objects.select_related("organisation"), pk=pk)
