"""The coordinator's wave calendar: one rule (``services.validate_wave_calendar``) refuses
a bad calendar with a message on the field concerned, through the form and through the
service alike; the calendar shows each wave's offer time, answer deadline (svarfrist),
marking time (merking) and state, to the coordinator, the employers and the candidates."""

import re
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recruitment.hiring import services
from recruitment.hiring.forms import WaveForm
from recruitment.models import ApplicationRound, Offer, OfferWave

Status = Offer.Status
fmt = services.format_local


def oslo(text: str) -> datetime:
    """A form's datetime-local value, as the Norwegian time it means."""
    return timezone.make_aware(datetime.fromisoformat(text))


def form_data(offers_at: str, answer_by: str, marking_at: str = "") -> dict:
    return {"offers_at": offers_at, "answer_by": answer_by, "marking_at": marking_at}


@pytest.fixture
def calendar(coordinator, lis1_round):
    """The round closes 30 April 2030 at noon; wave 1 offers 2 May, answer by 5 May,
    marking 6 May; wave 2 offers 9 May, answer by 12 May, marking 13 May."""
    ApplicationRound.objects.filter(pk=lis1_round.pk).update(closes_at=oslo("2030-04-30T12:00"))
    lis1_round.refresh_from_db()
    waves = [
        services.save_wave(
            user=coordinator,
            wave=OfferWave(
                round=lis1_round,
                offers_at=oslo(offers),
                answer_by=oslo(answer),
                marking_at=oslo(marking),
            ),
        )
        for offers, answer, marking in [
            ("2030-05-02T09:00", "2030-05-05T12:00", "2030-05-06T12:00"),
            ("2030-05-09T09:00", "2030-05-12T12:00", "2030-05-13T12:00"),
        ]
    ]
    return lis1_round, *waves


# What the coordinator types, the field that is refused and the message it gets (the
# conflicting wave and its times, in Norwegian time).
INVALID = {
    "offers-before-the-round-closes": (
        form_data("2030-04-30T09:00", "2030-05-01T12:00", "2030-05-01T13:00"),
        "offers_at",
        lambda round, w1, w2: (
            f"The round's applications close {fmt(round.closes_at)}: offers can go out only "
            "from then on."
        ),
    ),
    "starts-before-the-previous-marking": (
        form_data("2030-05-05T09:00", "2030-05-07T12:00", "2030-05-08T12:00"),
        "offers_at",
        lambda round, w1, w2: (
            f"The wave overlaps Wave 1 (offers {fmt(w1.offers_at)}, marking by "
            f"{fmt(w1.marking_at)}): each wave starts after the previous one's marking."
        ),
    ),
    "marks-after-the-next-wave-starts": (
        form_data("2030-05-07T09:00", "2030-05-08T12:00", "2030-05-10T12:00"),
        "marking_at",
        lambda round, w1, w2: (
            f"The wave overlaps Wave 2, whose offers go out {fmt(w2.offers_at)}: this "
            "wave's marking must be done by then."
        ),
    ),
    "answer-not-after-offers": (
        form_data("2030-05-20T09:00", "2030-05-20T09:00", "2030-05-21T12:00"),
        "answer_by",
        lambda round, w1, w2: "The answer deadline must be after the offer time.",
    ),
    "marking-before-answer": (
        form_data("2030-05-20T09:00", "2030-05-23T12:00", "2030-05-23T11:00"),
        "marking_at",
        lambda round, w1, w2: "Marking must come after the answer deadline.",
    ),
}


@pytest.mark.parametrize("case", INVALID)
def test_an_invalid_wave_is_refused_by_the_service(coordinator, calendar, case):
    round, w1, w2 = calendar
    data, field, message = INVALID[case]
    wave = OfferWave(
        round=round,
        offers_at=oslo(data["offers_at"]),
        answer_by=oslo(data["answer_by"]),
        marking_at=oslo(data["marking_at"]),
    )
    with pytest.raises(ValidationError) as refused:
        services.save_wave(user=coordinator, wave=wave)
    assert refused.value.message_dict == {field: [message(round, w1, w2)]}
    assert round.offer_waves.count() == 2


