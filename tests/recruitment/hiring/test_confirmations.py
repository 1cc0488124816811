"""Binding actions ask first: the button leads to a page saying in plain words what will
happen, and only the confirmed POST acts — once, however often it is sent, and never after
the state it described has changed. Outsiders get 404 at either step."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from recruitment.hiring import services
from recruitment.models import ChoiceStatus, Offer, Posting
from tests.confirming import ask, confirmation_fields
from tests.reminders import other_than_receipts, sent, sweep_at

Status = Offer.Status


@pytest.fixture
def one_post(hospital_postings):
    Posting.objects.filter(pk=hospital_postings[0].pk).update(number_of_posts=1)
    hospital_postings[0].refresh_from_db()
    return hospital_postings[0]


def url(name, *args):
    return reverse(f"recruitment:{name}", args=args)


def text(response) -> str:
    return " ".join(response.content.decode().split())


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def confirm(client, page, **kwargs):
    """Press "confirm" on a confirmation page: its form, with the fields it carries."""
    return client.post(page.context["confirmation"]["action"], confirmation_fields(page), **kwargs)


def nothing_sent():
    sweep_at()
    return other_than_receipts() == []


# --- Offer the post from the last list -----------------------------------------------------


def test_offer_the_post_on_the_last_list_asks_first_and_sends_nothing(
    login, recruiter, one_post, candidates
):
    [choice] = candidates(1)
    page = login(recruiter).post(url("hiring_offer_from_list", one_post.pk, choice.pk))
    assert page.status_code == 200
    assert not Offer.objects.exists()
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.SUBMITTED
    sweep_at()
    assert sent("offer_received") == []
    assert other_than_receipts() == []


def test_the_offer_page_says_who_what_by_when_by_e_mail_and_binding(
    login, recruiter, one_post, candidates
):
    [choice] = candidates(1)
    page = login(recruiter).post(url("hiring_offer_from_list", one_post.pk, choice.pk))
    deadline = services.format_local(services.default_respond_by())
    html = text(page)
    assert "Offer Kandidat 0 the post “LIS1 Sykehuset Øst 1”?" in html
    assert (
        f"Kandidat 0 is offered “LIS1 Sykehuset Øst 1” at Sykehuset Øst, and must answer by "
        f"{deadline}." in html
    )
    assert "The offer is sent as soon as you confirm, and Kandidat 0 is told by e-mail." in html
    assert (
        "The offer binds Sykehuset Øst: if Kandidat 0 accepts by the deadline, the post is taken."
        in html
    )
    assert "Yes, send the offer" in html
    assert f'href="{url("hiring_last_list", one_post.pk)}"' in html  # "No, go back"


def test_the_confirmed_offer_is_sent_once_even_when_confirmed_twice(
    login, recruiter, one_post, candidates
):
    [choice] = candidates(1)
    client = login(recruiter)
    page = ask(client, url("hiring_offer_from_list", one_post.pk, choice.pk))
    first = confirm(client, page)
    assert first.status_code == 302
    second = confirm(client, page, follow=True)  # the form sent again (a double click)
    assert "Kandidat 0 already has an offer for this post." in text(second)
    offer = Offer.objects.get()
    assert offer.status == Status.OPEN
    assert offer.respond_by == page.context["plan"].respond_by
    sweep_at()
    assert sent("offer_received") == [choice.application.applicant.email]
    assert offer.events.count() == 1


def test_the_offer_keeps_the_answer_deadline_the_page_showed(
    login, recruiter, one_post, candidates, settings
):
    [choice] = candidates(1)
    client = login(recruiter)
    page = ask(client, url("hiring_offer_from_list", one_post.pk, choice.pk))
    shown = page.context["plan"].respond_by
    settings.HIRING_OFFER_RESPONSE_DAYS += 2  # as if midnight passed before the click
    confirm(client, page)
    assert Offer.objects.get().respond_by == shown


def test_a_confirmation_after_the_candidate_accepted_elsewhere_says_so_and_sends_nothing(
    login, recruiter, outsider_recruiter, applicant, our_choice, other_posting, hospital_postings
):
    """Ola ranks the other hospital first: accepting it there withdraws ours."""
    client = login(recruiter)
    page = ask(client, url("hiring_offer_from_list", hospital_postings[0].pk, our_choice.pk))
    elsewhere = services.make_offer(
        user=outsider_recruiter, choice=our_choice.application.choices.get(posting=other_posting)
    )
    services.accept_offer(user=applicant, offer=elsewhere)
    assert not nothing_sent()  # the other hospital's offer is announced, at once
    mail.outbox.clear()
    response = confirm(client, page, follow=True)
    assert response.status_code == 200
    assert "Ola Søker cannot be offered this post now (Withdrawn)." in text(response)
    assert not Offer.objects.filter(choice=our_choice).exists()
    assert nothing_sent()  # and our refused offer sends nothing


def test_in_a_round_with_waves_the_page_says_when_the_wave_releases_it(
    login, recruiter, our_choice, hospital_postings, make_wave
):
    wave = make_wave(timezone.now() + timedelta(days=2))
    client = login(recruiter)
    page = ask(client, url("hiring_offer_from_list", hospital_postings[0].pk, our_choice.pk))
    html = text(page)
    answer_by = services.format_local(wave.answer_by)
    assert f"must answer by {answer_by}, the wave's common answer deadline." in html
    assert (
        "The offer is prepared now and sent to Ola Søker when Wave 1 is released, "
        f"{services.format_local(wave.offers_at)}; Ola Søker is then told by e-mail." in html
    )
    assert "Until then you can withdraw it without Ola Søker knowing." in html
    assert "Yes, prepare the offer" in html
    assert "respond_by" not in dict(page.context["confirmation"]["hidden"])
    confirm(client, page)
    offer = Offer.objects.get()
    assert (offer.status, offer.wave) == (Status.PREPARED, wave)
    assert nothing_sent()  # not before the wave


def test_another_employer_gets_404_on_the_offer_and_its_confirmation(
    login, recruiter, outsider_recruiter, one_post, candidates
):
    [choice] = candidates(1)
    page = ask(login(recruiter), url("hiring_offer_from_list", one_post.pk, choice.pk))
    outsider = login(outsider_recruiter)
    action = url("hiring_offer_from_list", one_post.pk, choice.pk)
    assert outsider.post(action).status_code == 404
    assert outsider.post(action, confirmation_fields(page)).status_code == 404
    assert not Offer.objects.exists()


# --- The next on the reserve list ----------------------------------------------------------


def test_the_next_reserve_is_offered_after_confirming_and_a_second_confirm_is_refused(
    login, recruiter, hospital_postings, candidates
):
    posting = hospital_postings[0]  # two posts: the second confirm could reach the next
    first, second = candidates(2)
    services.add_to_reserve(user=recruiter, posting=posting, choices=[first, second])
    client = login(recruiter)
    page = ask(client, url("hiring_offer_next_reserve", posting.pk))
    assert "Offer Kandidat 0 the post" in text(page)
    assert "Kandidat 0 leaves the reserve list, and the others move up one place." in text(page)
    assert not Offer.objects.exists()
    assert confirm(client, page).status_code == 302
    again = confirm(client, page, follow=True)
    assert (
        "The reserve list has changed: Kandidat 1 is next now. Nothing was sent; look at the "
        "list again before you offer the post." in flashed(again)
    )
    assert [o.choice for o in Offer.objects.all()] == [first]
    sweep_at()
    assert sent("offer_received") == [first.application.applicant.email]


def test_another_employer_gets_404_on_the_next_reserve(
    login, recruiter, outsider_recruiter, one_post, candidates
):
    [choice] = candidates(1)
    services.add_to_reserve(user=recruiter, posting=one_post, choices=[choice])
    outsider = login(outsider_recruiter)
    action = url("hiring_offer_next_reserve", one_post.pk)
    assert outsider.post(action).status_code == 404
    assert outsider.post(action, {"confirm": "yes", "choice": choice.pk}).status_code == 404
    assert not Offer.objects.exists()


# --- The offer form ------------------------------------------------------------------------


def test_the_offer_form_asks_first_and_can_go_back_to_the_form_as_filled_in(
    login, recruiter, one_post, candidates
):
    [choice] = candidates(1)
    client = login(recruiter)
    data = {"choice": choice.pk, "terms": "Rotasjon: medisin, kirurgi."}
    page = ask(client, url("hiring_offers", one_post.pk), data)
    assert "Rotasjon: medisin, kirurgi." in text(page)
    assert "Yes, send the offer" in text(page)
    assert not Offer.objects.exists()

    fields = confirmation_fields(page)
    del fields["confirm"]
    back = client.post(url("hiring_offers", one_post.pk), {**fields, "change": "yes"})
    assert back.status_code == 200
    assert back.context["form"]["terms"].value() == "Rotasjon: medisin, kirurgi."
    assert not Offer.objects.exists()

    assert confirm(client, page).status_code == 302
    again = confirm(client, page)
    assert again.status_code == 400
    assert "This candidate cannot be offered the post now" in text(again)
    offer = Offer.objects.get()
    assert offer.terms == "Rotasjon: medisin, kirurgi."
    sweep_at()
    assert sent("offer_received") == [choice.application.applicant.email]


# --- Withdrawing an offer ------------------------------------------------------------------


@pytest.fixture
def offer(recruiter, our_choice):
    return services.make_offer(user=recruiter, choice=our_choice)


def test_withdrawing_asks_first_and_says_the_candidate_loses_it_and_is_told(
    login, recruiter, offer
):
    sweep_at()  # the offer's own e-mail
    mail.outbox.clear()
    client = login(recruiter)
    page = ask(client, url("hiring_offer_withdraw", offer.pk), {"reason": "Feil kandidat"})
    html = text(page)
    assert "Withdraw the offer to Ola Søker?" in html
    assert (
        "Ola Søker loses the offer of “LIS1 Sykehuset Øst 1” as soon as you confirm, and is "
        "told by e-mail." in html
    )
    assert "The e-mail gives your reason: “Feil kandidat”" in html
    offer.refresh_from_db()
    assert offer.status == Status.OPEN
    assert nothing_sent()

    assert confirm(client, page).status_code == 302
    again = confirm(client, page, follow=True)
    assert "The offer to Ola Søker has already been withdrawn." in text(again)
    offer.refresh_from_db()
    assert (offer.status, offer.reason) == (Status.WITHDRAWN, "Feil kandidat")
    assert offer.events.filter(status=Status.WITHDRAWN).count() == 1
    sweep_at()
    assert sent("offer_withdrawn") == ["soker@example.no"]


def test_a_withdrawal_confirmed_after_the_candidate_accepted_says_so(
    login, recruiter, applicant, offer
):
    client = login(recruiter)
    page = ask(client, url("hiring_offer_withdraw", offer.pk))
    assert "You have given no reason" in text(page)
    services.accept_offer(user=applicant, offer=offer)
    response = confirm(client, page, follow=True)
    assert (
        "Ola Søker has already accepted the offer. If the post falls vacant, cancel the "
        "acceptance instead." in text(response)
    )
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED


def test_withdrawing_a_prepared_offer_says_the_candidate_never_saw_it(
    login, recruiter, our_choice, make_wave
):
    make_wave(timezone.now() + timedelta(days=2))
    offer = services.make_offer(user=recruiter, choice=our_choice)
    page = ask(login(recruiter), url("hiring_offer_withdraw", offer.pk))
    assert (
        "The offer of “LIS1 Sykehuset Øst 1” is prepared for Wave 1 and has not been released: "
        "Ola Søker has not seen it and is not told." in text(page)
    )


def test_another_employer_gets_404_on_withdrawing(login, recruiter, outsider_recruiter, offer):
    outsider = login(outsider_recruiter)
    action = url("hiring_offer_withdraw", offer.pk)
    assert outsider.post(action).status_code == 404
    assert outsider.post(action, {"confirm": "yes"}).status_code == 404
    offer.refresh_from_db()
    assert offer.status == Status.OPEN


# --- Cancelling an acceptance --------------------------------------------------------------


def test_cancelling_an_acceptance_asks_first_and_happens_once(
    login, recruiter, applicant, offer, outsider_recruiter
):
    services.accept_offer(user=applicant, offer=offer)
    client = login(recruiter)
    action = url("hiring_offer_cancel", offer.pk)
    page = ask(client, action, {"reason": "Fikk ikke lisens"})
    assert "Cancel the acceptance of Ola Søker?" in text(page)
    assert "The portal does not e-mail Ola Søker about this: tell Ola Søker yourself." in text(page)
    offer.refresh_from_db()
    assert offer.status == Status.ACCEPTED
    assert login(outsider_recruiter).post(action, confirmation_fields(page)).status_code == 404

    client = login(recruiter)
    assert confirm(client, page).status_code == 302
    again = confirm(client, page, follow=True)
    assert "The acceptance of Ola Søker has already been cancelled." in text(again)
    offer.refresh_from_db()
    assert offer.status == Status.CANCELLED
    assert offer.events.filter(status=Status.CANCELLED).count() == 1


# --- Cancelling an interview time ----------------------------------------------------------


def test_cancelling_a_booked_interview_time_names_who_is_told_and_happens_once(
    login, recruiter, outsider_recruiter, applicant, invited, slot
):
    services.book_slot(user=applicant, invitation=invited, slot=slot)
    client = login(recruiter)
    action = url("hiring_slot_cancel", slot.pk)
    page = ask(client, action)
    html = text(page)
    assert "1 candidate has booked this time and is told by e-mail to book another:" in html
    assert "<li>Ola Søker</li>" in html
    slot.refresh_from_db()
    assert slot.cancelled_at is None
    assert login(outsider_recruiter).post(action, confirmation_fields(page)).status_code == 404

    client = login(recruiter)
    assert confirm(client, page).status_code == 302
    again = confirm(client, page, follow=True)
    assert "This interview time has already been cancelled." in text(again)
    sweep_at()
    assert sent("interview_cancelled") == ["soker@example.no"]


# --- Closing a posting ---------------------------------------------------------------------


def test_closing_asks_first_with_the_applicants_it_touches_and_happens_once(
    login, recruiter, hospital_postings, candidates, make_application, other_applicant
):
    posting = hospital_postings[0]
    candidates(2)
    make_application(other_applicant, [posting])  # a draft: not sent yet
    client = login(recruiter)
    action = url("close_posting", posting.pk)
    page = ask(client, action)
    html = text(page)
    assert "Close “LIS1 Sykehuset Øst 1”?" in html
    assert (
        "The posting leaves the job board as soon as you confirm, and takes no more "
        "applications." in html
    )
    assert "2 applicants have applied. Their applications stay" in html
    assert (
        "1 applicant has the posting in an application not yet sent, and must take it off the "
        "list before sending." in html
    )
    posting.refresh_from_db()
    assert posting.status == Posting.Status.PUBLISHED

    assert confirm(client, page).status_code == 302
    again = confirm(client, page, follow=True)
    assert "The posting is already closed." in text(again)
    posting.refresh_from_db()
    assert posting.status == Posting.Status.CLOSED


def test_another_employer_gets_404_on_closing(login, outsider_recruiter, hospital_postings):
    outsider = login(outsider_recruiter)
    action = url("close_posting", hospital_postings[0].pk)
    assert outsider.post(action).status_code == 404
    assert outsider.post(action, {"confirm": "yes"}).status_code == 404
    hospital_postings[0].refresh_from_db()
    assert hospital_postings[0].status == Posting.Status.PUBLISHED
