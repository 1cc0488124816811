"""The pages: who gets what (outsiders 404), POST-only actions, clear messages on bad
input, and list pages whose query count does not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.hiring import services
from recruitment.models import ChoiceStatus, Offer


@pytest.fixture
def offer(recruiter, our_choice):
    return services.make_offer(user=recruiter, choice=our_choice)


@pytest.fixture
def booking(applicant, invited, slot):
    return services.book_slot(user=applicant, invitation=invited, slot=slot)


def url(name, *args):
    return reverse(f"recruitment:{name}", args=args)


# --- Outsiders get 404 -------------------------------------------------------------------


def test_outsiders_get_404_on_slots_notes_and_offers(
    login, outsider_recruiter, other_applicant, hospital_postings, slot, invited, our_choice, offer
):
    posting = hospital_postings[0]
    pages = [
        url("hiring_interviews", posting.pk),
        url("hiring_slot_ics", slot.pk),
        url("hiring_assessment", our_choice.pk),
        url("hiring_offers", posting.pk),
        url("hiring_last_list", posting.pk),
        url("hiring_public_list_manage", posting.pk),
    ]
    actions = [
        url("hiring_slot_cancel", slot.pk),
        url("hiring_invite", posting.pk),
        url("hiring_offer_withdraw", offer.pk),
        url("hiring_offer_cancel", offer.pk),
        url("hiring_offer_next_reserve", posting.pk),
        url("hiring_reserve", posting.pk),
    ]
    for user in (outsider_recruiter, other_applicant):
        client = login(user)
        for page in pages:
            assert client.get(page).status_code == 404, (user, page)
        for action in actions:
            assert client.post(action, {"reason": "x", "choice": our_choice.pk}).status_code == 404
        assert (
            client.post(url("hiring_assessment", our_choice.pk), {"overall": 1}).status_code == 404
        )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN
    slot.refresh_from_db()
    assert slot.cancelled_at is None


def test_another_candidate_gets_404_on_invitations_bookings_and_offers(
    login, other_applicant, invited, booking, offer
):
    client = login(other_applicant)
    for page in (
        url("hiring_book", invited.pk),
        url("hiring_booking_ics", booking.pk),
        url("hiring_offer_accept", offer.pk),
        url("hiring_offer_decline", offer.pk),
    ):
        assert client.get(page).status_code == 404
    assert client.post(url("hiring_offer_accept", offer.pk)).status_code == 404
    assert client.post(url("hiring_booking_cancel", booking.pk)).status_code == 404


def test_a_participating_municipality_sees_the_interviews_but_not_the_offers(
    login, recruiter, municipal_recruiter, municipality, hospital_postings, slot, candidates
):
    posting = hospital_postings[0]
    choice = candidates(1)[0]  # applied to the hospital only
    services.invite_to_interview(user=recruiter, posting=posting, choices=[choice])
    client = login(municipal_recruiter)
    assert client.get(url("hiring_interviews", posting.pk)).status_code == 404
    assert client.get(url("hiring_assessment", choice.pk)).status_code == 404
    services.add_participant(user=recruiter, posting=posting, organisation=municipality)
    response = client.get(url("hiring_interviews", posting.pk))
    assert response.status_code == 200
    assert response.context["manages"] is False
    assert client.get(url("hiring_assessment", choice.pk)).status_code == 200
    assert client.get(url("hiring_offers", posting.pk)).status_code == 404
    assert client.get(url("staff_application", choice.application_id)).status_code == 404
    # It cannot publish slots on the hospital's posting.
    client.post(url("hiring_interviews", posting.pk), {"starts_at": "2031-01-01T09:00"})
    assert posting.interview_slots.count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "hiring_invite",
        "hiring_participant_add",
        "hiring_offer_next_reserve",
        "hiring_reserve",
        "hiring_public_list_publish",
    ],
)
def test_get_on_a_post_only_posting_action_is_405(login, recruiter, hospital_postings, name):
    assert login(recruiter).get(url(name, hospital_postings[0].pk)).status_code == 405


def test_get_on_other_post_only_actions_is_405(
    login, recruiter, applicant, slot, booking, offer, lis1_round
):
    staff = login(recruiter)
    for page in (
        url("hiring_slot_cancel", slot.pk),
        url("hiring_offer_withdraw", offer.pk),
        url("hiring_offer_cancel", offer.pk),
    ):
        assert staff.get(page).status_code == 405
    assert login(applicant).get(url("hiring_booking_cancel", booking.pk)).status_code == 405


# --- Pages and messages --------------------------------------------------------------------


def test_the_employer_publishes_slots_and_invites_through_the_page(
    login, recruiter, hospital_postings, our_choice
):
    posting = hospital_postings[0]
    client = login(recruiter)
    start = timezone.localtime(timezone.now() + timedelta(days=4)).strftime("%Y-%m-%dT09:00")
    response = client.post(
        url("hiring_interviews", posting.pk),
        {"starts_at": start, "duration_minutes": 30, "count": 4, "capacity": 1, "place": "Kalnes"},
    )
    assert response.status_code == 302
    assert posting.interview_slots.count() == 4
    response = client.post(url("hiring_invite", posting.pk), {"choices": [our_choice.pk]})
    our_choice.refresh_from_db()
    assert our_choice.status == ChoiceStatus.INTERVIEW


def test_a_slot_without_place_shows_a_clear_message(login, recruiter, hospital_postings):
    response = login(recruiter).post(
        url("hiring_interviews", hospital_postings[0].pk),
        {"starts_at": "2031-01-01T09:00", "duration_minutes": 30, "count": 1, "capacity": 1},
    )
    assert response.status_code == 400
    assert "Give a place or a video link." in response.content.decode()


def test_booking_without_choosing_a_time_says_so(login, applicant, invited):
    response = login(applicant).post(url("hiring_book", invited.pk), {}, follow=True)
    assert "Choose a time." in response.content.decode()


def test_the_candidate_books_and_sees_the_interview_on_the_application(
    login, applicant, invited, slot, our_choice
):
    client = login(applicant)
    assert client.get(url("hiring_book", invited.pk)).status_code == 200
    client.post(url("hiring_book", invited.pk), {"slot": slot.pk})
    page = client.get(our_choice.application.get_absolute_url()).content.decode()
    assert "Add to calendar (.ics)" in page
    assert url("hiring_booking_ics", invited.choice.interview_bookings.get().pk) in page


def test_my_applications_lists_what_waits_for_the_candidate(login, applicant, invited, slot):
    client = login(applicant)
    summary = client.get(url("my_applications")).context["summary"]
    assert summary["to_book"] == [invited]
    services.book_slot(user=applicant, invitation=invited, slot=slot)
    assert client.get(url("my_applications")).context["summary"]["to_book"] == []


def test_accepting_takes_two_steps(login, applicant, offer, our_choice):
    client = login(applicant)
    page = client.get(url("hiring_offer_accept", offer.pk))
    assert page.status_code == 200
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN  # looking at the page changes nothing
    assert "Yes, accept the offer" in page.content.decode()
    response = client.post(url("hiring_offer_accept", offer.pk))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED


def test_the_confirmation_lists_what_accepting_withdraws(
    login, applicant, offer, municipality_posting
):
    html = login(applicant).get(url("hiring_offer_accept", offer.pk)).content.decode()
    assert municipality_posting.title in html  # ranked lower: withdrawn on acceptance


def test_an_offer_made_with_a_bad_deadline_shows_the_reason(
    login, recruiter, our_choice, hospital_postings
):
    past = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = login(recruiter).post(
        url("hiring_offers", hospital_postings[0].pk), {"choice": our_choice.pk, "respond_by": past}
    )
    assert response.status_code == 400
    assert "at least an hour" in response.content.decode()


# --- Query counts --------------------------------------------------------------------------


def _count(client, page, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(page).status_code == 200


def test_list_pages_do_not_grow_with_the_data(
    login,
    recruiter,
    applicant,
    coordinator,
    hospital_postings,
    candidates,
    lis1_round,
    make_wave,
    django_assert_max_num_queries,
):
    posting = hospital_postings[0]
    slot = services.create_slots(
        user=recruiter,
        posting=posting,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=30,
        place="Kalnes",
        capacity=10,
        count=3,
        interviewers=[recruiter],
    )[0]
    choices = candidates(6)
    services.invite_to_interview(user=recruiter, posting=posting, choices=choices)
    for choice in choices:
        choice.refresh_from_db()
        services.book_slot(
            user=choice.application.applicant, invitation=choice.interview_invitation, slot=slot
        )
    services.add_to_reserve(user=recruiter, posting=posting, choices=choices[2:])
    for choice in choices[:2]:
        offer = services.make_offer(user=recruiter, choice=choice)
        services.decline_offer(user=choice.application.applicant, offer=offer)
    make_wave(timezone.now() + timedelta(days=9))
    staff = login(recruiter)
    _count(staff, url("hiring_interviews", posting.pk), django_assert_max_num_queries, 22)
    _count(staff, url("hiring_offers", posting.pk), django_assert_max_num_queries, 22)
    _count(staff, url("hiring_staff_interviews"), django_assert_max_num_queries, 9)
    _count(staff, url("hiring_public_list_manage", posting.pk), django_assert_max_num_queries, 14)
    _count(
        login(coordinator), url("hiring_waves", lis1_round.pk), django_assert_max_num_queries, 14
    )
    candidate = login(choices[0].application.applicant)
    _count(candidate, url("my_offers"), django_assert_max_num_queries, 9)
    _count(
        candidate,
        url("hiring_book", choices[0].interview_invitation.pk),
        django_assert_max_num_queries,
        12,
    )
