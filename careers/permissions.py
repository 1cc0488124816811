"""Who may do what in careers. Views and selectors call these; templates only hide buttons.

- The coordinator edits the career pages and may manage every event and onboarding.
- An event is managed by staff of any of its organising organisations (and the
  coordinator); everyone else gets 404 on its attendee list.
- An onboarding is managed by staff acting for the employer; the newcomer sees their own.
- Anyone sees the career stages, the two paths and every event; an unknown one is 404.

The ``*_for_<persona>`` functions return the one object a persona may see, or raise 404;
careers.selectors only read.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from careers import selectors
from careers.models import CareerStage, ChecklistItem, Event, Onboarding
from portal import permissions
from portal.models import User


def may_edit_career_pages(user: User | AnonymousUser) -> bool:
    return permissions.is_coordinator(user)


def may_create_information_evenings(user: User | AnonymousUser) -> bool:
    return permissions.is_coordinator(user)


def may_manage_event(user: User | AnonymousUser, organiser_ids: Iterable[int]) -> bool:
    if permissions.is_coordinator(user):
        return True
    acting = permissions.acting_organisation_ids(user)
    return any(org_id in acting for org_id in organiser_ids)


def require_career_page_editor(user: User | AnonymousUser) -> None:
    """404 for anyone who may not edit the career pages."""
    if not may_edit_career_pages(user):
        raise Http404


def require_information_evening_creator(user: User | AnonymousUser) -> None:
    """404 for anyone who may not create information evenings."""
    if not may_create_information_evenings(user):
        raise Http404


def may_manage_onboarding(user: User, onboarding: Onboarding) -> bool:
    return permissions.can_act_for(user, onboarding.organisation_id)


def stage_for_public(key: str) -> CareerStage:
    return get_object_or_404(CareerStage, key=key)


def path_for_public(path: str) -> str:
    """The path's key; 404 for an unknown path."""
    if path not in selectors.PATHS:
        raise Http404
    return path


def event_for_public(pk: int) -> Event:
    return get_object_or_404(selectors.with_counts(Event.objects.all()), pk=pk)


def public_event(pk: int) -> Event:
    """Any event, as anyone may see it (to register or cancel), without the counts."""
    return get_object_or_404(Event, pk=pk)


def event_for_organiser(user: User, pk: int) -> Event:
    """404 for anyone who may not manage the event."""
    return get_object_or_404(selectors.with_counts(selectors.events_for_staff(user)), pk=pk)


def onboarding_for_staff(user: User, pk: int) -> Onboarding:
    """404 for anyone who does not act for the employer."""
    onboarding = get_object_or_404(
        Onboarding.objects.select_related("organisation", "newcomer", "buddy", "posting"), pk=pk
    )
    if not may_manage_onboarding(user, onboarding):
        raise Http404
    return onboarding


def item_of_onboarding(onboarding: Onboarding, item_pk: int) -> ChecklistItem:
    """A checklist item of an onboarding the caller already got through
    ``onboarding_for_staff``; 404 for an item of another onboarding."""
    return get_object_or_404(ChecklistItem, pk=item_pk, onboarding=onboarding)
