"""The reserve list, "offer next reserve" in one action, and hiring from the last list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recruitment.applications.services import set_choice_status
from recruitment.hiring import selectors, services
from recruitment.models import ChoiceStatus, Offer, Posting
from tests.confirming import press_and_confirm

Status = Offer.Status


@pytest.fixture
def one_post(hospital_postings):
    Posting.objects.filter(pk=hospital_postings[0].pk).update(number_of_posts=1)
    hospital_postings[0].refresh_from_db()
    return hospital_postings[0]


def names(choices):
    return [c.application.applicant.full_name for c in choices]


def test_the_reserve_list_keeps_its_order(recruiter, one_post, candidates):
    a, b, c = candidates(3)
    services.add_to_reserve(user=recruiter, posting=one_post, choices=[b, a])
    services.add_to_reserve(user=recruiter, posting=one_post, choices=[c])
    assert names(selectors.reserve_list(one_post)) == ["Kandidat 1", "Kandidat 0", "Kandidat 2"]
    services.move_on_reserve(user=recruiter, posting=one_post, choice=c, offset=-1)
    assert names(selectors.reserve_list(one_post)) == ["Kandidat 1", "Kandidat 2", "Kandidat 0"]
    services.remove_from_reserve(user=recruiter, posting=one_post, choice=b)
    b.refresh_from_db()
    assert b.status == ChoiceStatus.REJECTED
    assert names(selectors.reserve_list(one_post)) == ["Kandidat 2", "Kandidat 0"]
    assert a.events.filter(status=ChoiceStatus.RESERVE).count() == 1  # the contract


def test_candidates_marked_reserve_from_the_applicant_list_come_last(
    recruiter, one_post, candidates
):
    a, b = candidates(2)
    services.add_to_reserve(user=recruiter, posting=one_post, choices=[a])
    set_choice_status(user=recruiter, choices=[b], status=ChoiceStatus.RESERVE)
    assert names(selectors.reserve_list(one_post)) == ["Kandidat 0", "Kandidat 1"]


def test_after_a_decline_the_next_reserve_is_offered_with_one_action(
    login, recruiter, one_post, candidates
):
    first, reserve_1, reserve_2 = candidates(3)
    services.add_to_reserve(user=recruiter, posting=one_post, choices=[reserve_1, reserve_2])
    offer = services.make_offer(user=recruiter, choice=first)
    client = login(recruiter)
    offers_url = reverse("recruitment:hiring_offers", args=[one_post.pk])
    assert client.get(offers_url).context["next_reserve"] is None  # no free post yet

    services.decline_offer(user=first.application.applicant, offer=offer)
    response = client.get(offers_url)
    assert response.context["next_reserve"] == reserve_1
    assert "Kandidat 1" in response.content.decode()

    response = press_and_confirm(
        client, reverse("recruitment:hiring_offer_next_reserve", args=[one_post.pk])
    )
    assert response.status_code == 302
    reserve_1.refresh_from_db()
    assert reserve_1.status == ChoiceStatus.OFFERED
    assert reserve_1.events.filter(status=ChoiceStatus.RESERVE).exists()
    assert names(selectors.reserve_list(one_post)) == ["Kandidat 2"]


def test_offer_next_reserve_with_an_empty_list_says_so(recruiter, one_post):
    with pytest.raises(ValidationError, match="empty"):
        services.offer_next_reserve(user=recruiter, posting=one_post)


def test_a_withdrawn_offer_puts_the_reserve_back_in_line(recruiter, one_post, candidates):
    a, b = candidates(2)
    services.add_to_reserve(user=recruiter, posting=one_post, choices=[a, b])
    offer = services.offer_next_reserve(user=recruiter, posting=one_post)
    services.withdraw_offer(user=recruiter, offer=offer)
    a.refresh_from_db()
    assert a.status == ChoiceStatus.RESERVE


def test_hiring_from_the_last_list_when_a_post_falls_vacant(
    login, recruiter, one_post, candidates, django_assert_max_num_queries
):
    hired, on_reserve, rejected = candidates(3)
    services.add_to_reserve(user=recruiter, posting=one_post, choices=[on_reserve])
    set_choice_status(user=recruiter, choices=[rejected], status=ChoiceStatus.REJECTED)
    offer = services.make_offer(user=recruiter, choice=hired)
    services.accept_offer(user=hired.application.applicant, offer=offer)
    services.cancel_acceptance(user=recruiter, offer=offer, reason="Takket nei til oppstart")

    client = login(recruiter)
    url = reverse("recruitment:hiring_last_list", args=[one_post.pk])
    with django_assert_max_num_queries(16):
        response = client.get(url)
    listed = list(response.context["choices"])
    assert names(listed) == ["Kandidat 1", "Kandidat 2"]  # reserve first, then the rest

    press_and_confirm(
        client, reverse("recruitment:hiring_offer_from_list", args=[one_post.pk, rejected.pk])
    )
    rejected.refresh_from_db()
    assert rejected.status == ChoiceStatus.OFFERED
