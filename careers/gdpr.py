"""What careers holds about a person (see portal/gdpr.py): event registrations and their
start at an employer – onboarding, checklist and buddy.

Consents given in careers (such as sharing a profile with municipalities for a coupled
track) belong here too: add ``consents`` and ``withdraw_consent`` to the provider below.
"""

from contextlib import suppress
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careers import services
from careers.models import Onboarding, Registration
from portal import gdpr


def _export(user) -> dict[str, Any]:
    registrations = Registration.objects.filter(user=user).select_related("event")
    onboardings = (
        Onboarding.objects.filter(newcomer=user)
        .select_related("organisation", "buddy", "posting")
        .prefetch_related("items")
    )
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "starts_at": registration.event.starts_at,
                "status": registration.status,
                "registered_at": registration.queued_at,
                "confirmed_at": registration.confirmed_at,
                "cancelled_at": registration.cancelled_at,
            }
            for registration in registrations.order_by("queued_at", "pk")
        ],
        "onboardings": [
            {
                "employer": onboarding.organisation.name,
                "start_date": onboarding.start_date,
                "posting": onboarding.posting.title if onboarding.posting else None,
                "buddy": str(onboarding.buddy) if onboarding.buddy else None,
                "buddy_contact": onboarding.buddy_contact,
                "checklist": [
                    {"task": item.title, "due": item.due_date, "done_at": item.done_at}
                    for item in sorted(onboarding.items.all(), key=lambda i: (i.due_date, i.pk))
                ],
            }
            for onboarding in onboardings.order_by("start_date", "pk")
        ],
        "buddy_for": [
            {"employer": name, "start_date": start}
            for name, start in Onboarding.objects.filter(buddy=user)
            .order_by("start_date")
            .values_list("organisation__name", "start_date")
        ],
    }


def _erase(user) -> None:
    # Give up places at coming events the ordinary way, so the waiting list moves on.
    upcoming = (
        Registration.objects.filter(user=user, event__starts_at__gt=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
    )
    for registration in upcoming:
        # Already over or cancelled meanwhile: nothing to give up.
        with suppress(ValidationError):
            services.cancel_registration(user=user, event=registration.event)
    Registration.objects.filter(user=user).delete()
    Onboarding.objects.filter(newcomer=user).delete()
    # As a buddy: the newcomer keeps their start, without this person's contact details.
    Onboarding.objects.filter(buddy=user).update(
        buddy=None, buddy_contact="", buddy_assigned_at=None
    )


gdpr.register(
    gdpr.Provider(
        key="careers",
        label=_("Events and your start at an employer"),
        export=_export,
        models=("careers.Registration", "careers.Onboarding"),
        erase=_erase,
        erase_order=40,
    )
)
