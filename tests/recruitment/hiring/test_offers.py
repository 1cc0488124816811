"""Offer transitions: each a service with its own rules, an audit trail and the choice
status contract the dashboard and coupled tracks read."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careers.models import Onboarding
from portal.models import AuditEvent
from recruitment.hiring import selectors, services
from recruitment.hiring.services import transitions
from recruitment.models import ChoiceEvent, ChoiceStatus, Offer, Posting

Status = Offer.Status


def refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def events(choice):
    return list(choice.events.order_by("at", "pk").values_list("status", flat=True))


@pytest.fixture
def offer(recruiter, our_choice):
    return services.make_offer(user=recruiter, choice=our_choice, terms="Rotasjon: medisin.")


# --- Making an offer ---------------------------------------------------------------------


def test_an_offer_outside_waves_is_open_at_once_with_a_deadline(offer, our_choice):
    assert offer.status == Status.OPEN
    assert offer.released_at is not None
    assert offer.respond_by > timezone.now() + timedelta(days=2)
    refresh(our_choice)
    assert our_choice.status == ChoiceStatus.OFFERED
    assert events(our_choice)[-1] == ChoiceStatus.OFFERED
    assert offer.events.get().status == Status.OPEN
    audit = AuditEvent.objects.get(object_type="recruitment.offer", object_id=str(offer.pk))
    assert audit.subject_user_id == our_choice.application.applicant_id


def test_another_employer_cannot_make_an_offer(outsider_recruiter, our_choice):
    with pytest.raises(PermissionDenied):
        services.make_offer(user=outsider_recruiter, choice=our_choice)


def test_a_second_offer_for_the_same_choice_is_refused(recruiter, offer, our_choice):
    with pytest.raises(ValidationError, match="already has an offer"):
        services.make_offer(user=recruiter, choice=our_choice)


def test_offers_never_exceed_the_number_of_posts(recruiter, candidates, hospital_postings):
    Posting.objects.filter(pk=hospital_postings[0].pk).update(number_of_posts=2)
    first, second, third = candidates(3)
    services.make_offer(user=recruiter, choice=first)
    services.make_offer(user=recruiter, choice=second)
    with pytest.raises(ValidationError, match="All 2 posts"):
        services.make_offer(user=recruiter, choice=third)


def test_a_withdrawn_choice_cannot_be_offered(recruiter, applicant, applied, our_choice):
    from recruitment.applications.services import withdraw_choice

    withdraw_choice(user=applicant, application=applied, choice_id=our_choice.pk)
    with pytest.raises(ValidationError, match="cannot be offered"):
        services.make_offer(user=recruiter, choice=our_choice)


def test_a_deadline_in_the_past_is_refused(recruiter, our_choice):
    with pytest.raises(ValidationError, match="at least an hour"):
        services.make_offer(
            user=recruiter, choice=our_choice, respond_by=timezone.now() - timedelta(hours=1)
        )


# --- Answering ---------------------------------------------------------------------------


def test_accepting_sets_the_choice_accepted_and_starts_onboarding(
    applicant, offer, our_choice, hospital, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_offer(user=applicant, offer=offer)
    refresh(offer, our_choice)
    assert offer.status == Status.ACCEPTED
    assert offer.answered_at is not None
    assert our_choice.status == ChoiceStatus.ACCEPTED
    accepted_event = our_choice.events.get(status=ChoiceStatus.ACCEPTED)
    assert abs(accepted_event.at - offer.answered_at) < timedelta(seconds=5)
    onboarding = Onboarding.objects.get(newcomer=applicant)
    assert onboarding.organisation == hospital
    assert onboarding.start_date == our_choice.posting.start_date
    assert onboarding.items.exists()


def test_accepting_twice_changes_nothing(applicant, offer, our_choice):
    services.accept_offer(user=applicant, offer=offer)
    services.accept_offer(user=applicant, offer=offer)
    assert events(our_choice).count(ChoiceStatus.ACCEPTED) == 1
    assert offer.events.filter(status=Status.ACCEPTED).count() == 1


def test_only_the_candidate_answers(other_applicant, recruiter, offer):
    with pytest.raises(PermissionDenied):
        services.accept_offer(user=other_applicant, offer=offer)
    with pytest.raises(PermissionDenied):
        services.decline_offer(user=recruiter, offer=offer)


def test_declining_sets_the_choice_declined(applicant, offer, our_choice):
    services.decline_offer(user=applicant, offer=offer)
    refresh(offer, our_choice)
    assert (offer.status, our_choice.status) == (Status.DECLINED, ChoiceStatus.DECLINED)
    with pytest.raises(ValidationError, match="declined"):
        services.accept_offer(user=applicant, offer=offer)


def test_an_offer_past_its_deadline_cannot_be_accepted(applicant, offer):
    Offer.objects.filter(pk=offer.pk).update(
        released_at=timezone.now() - timedelta(days=3),
        respond_by=timezone.now() - timedelta(minutes=1),
    )
    offer.refresh_from_db()
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.accept_offer(user=applicant, offer=offer)


def test_the_employer_withdraws_an_open_offer_and_the_status_is_restored(
    recruiter, applicant, offer, our_choice
):
    services.withdraw_offer(user=recruiter, offer=offer, reason="Feil kandidat")
    refresh(offer, our_choice)
    assert offer.status == Status.WITHDRAWN
    assert offer.reason == "Feil kandidat"
    assert our_choice.status == ChoiceStatus.SUBMITTED  # as before the offer
    with pytest.raises(ValidationError, match="withdrawn"):
        services.accept_offer(user=applicant, offer=offer)


def test_an_answered_offer_cannot_be_withdrawn(recruiter, applicant, offer):
    services.accept_offer(user=applicant, offer=offer)
    with pytest.raises(ValidationError, match="Ola Søker has already accepted the offer"):
        services.withdraw_offer(user=recruiter, offer=offer)


def test_cancelling_an_acceptance_frees_the_post(recruiter, applicant, offer, our_choice):
    services.accept_offer(user=applicant, offer=offer)
    with pytest.raises(ValidationError):
        services.cancel_acceptance(user=recruiter, offer=offer, reason="")
    services.cancel_acceptance(user=recruiter, offer=offer, reason="Fikk ikke lisens i tide")
    refresh(offer, our_choice)
    assert offer.status == Status.CANCELLED
    assert our_choice.status == ChoiceStatus.WITHDRAWN
    assert selectors.fill_state(our_choice.posting).free == 2


def test_every_transition_is_in_the_audit_trail(recruiter, applicant, offer):
    services.decline_offer(user=applicant, offer=offer)
    trail = AuditEvent.objects.filter(object_type="recruitment.offer", object_id=str(offer.pk))
    assert [(e.actor_id, e.detail) for e in trail.order_by("pk")] == [
        (recruiter.pk, "offer open"),
        (applicant.pk, "offer declined"),
    ]


# --- Acceptance cascade ------------------------------------------------------------------


def test_accepting_withdraws_lower_choices_and_declines_other_open_offers_at_once(
    recruiter,
    outsider_recruiter,
    municipal_recruiter,
    applicant,
    applied,
    other_posting,
    hospital_postings,
    municipality_posting,
):
    choices = {c.posting_id: c for c in applied.choices.all()}
    first, ours, municipal = (
        choices[other_posting.pk],
        choices[hospital_postings[0].pk],
        choices[municipality_posting.pk],
    )
    offer_first = services.make_offer(user=outsider_recruiter, choice=first)
    offer_ours = services.make_offer(user=recruiter, choice=ours)
    offer_municipal = services.make_offer(user=municipal_recruiter, choice=municipal)

    services.accept_offer(user=applicant, offer=offer_ours)

    refresh(offer_first, offer_ours, offer_municipal, first, ours, municipal)
    assert offer_ours.status == Status.ACCEPTED
    assert offer_first.status == Status.DECLINED  # the higher one, still open, is declined
    assert offer_municipal.status == Status.DECLINED
    assert (first.status, ours.status, municipal.status) == (
        ChoiceStatus.DECLINED,
        ChoiceStatus.ACCEPTED,
        ChoiceStatus.WITHDRAWN,  # ranked lower
    )
    # Marking: every other employer sees the acceptance at once.
    for user, posting in (
        (outsider_recruiter, other_posting),
        (municipal_recruiter, municipality_posting),
    ):
        from recruitment.applications.selectors import posting_applicants

        row = posting_applicants(
            user, posting, status=first.status if posting == other_posting else "withdrawn"
        ).get()
        assert row.has_accepted_elsewhere


def test_the_cascade_is_one_transaction(monkeypatch, recruiter, applicant, applied, our_choice):
    offer = services.make_offer(user=recruiter, choice=our_choice)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # The offer history written inside the acceptance (recruitment/hiring/services/transitions.py).
    monkeypatch.setattr(transitions, "log_offer", fail)
    with pytest.raises(RuntimeError):
        services.accept_offer(user=applicant, offer=offer)
    refresh(offer, our_choice)
    assert offer.status == Status.OPEN
    assert our_choice.status == ChoiceStatus.OFFERED
    assert not applied.choices.filter(status=ChoiceStatus.WITHDRAWN).exists()


def test_accepted_offers_never_exceed_the_number_of_posts(recruiter, candidates, hospital_postings):
    posting = hospital_postings[0]
    first, second = candidates(2)
    offers = [services.make_offer(user=recruiter, choice=c) for c in (first, second)]
    Posting.objects.filter(pk=posting.pk).update(number_of_posts=1)
    services.accept_offer(user=first.application.applicant, offer=offers[0])
    with pytest.raises(ValidationError, match="have been filled"):
        services.accept_offer(user=second.application.applicant, offer=offers[1])
    assert Offer.objects.filter(choice__posting=posting, status=Status.ACCEPTED).count() == 1


def test_a_filled_posting_closes_and_shows_filled(recruiter, candidates, hospital_postings, client):
    posting = hospital_postings[0]
    for choice in candidates(2):
        offer = services.make_offer(user=recruiter, choice=choice)
        services.accept_offer(user=choice.application.applicant, offer=offer)
    posting.refresh_from_db()
    assert posting.status == Posting.Status.CLOSED
    assert posting.closed_at is not None
    assert selectors.fill_state(posting).filled
    html = client.get(posting.get_absolute_url()).content.decode()
    assert "Filled" in html or "Besatt" in html


def test_withdrawing_the_application_ends_its_offers(
    recruiter, applicant, applied, our_choice, hospital_postings
):
    from recruitment.applications.services import withdraw_application

    offer = services.make_offer(user=recruiter, choice=our_choice)
    services.accept_offer(user=applicant, offer=offer)
    withdraw_application(user=applicant, application=applied)
    refresh(offer)
    assert offer.status == Status.CANCELLED
    assert selectors.fill_state(hospital_postings[0]).accepted == 0


def test_an_onboarding_goes_when_the_accepted_post_is_given_up(
    recruiter, applicant, applied, our_choice, django_capture_on_commit_callbacks
):
    from recruitment.applications.services import withdraw_application

    offer = services.make_offer(user=recruiter, choice=our_choice)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_offer(user=applicant, offer=offer)
    assert Onboarding.objects.filter(newcomer=applicant, posting=our_choice.posting).exists()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_application(user=applicant, application=applied)
    assert not Onboarding.objects.filter(newcomer=applicant).exists()


def test_moving_up_to_a_higher_choice_moves_the_onboarding_too(
    recruiter,
    outsider_recruiter,
    applicant,
    applied,
    other_posting,
    hospital_postings,
    django_capture_on_commit_callbacks,
):
    choices = {c.posting_id: c for c in applied.choices.all()}
    higher, ours = choices[other_posting.pk], choices[hospital_postings[0].pk]
    assert higher.rank < ours.rank
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_offer(
            user=applicant, offer=services.make_offer(user=recruiter, choice=ours)
        )
        services.accept_offer(
            user=applicant, offer=services.make_offer(user=outsider_recruiter, choice=higher)
        )
    assert list(
        Onboarding.objects.filter(newcomer=applicant).values_list("posting", flat=True)
    ) == [other_posting.pk]


def test_choice_events_match_the_contract(recruiter, applicant, offer, our_choice):
    services.accept_offer(user=applicant, offer=offer)
    assert events(our_choice) == [
        ChoiceStatus.SUBMITTED,
        ChoiceStatus.OFFERED,
        ChoiceStatus.ACCEPTED,
    ]
    assert ChoiceEvent.objects.filter(choice=our_choice, status="accepted").count() == 1


def test_the_applicant_list_cannot_change_an_offered_candidate(recruiter, offer, our_choice):
    from recruitment.applications.services import set_choice_status

    with pytest.raises(ValidationError, match="offers page"):
        set_choice_status(user=recruiter, choices=[our_choice], status=ChoiceStatus.REJECTED)
    refresh(our_choice)
    assert our_choice.status == ChoiceStatus.OFFERED
