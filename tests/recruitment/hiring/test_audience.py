"""Texts about a choice or an offer are written for who reads them: the candidate reads
about herself in the second person ("You accepted another post"), the employer about "the
candidate", the coordinator neutrally (recruitment/wording.py)."""

import pytest
from django.urls import reverse

from recruitment.hiring import services


def url(name, *args):
    return reverse(f"recruitment:{name}", args=args)


@pytest.fixture
def accepted_elsewhere(
    applicant, recruiter, outsider_recruiter, applied, our_choice, other_posting
):
    """Ola has offers from both hospitals and accepts ours (his second choice): the other
    hospital's offer (his first choice) is declined for him, his third choice withdrawn."""
    their_choice = applied.choices.get(posting=other_posting)
    theirs = services.make_offer(user=outsider_recruiter, choice=their_choice)
    ours = services.make_offer(user=recruiter, choice=our_choice)
    services.accept_offer(user=applicant, offer=ours)
    return theirs


def test_the_candidate_reads_about_herself_and_never_about_the_candidate(
    login, applicant, applied, accepted_elsewhere
):
    client = login(applicant)
    for page in (
        url("application_detail", applied.pk),
        url("my_offers"),
        url("my_applications"),
    ):
        html = client.get(page).content.decode()
        assert "the candidate" not in html.lower(), page
        assert "You accepted another post." in html, page


def test_the_employer_whose_offer_was_declined_reads_about_the_candidate(
    login, outsider_recruiter, other_posting, accepted_elsewhere
):
    html = login(outsider_recruiter).get(url("hiring_offers", other_posting.pk)).content.decode()
    assert "The candidate accepted another post." in html
    assert "You accepted another post." not in html
