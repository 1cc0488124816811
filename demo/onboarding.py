"""Demo data for buddies and onboarding checklists (CR), through careers.services.

The hiring demo's accepted offers have started the newcomers' onboardings (the hiring
services do that). Here the employer's staff get on with them: a buddy is named where the
employer has staff who may be one, and part of each checklist is ticked off (data in
``demo/data/onboarding.py``). An onboarding with a buddy or a ticked item is left alone,
so running it again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from careers import selectors as careers_selectors
from careers import services as careers_services
from careers.models import ChecklistItem, Onboarding
from demo.data import onboarding as data
from portal import permissions as portal_permissions
from portal.models import User


@transaction.atomic
def seed_onboarding_demo(staff: list[User]) -> dict[str, int]:
    """``staff``: the demo's staff logins, who do the work for the employers they act for."""
    done = {"buddies": 0, "items": 0}
    onboardings = Onboarding.objects.select_related("organisation").order_by("start_date", "pk")
    for index, onboarding in enumerate(onboardings):
        manager = next(
            (u for u in staff if portal_permissions.can_act_for(u, onboarding.organisation_id)),
            None,
        )
        if manager is None:
            continue
        if onboarding.buddy_id is None:
            buddy = careers_selectors.buddy_candidates(onboarding).first()
            if buddy is not None:
                careers_services.assign_buddy(
                    user=manager, onboarding=onboarding, buddy=buddy, contact=data.BUDDY_CONTACT
                )
                done["buddies"] += 1
        if onboarding.items.filter(done_at__isnull=False).exists():
            continue
        wanted = data.ITEMS_DONE[index % len(data.ITEMS_DONE)]
        item: ChecklistItem
        for item in careers_selectors.checklist(onboarding)[:wanted]:
            careers_services.set_item_done(user=manager, item=item, done=True)
            done["items"] += 1
    return done
