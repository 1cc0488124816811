"""Notifications from careers. Each task gets ids, reloads the rows and sends only if the
state that caused it still holds (a promotion that was cancelled again sends nothing)."""

from celery import shared_task
from django.urls import reverse

from careers import emails
from careers.models import Invitation, Onboarding, Placement, Registration
from portal.models import Membership, User

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="careers.tasks.notify_promoted_from_waiting_list", **RETRY)
def notify_promoted_from_waiting_list(registration_id: int) -> None:
    registration = (
        Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    )
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return
    event = registration.event
    emails.send(
        to=registration.user,
        template="promoted",
        context={
            "event": event,
            "event_url": emails.absolute_url(event.get_absolute_url()),
            "ics_url": emails.absolute_url(reverse("careers:event_ics", args=[event.pk])),
        },
    )


@shared_task(name="careers.tasks.notify_onboarding_started", **RETRY)
def notify_onboarding_started(onboarding_id: int) -> None:
    onboarding = (
        Onboarding.objects.select_related("newcomer", "organisation")
        .filter(pk=onboarding_id)
        .first()
    )
    if onboarding is None:
        return
    emails.send(
        to=onboarding.newcomer,
        template="onboarding_started",
        context={
            "onboarding": onboarding,
            "url": emails.absolute_url(reverse("careers:my_onboarding")),
        },
    )


@shared_task(name="careers.tasks.notify_buddy_assigned", **RETRY)
def notify_buddy_assigned(onboarding_id: int, buddy_id: int) -> None:
    onboarding = (
        Onboarding.objects.select_related("newcomer", "organisation", "buddy")
        .filter(pk=onboarding_id, buddy_id=buddy_id)
        .first()
    )
    if onboarding is None:  # the buddy was changed again before this ran
        return
    context = {
        "onboarding": onboarding,
        "newcomer": onboarding.newcomer,
        "buddy": onboarding.buddy,
        "url": emails.absolute_url(reverse("careers:my_onboarding")),
    }
    emails.send(to=onboarding.newcomer, template="buddy_for_newcomer", context=context)
    emails.send(to=onboarding.buddy, template="buddy_for_buddy", context=context)


# --- Coupled tracks ---------------------------------------------------------------------------


def _invitation(invitation_id: int):
    return (
        Invitation.objects.select_related("track", "municipality", "candidate", "chosen_time")
        .prefetch_related("times")
        .filter(pk=invitation_id)
        .first()
    )


@shared_task(name="careers.tasks.notify_track_invitation", **RETRY)
def notify_track_invitation(invitation_id: int) -> None:
    """A municipality invited the candidate: tell them, with the proposed times."""
    invitation = _invitation(invitation_id)
    if invitation is None or not invitation.is_open:
        return
    emails.send(
        to=invitation.candidate,
        template="track_invited",
        context={
            "invitation": invitation,
            "url": emails.absolute_url(reverse("careers:my_path")),
        },
    )


@shared_task(name="careers.tasks.notify_track_invitation_answered", **RETRY)
def notify_track_invitation_answered(invitation_id: int) -> None:
    """The candidate answered: tell the municipality's chief physicians."""
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.answered_at is None:
        return
    recipients = User.objects.filter(
        memberships__organisation_id=invitation.municipality_id,
        memberships__role=Membership.Role.CHIEF_PHYSICIAN,
        is_active=True,
    ).distinct()
    url = emails.absolute_url(reverse("careers:invitation_detail", args=[invitation.pk]))
    for recipient in recipients:
        emails.send(
            to=recipient,
            template="track_answered",
            context={"invitation": invitation, "url": url},
        )


@shared_task(name="careers.tasks.notify_track_invitation_update", **RETRY)
def notify_track_invitation_update(invitation_id: int, status: str) -> None:
    """The municipality agreed to the proposed time, or cancelled: tell the candidate."""
    invitation = _invitation(invitation_id)
    if invitation is None or invitation.status != status:
        return  # changed again before this ran
    emails.send(
        to=invitation.candidate,
        template="track_invitation_update",
        context={
            "invitation": invitation,
            "url": emails.absolute_url(reverse("careers:my_path")),
        },
    )


@shared_task(name="careers.tasks.notify_track_placement", **RETRY)
def notify_track_placement(placement_id: int) -> None:
    """A coupled post is agreed: the doctor learns their municipality and dates now."""
    placement = (
        Placement.objects.select_related("candidate", "track", "municipality", "lis1_posting")
        .filter(pk=placement_id)
        .first()
    )
    if placement is None:
        return
    emails.send(
        to=placement.candidate,
        template="track_placement",
        context={
            "placement": placement,
            "url": emails.absolute_url(reverse("careers:my_path")),
        },
    )
