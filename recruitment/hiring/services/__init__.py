"""Writes of the employer workflow. One function per transition; each checks who acts and
the object's state, changes it in one transaction and enqueues work after the commit.

Locks are always taken in the same order — the application, then the posting, then
offers or slots — so two transitions never wait for each other in a circle:
- a candidate's booking locks their invitation, then the slot (a slot is never overbooked:
  the count of its bookings is read under the slot's row lock);
- an acceptance locks the application (serialising it with the candidate's other actions
  and with the wave release), then the posting (so accepted offers never exceed its
  number of posts), then the application's offers.

The contract other parts of the portal read: an offer that opens sets its choice to
OFFERED, an acceptance to ACCEPTED, a decline or expiry to DECLINED, a reserve placement to
RESERVE — each with a ChoiceEvent at that moment. When the portal changes a choice or an
offer by itself (another post accepted, an offer unanswered …) it stores the reason as a
``StatusReason`` code, never as prose: recruitment/wording.py words it for each reader.

The package, by topic: ``interviews``, ``offers`` (employers and candidates), ``waves`` (the
scheduled jobs and the coordinator's wave calendar), ``reserve``, ``public_list``; the
steps the offer transitions share are in ``transitions``, what all share in ``base``. The
public names are importable from the package itself (``services.make_offer``).
"""

from recruitment.hiring.services.base import (
    DEFAULT_START_AFTER,
    Status,
    format_local,
)
from recruitment.hiring.services.interviews import (
    add_participant,
    book_slot,
    cancel_booking,
    cancel_slot,
    check_cancellable_slot,
    create_slots,
    invite_to_interview,
    remove_participant,
    save_assessment,
)
from recruitment.hiring.services.offers import (
    OfferPlan,
    accept_offer,
    cancel_acceptance,
    check_cancellable_acceptance,
    check_withdrawable,
    choices_withdrawn,
    decline_offer,
    make_offer,
    next_reserve,
    offer_next_reserve,
    plan_offer,
    withdraw_offer,
)
from recruitment.hiring.services.public_list import (
    decide_exemption,
    publication_problems,
    publish_public_list,
    unpublish_public_list,
)
from recruitment.hiring.services.reserve import (
    add_to_reserve,
    move_on_reserve,
    remove_from_reserve,
)
from recruitment.hiring.services.transitions import (
    allows_upgrade,
    default_respond_by,
    start_onboarding_for,
)
from recruitment.hiring.services.waves import (
    default_marking_at,
    delete_wave,
    expire_offers,
    lock_wave,
    release_due_waves,
    release_wave,
    save_wave,
    set_upgrade_policy,
    validate_wave_calendar,
)

__all__ = [
    "DEFAULT_START_AFTER",
    "OfferPlan",
    "Status",
    "accept_offer",
    "add_participant",
    "add_to_reserve",
    "allows_upgrade",
    "book_slot",
    "cancel_acceptance",
    "cancel_booking",
    "cancel_slot",
    "check_cancellable_acceptance",
    "check_cancellable_slot",
    "check_withdrawable",
    "choices_withdrawn",
    "create_slots",
    "decide_exemption",
    "decline_offer",
    "default_marking_at",
    "default_respond_by",
    "delete_wave",
    "expire_offers",
    "format_local",
    "invite_to_interview",
    "lock_wave",
    "make_offer",
    "move_on_reserve",
    "next_reserve",
    "offer_next_reserve",
    "plan_offer",
    "publication_problems",
    "publish_public_list",
    "release_due_waves",
    "release_wave",
    "remove_from_reserve",
    "remove_participant",
    "save_assessment",
    "save_wave",
    "set_upgrade_policy",
    "start_onboarding_for",
    "unpublish_public_list",
    "validate_wave_calendar",
    "withdraw_offer",
]