@pytest.mark.parametrize("case", INVALID)
def test_an_invalid_wave_is_refused_on_the_form_with_its_message(
    login, coordinator, calendar, case
):
    round, w1, w2 = calendar
    data, field, message = INVALID[case]
    response = login(coordinator).post(reverse("recruitment:hiring_waves", args=[round.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message(round, w1, w2)]}
    html = response.content.decode()
    assert f'value="{data[field]}"' in html  # nothing typed is lost
    assert round.offer_waves.count() == 2


def test_the_messages_give_the_times_in_norwegian_time(calendar):
    round, w1, w2 = calendar
    # 09:00 in Oslo in May is 07:00 UTC: the message says 9 a.m.
    message = INVALID["starts-before-the-previous-marking"][2](round, w1, w2)
    assert "May 2, 2030, 9 a.m." in message
    assert "7 a.m." not in message


@pytest.fixture
def released_first(calendar):
    round, w1, w2 = calendar
    OfferWave.objects.filter(pk=w1.pk).update(released_at=w1.offers_at)
    w1.refresh_from_db()
    return round, w1, w2


def test_a_new_wave_cannot_go_before_a_released_wave(login, coordinator, released_first):
    round, w1, _w2 = released_first
    expected = (
        f"Wave 1 has been released (offers {fmt(w1.offers_at)}): a new or moved wave must "
        f"come after it and its marking ({fmt(w1.marking_at)})."
    )
    data = form_data("2030-05-01T09:00", "2030-05-01T12:00", "2030-05-01T13:00")
    response = login(coordinator).post(reverse("recruitment:hiring_waves", args=[round.pk]), data)
    assert response.context["form"].errors == {"offers_at": [expected]}
    wave = OfferWave(
        round=round,
        offers_at=oslo(data["offers_at"]),
        answer_by=oslo(data["answer_by"]),
        marking_at=oslo(data["marking_at"]),
    )
    with pytest.raises(ValidationError) as refused:
        services.save_wave(user=coordinator, wave=wave)
    assert refused.value.message_dict == {"offers_at": [expected]}


def test_a_wave_cannot_be_moved_before_a_released_wave(login, coordinator, released_first):
    _round, _w1, w2 = released_first
    data = form_data("2030-05-01T09:00", "2030-05-01T12:00", "2030-05-01T13:00")
    response = login(coordinator).post(reverse("recruitment:hiring_wave_edit", args=[w2.pk]), data)
    assert response.status_code == 400
    assert "Wave 1 has been released" in response.context["form"].errors["offers_at"][0]
    w2.offers_at = oslo(data["offers_at"])
    w2.answer_by, w2.marking_at = oslo(data["answer_by"]), oslo(data["marking_at"])
    with pytest.raises(ValidationError, match="Wave 1 has been released"):
        services.save_wave(user=coordinator, wave=w2)
    w2.refresh_from_db()
    assert w2.offers_at == oslo("2030-05-09T09:00")


def test_a_stale_form_cannot_change_a_wave_released_meanwhile(login, coordinator, calendar):
    _round, w1, _w2 = calendar
    client = login(coordinator)
    url = reverse("recruitment:hiring_wave_edit", args=[w1.pk])
    assert client.get(url).status_code == 200
    # The release job runs while the coordinator's tab is open.
    OfferWave.objects.filter(pk=w1.pk).update(released_at=w1.offers_at)
    later = form_data("2030-05-03T09:00", "2030-05-05T12:00", "2030-05-06T12:00")
    response = client.post(url, later)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This wave has been released and can no longer be changed."
    ]
    # The same through the service, with the instance read before the release.
    w1.offers_at = oslo(later["offers_at"])
    with pytest.raises(ValidationError, match="has been released"):
        services.save_wave(user=coordinator, wave=w1)
    w1.refresh_from_db()
    assert w1.offers_at == oslo("2030-05-02T09:00")
    assert w1.released_at == oslo("2030-05-02T09:00")  # not written back as "not released"


def test_the_service_refuses_what_a_form_checked_before_another_wave_was_saved(
    coordinator, calendar
):
    """Two tabs: the form was valid when checked, then another wave took the time."""
    round, _w1, _w2 = calendar
    data = form_data("2030-05-20T09:00", "2030-05-23T12:00", "2030-05-24T12:00")
    form = WaveForm(data, instance=OfferWave(round=round))
    assert form.is_valid()
    services.save_wave(
        user=coordinator,
        wave=OfferWave(
            round=round,
            offers_at=oslo("2030-05-19T09:00"),
            answer_by=oslo("2030-05-21T12:00"),
            marking_at=oslo("2030-05-22T12:00"),
        ),
    )
    with pytest.raises(ValidationError, match="overlaps Wave 3"):
        services.save_wave(user=coordinator, wave=form.save(commit=False))
    assert round.offer_waves.count() == 3


def test_a_wave_with_an_answer_deadline_already_passed_is_refused(coordinator, lis1_round):
    past = timezone.now() - timedelta(hours=1)
    wave = OfferWave(
        round=lis1_round,
        offers_at=past - timedelta(days=1),
        answer_by=past,
        marking_at=past + timedelta(minutes=30),
    )
    with pytest.raises(ValidationError) as refused:
        services.save_wave(user=coordinator, wave=wave)
    assert refused.value.message_dict["answer_by"] == [
        f"The answer deadline {fmt(past)} has passed. Choose one still to come."
    ]
    assert refused.value.message_dict["offers_at"][0].startswith("The offer time ")


