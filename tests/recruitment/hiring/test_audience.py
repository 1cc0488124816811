"""Texts about a choice or an offer are written for who reads them: the candidate reads
about herself in the second person ("You accepted another post"), the employer about "the
candidate", the coordinator neutrally (recruitment/wording.py)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal import notifications
from portal.models import Notification
from recruitment.hiring import services
from recruitment.models import StatusReason


def url(name, *args):
    return reverse(f"recruitment:{name}", args=args)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def _sweep(now):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            notifications.sweep(now)

    return _sweep


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


def test_the_candidates_timeline_says_why_her_lower_choice_was_withdrawn(
    login, applicant, applied, accepted_elsewhere
):
    html = login(applicant).get(url("application_detail", applied.pk)).content.decode()
    assert "Withdrawn. You accepted a post you ranked higher." in html
    assert "Offer not accepted. You accepted another post." in html


def test_my_offers_speaks_to_the_candidate(login, applicant, accepted_elsewhere):
    html = login(applicant).get(url("my_offers")).content.decode()
    assert "You declined" in html
    assert "You accepted another post." in html
    assert "Declined by the candidate" not in html


def test_the_coordinator_reads_the_neutral_reason_on_the_offers_page(
    login, coordinator, other_posting, accepted_elsewhere
):
    html = login(coordinator).get(url("hiring_offers", other_posting.pk)).content.decode()
    assert ": Accepted another post</li>" in html
    assert "The candidate accepted another post." not in html


def test_a_reason_stored_while_the_candidate_read_bokmal_reaches_the_employer_in_english(
    login, applicant, recruiter, outsider_recruiter, applied, our_choice, other_posting
):
    theirs = services.make_offer(
        user=outsider_recruiter, choice=applied.choices.get(posting=other_posting)
    )
    ours = services.make_offer(user=recruiter, choice=our_choice)
    with translation.override("nb"):
        services.accept_offer(user=applicant, offer=ours)
    html = login(outsider_recruiter).get(url("hiring_offers", other_posting.pk)).content.decode()
    assert "The candidate accepted another post." in html
    assert "Kandidaten" not in html
    theirs.refresh_from_db()
    assert (theirs.reason, theirs.reason_code) == ("", StatusReason.ACCEPTED_OTHER_POST)


def test_a_bokmal_reader_reads_bokmal_and_in_her_own_voice(
    login, applicant, outsider_recruiter, applied, other_posting, accepted_elsewhere
):
    client = login(applicant)
    client.cookies["django_language"] = "nb"
    html = client.get(url("my_offers")).content.decode()
    assert "Du takket ja til en annen stilling." in html
    assert "accepted another post" not in html
    client = login(outsider_recruiter)
    client.cookies["django_language"] = "nb"
    html = client.get(url("hiring_offers", other_posting.pk)).content.decode()
    assert "Kandidaten takket ja til en annen stilling." in html


# --- The applicant list and the employer's own pages --------------------------------------


@pytest.fixture
def offered(recruiter, our_choice):
    return services.make_offer(user=recruiter, choice=our_choice)


def test_the_applicant_list_shows_the_employers_words_and_the_coordinators(
    login, recruiter, coordinator, hospital_postings, offered
):
    page = url("posting_applicants", hospital_postings[0].pk)
    assert ">Offered a post</span>" in login(recruiter).get(page).content.decode()
    assert ">Offered</span>" in login(coordinator).get(page).content.decode()


def test_the_candidate_reads_her_offer_as_hers(login, applicant, applied, offered):
    html = login(applicant).get(url("application_detail", applied.pk)).content.decode()
    assert ">You have an offer</span>" in html
    assert ">Waiting for your answer</span>" in html
    assert "Offered a post" not in html


def test_a_candidate_taken_off_the_reserve_list_reads_it_kindly(
    login, applicant, recruiter, applied, our_choice, hospital_postings
):
    posting = hospital_postings[0]
    services.add_to_reserve(user=recruiter, posting=posting, choices=[our_choice])
    services.remove_from_reserve(user=recruiter, posting=posting, choice=our_choice)
    html = login(applicant).get(url("application_detail", applied.pk)).content.decode()
    assert ">Not selected this time</span>" in html
    assert "Not selected this time. You are no longer on the reserve list." in html
    staff = login(recruiter).get(url("staff_application", applied.pk)).content.decode()
    assert ">Not selected</span>" in staff


def test_the_employer_hears_why_an_offer_was_declined(
    sweep, outsider_recruiter, accepted_elsewhere
):
    sweep(timezone.now())
    [note] = Notification.objects.filter(occasion="offer_declined", recipient=outsider_recruiter)
    # In the recruiter's language (Bokmål, the portal's default).
    assert "Kandidaten takket ja til en annen stilling." in note.body


def test_a_prepared_offers_history_names_its_wave_in_the_readers_language(
    login, recruiter, our_choice, hospital_postings, make_wave
):
    make_wave(timezone.now() + timedelta(hours=2))
    offer = services.make_offer(user=recruiter, choice=our_choice)
    assert offer.events.get().note == ""  # nothing stored in the language of the moment
    client = login(recruiter)
    client.cookies["django_language"] = "nb"
    html = client.get(url("hiring_offers", hospital_postings[0].pk)).content.decode()
    assert "Forberedt for en tilbudsrunde (" in html
    assert "): Tilbudsrunde 1</li>" in html
