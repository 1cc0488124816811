"""What happens in the employer workflow is announced in the transaction that makes it
happen: the message's row is written with the change (and gone with a rollback), never
found later by a sweep that may run after the person has moved on."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from portal.models import Notification
from recruitment.hiring import services
from recruitment.hiring.models import ExemptionRequest
from recruitment.models import Offer


class Rollback(Exception):
    pass


def rows(occasion):
    return list(
        Notification.objects.filter(occasion=occasion)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
    )


def written_in(change, occasion):
    """The recipients of ``occasion`` written inside ``change``'s transaction, and whether
    a rollback of that transaction leaves none."""
    inside = None
    try:
        with transaction.atomic():
            change()
            inside = rows(occasion)
            raise Rollback
    except Rollback:
        pass
    assert rows(occasion) == [], "a rolled-back change left its message behind"
    return inside


@pytest.fixture
def offer(recruiter, our_choice):
    return services.make_offer(
        user=recruiter, choice=our_choice, respond_by=timezone.now() + timedelta(days=5)
    )


def test_an_offer_made_is_written_with_it(recruiter, our_choice, applicant):
    def make():
        services.make_offer(
            user=recruiter, choice=our_choice, respond_by=timezone.now() + timedelta(days=5)
        )

    assert written_in(make, "offer_received") == [applicant.pk]


def test_an_offer_released_with_its_wave_is_written_with_the_release(
    recruiter, our_choice, applicant, make_wave
):
    wave = make_wave(timezone.now() + timedelta(days=1))
    services.make_offer(user=recruiter, choice=our_choice)
    assert rows("offer_received") == []  # prepared: the candidate does not know yet
    later = wave.offers_at + timedelta(minutes=1)
    assert written_in(lambda: services.release_wave(wave, later), "offer_received") == [
        applicant.pk
    ]


def test_a_withdrawn_offer_is_written_with_the_withdrawal(offer, recruiter, applicant):
    def withdraw():
        services.withdraw_offer(user=recruiter, offer=offer, reason="Stillingen er trukket")

    assert written_in(withdraw, "offer_withdrawn") == [applicant.pk]


def test_a_decline_is_written_for_the_employer_with_it(offer, applicant, recruiter):
    decline = lambda: services.decline_offer(user=applicant, offer=offer)  # noqa: E731
    assert recruiter.pk in written_in(decline, "offer_declined")


def test_an_expiry_is_written_for_the_employer_with_it(offer, recruiter):
    later = offer.respond_by + timedelta(minutes=1)
    assert recruiter.pk in written_in(lambda: services.expire_offers(later), "offer_expired")
    assert Offer.objects.get().status == Offer.Status.OPEN


def test_an_invitation_is_written_with_it(
    recruiter, hospital_postings, our_choice, slot, applicant
):
    def invite():
        services.invite_to_interview(
            user=recruiter, posting=hospital_postings[0], choices=[our_choice]
        )

    assert written_in(invite, "interview_invitation") == [applicant.pk]


def test_a_cancelled_time_is_written_with_the_cancellation(recruiter, invited, slot, applicant):
    services.book_slot(user=applicant, invitation=invited, slot=slot)
    cancel = lambda: services.cancel_slot(user=recruiter, slot=slot)  # noqa: E731
    assert written_in(cancel, "interview_cancelled") == [applicant.pk]


def test_each_exemption_decision_is_written_with_it(recruiter, our_choice, applicant):
    ExemptionRequest.objects.create(application=our_choice.application, reason="Ansatt her")

    def decide(granted):
        return lambda: services.decide_exemption(
            user=recruiter, choice=our_choice, granted=granted, reason="Vurdert"
        )

    assert written_in(decide(True), "exemption_decided") == [applicant.pk]
    decide(True)()
    decide(False)()  # changed later: told again
    assert rows("exemption_decided") == [applicant.pk, applicant.pk]