def test_a_blank_marking_time_is_noon_the_day_after_the_answer_deadline(
    login, coordinator, calendar
):
    round, _w1, _w2 = calendar
    response = login(coordinator).post(
        reverse("recruitment:hiring_waves", args=[round.pk]),
        form_data("2030-05-20T09:00", "2030-05-23T15:00"),
    )
    assert response.status_code == 302
    wave = round.offer_waves.get(number=3)
    assert wave.marking_at == oslo("2030-05-24T12:00")


# --- What the calendar shows ---------------------------------------------------------------


def _row(html: str, wave: OfferWave) -> str:
    match = re.search(rf'<tr id="wave-{wave.pk}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row for {wave}"
    return match.group(1)


def _shows_times(row: str, wave: OfferWave) -> bool:
    return all(
        f'<time datetime="{timezone.localtime(moment).isoformat()}">' in row
        for moment in (wave.offers_at, wave.answer_by, wave.marking_at)
    )


def test_the_wave_calendar_shows_each_waves_three_times_and_state(login, coordinator, calendar):
    round, w1, w2 = calendar
    OfferWave.objects.filter(pk=w1.pk).update(released_at=w1.offers_at)
    # A third wave whose answer deadline passed before it was released.
    missed = OfferWave.objects.create(
        round=round,
        number=3,
        offers_at=timezone.now() - timedelta(days=2),
        answer_by=timezone.now() - timedelta(hours=1),
        marking_at=timezone.now(),
    )
    html = login(coordinator).get(reverse("recruitment:hiring_waves", args=[round.pk]))
    html = html.content.decode()
    for wave, state in ((w1, "Released"), (w2, "Scheduled"), (missed, "Missed")):
        row = _row(html, wave)
        assert _shows_times(row, wave)
        assert f">{state}</span>" in row
    for heading in ("Offers released", "Answer by", "Marking by", "State"):
        assert f'<th scope="col">{heading}</th>' in html
    assert f'id="missed-{missed.pk}"' in html
    assert "passed before its offers could go out" in html


def test_the_employer_sees_the_rounds_wave_calendar_on_the_offers_page(
    login, recruiter, calendar, hospital_postings
):
    _round, w1, w2 = calendar
    response = login(recruiter).get(
        reverse("recruitment:hiring_offers", args=[hospital_postings[0].pk])
    )
    html = response.content.decode()
    for wave in (w1, w2):
        assert _shows_times(_row(html, wave), wave)
    assert f"Every candidate answers by {fmt(w1.answer_by)}" in html
    assert f"acceptances are marked for all employers by {fmt(w1.marking_at)}" in html
    assert reverse("recruitment:hiring_wave_edit", args=[w1.pk]) not in html


def test_the_candidate_sees_the_waves_times_on_an_offer_from_it(
    login, recruiter, applicant, our_choice, calendar
):
    _round, w1, _w2 = calendar
    offer = services.make_offer(user=recruiter, choice=our_choice)
    assert offer.wave == w1
    services.release_due_waves(now=w1.offers_at + timedelta(minutes=1))
    html = login(applicant).get(reverse("recruitment:my_offers")).content.decode()
    assert "Wave 1: offers 2. May 09:00, common answer deadline 5. May 12:00" in html
    assert "acceptances marked by 6. May 12:00" in html


# --- A missed wave -------------------------------------------------------------------------


def test_a_missed_wave_is_shown_and_moving_it_lets_it_release_with_the_new_deadline(
    login, coordinator, recruiter, our_choice, make_wave, lis1_round
):
    wave = make_wave(lis1_round.closes_at + timedelta(days=1))
    offer = services.make_offer(user=recruiter, choice=our_choice)
    # The scheduler was down over the whole wave.
    now = timezone.now()
    OfferWave.objects.filter(pk=wave.pk).update(
        offers_at=now - timedelta(days=2),
        answer_by=now - timedelta(hours=1),
        marking_at=now - timedelta(minutes=30),
    )
    services.release_due_waves()
    client = login(coordinator)
    page = client.get(reverse("recruitment:hiring_waves", args=[lis1_round.pk])).content.decode()
    assert f'id="missed-{wave.pk}"' in page
    assert "Move Wave 1" in page
    edit = reverse("recruitment:hiring_wave_edit", args=[wave.pk])
    assert "This wave was not released" in client.get(edit).content.decode()

    start = timezone.localtime(lis1_round.closes_at + timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    response = client.post(
        edit,
        form_data(
            f"{start:%Y-%m-%dT%H:%M}",
            f"{start + timedelta(days=3, hours=3):%Y-%m-%dT%H:%M}",
        ),
    )
    assert response.status_code == 302
    wave.refresh_from_db()
    assert wave.offers_at == start
    assert services.release_due_waves(now=start + timedelta(minutes=1)) == 1
    offer.refresh_from_db()
    assert (offer.status, offer.respond_by) == (Status.OPEN, start + timedelta(days=3, hours=3))
