"""Who may do what in careers. Views and selectors call these; templates only hide buttons.

- The coordinator edits the career pages and may manage every event and onboarding.
- An event is managed by staff of any of its organising organisations (and the
  coordinator); everyone else gets 404 on its attendee list.
- An onboarding is managed by staff acting for the employer; the newcomer sees their own.
"""

from portal import permissions


def may_edit_career_pages(user) -> bool:
    return permissions.is_coordinator(user)


def may_create_information_evenings(user) -> bool:
    return permissions.is_coordinator(user)


def may_manage_event(user, organiser_ids) -> bool:
    if permissions.is_coordinator(user):
        return True
    acting = permissions.acting_organisation_ids(user)
    return any(org_id in acting for org_id in organiser_ids)


def may_manage_onboarding(user, onboarding) -> bool:
    return permissions.can_act_for(user, onboarding.organisation_id)
