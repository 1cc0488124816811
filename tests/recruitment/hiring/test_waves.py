"""Offers in synchronised waves: prepared offers stay invisible until the wave's time,
are released together by a scheduled job, expire unanswered, and accept-with-upgrade moves
a candidate up exactly once."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from recruitment.hiring import permissions, selectors, services, tasks
from recruitment.models import ChoiceStatus, Offer, OfferEvent, OfferWave, RoundOfferPolicy

Status = Offer.Status


def refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


@pytest.fixture
def soon():
    return timezone.now() + timedelta(hours=2)


@pytest.fixture
def wave(make_wave, soon):
    return make_wave(soon)


def test_an_offer_in_a_round_with_waves_is_prepared_and_invisible(
    recruiter, applicant, our_choice, wave, login
):
    offer = services.make_offer(user=recruiter, choice=our_choice)
    assert (offer.status, offer.wave, offer.released_at) == (Status.PREPARED, wave, None)
    refresh(our_choice)
    assert our_choice.status == ChoiceStatus.SUBMITTED  # the candidate sees nothing yet
    assert not permissions.offers_for_applicant(applicant).exists()
    client = login(applicant)
    assert client.get(reverse("recruitment:my_offers")).context["open_offers"] == []
    page = client.get(our_choice.application.get_absolute_url()).content.decode()
    assert "Offer:" not in page
    assert (
        client.get(reverse("recruitment:hiring_offer_accept", args=[offer.pk])).status_code == 404
    )


def test_prepared_offers_are_released_together_at_the_wave_time(recruiter, candidates, wave, soon):
    choices = candidates(2)
    offers = [services.make_offer(user=recruiter, choice=c) for c in choices]
    assert services.release_due_waves(now=soon - timedelta(minutes=1)) == 0
    assert {o.status for o in Offer.objects.all()} == {Status.PREPARED}

    assert services.release_due_waves(now=soon + timedelta(seconds=30)) == 2
    refresh(*offers, *choices, wave)
    assert {o.status for o in offers} == {Status.OPEN}
    assert len({o.released_at for o in offers}) == 1  # one moment for all
    assert {o.respond_by for o in offers} == {wave.answer_by}
    assert {c.status for c in choices} == {ChoiceStatus.OFFERED}
    assert wave.released_at is not None


@pytest.mark.parametrize(
    "released_after",
    [timedelta(seconds=30), timedelta(hours=4, minutes=59)],
    ids=["on-time", "one-minute-before-the-answer-deadline"],
)
def test_every_released_offer_keeps_the_answer_deadline_the_coordinator_set(
    recruiter, candidates, make_wave, soon, released_after
):
    # A svarfrist five hours after the offers: shorter than a day, and it is kept as set.
    wave = make_wave(soon, answer_after=timedelta(hours=5))
    offers = [services.make_offer(user=recruiter, choice=c) for c in candidates(2)]
    assert services.release_due_waves(now=soon + released_after) == 2
    refresh(*offers)
    assert {o.status for o in offers} == {Status.OPEN}
    assert {o.respond_by for o in offers} == {wave.answer_by}


def test_a_wave_not_released_before_its_answer_deadline_is_missed_and_keeps_no_offer(
    recruiter, our_choice, make_wave, soon, caplog
):
    """The scheduler was down: no new deadline is invented. The wave stays unreleased, an
    error is logged, and the coordinator's calendar shows it missed."""
    wave = make_wave(soon, answer_after=timedelta(hours=5))
    offer = services.make_offer(user=recruiter, choice=our_choice)
    for late in (wave.answer_by, wave.answer_by + timedelta(hours=3)):
        with caplog.at_level(logging.ERROR, logger="recruitment.hiring.services"):
            assert services.release_due_waves(now=late) == 0
        assert services.release_wave(wave, now=late) == 0
    refresh(offer, our_choice, wave)
    assert (offer.status, offer.released_at, offer.respond_by) == (Status.PREPARED, None, None)
    assert our_choice.status == ChoiceStatus.SUBMITTED
    assert wave.released_at is None
    assert wave.state_at(wave.answer_by) == OfferWave.State.MISSED
    assert wave.state_at(wave.answer_by - timedelta(seconds=1)) == OfferWave.State.SCHEDULED
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2  # on every run until the coordinator moves it
    assert f"(id {wave.pk})" in errors[0].getMessage()
    assert "was not released" in errors[0].getMessage()


def test_releasing_twice_changes_nothing(recruiter, our_choice, wave, soon):
    services.make_offer(user=recruiter, choice=our_choice)
    later = soon + timedelta(minutes=1)
    services.release_due_waves(now=later)
    before = (OfferEvent.objects.count(), our_choice.events.count())
    assert services.release_due_waves(now=later + timedelta(minutes=1)) == 0
    assert (OfferEvent.objects.count(), our_choice.events.count()) == before


def test_the_scheduled_tasks_are_in_the_beat_schedule():
    from portal.celery import BEAT_SCHEDULE

    tasks_scheduled = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert tasks.release_offer_waves.name in tasks_scheduled
    assert tasks.expire_offers.name in tasks_scheduled


def test_a_prepared_offer_for_a_withdrawn_choice_is_not_released(
    recruiter, applicant, applied, our_choice, wave, soon
):
    from recruitment.applications.services import withdraw_choice

    offer = services.make_offer(user=recruiter, choice=our_choice)
    withdraw_choice(user=applicant, application=applied, choice_id=our_choice.pk)
    refresh(offer)
    assert offer.status == Status.WITHDRAWN
    services.release_due_waves(now=soon + timedelta(minutes=1))
    refresh(offer)
    assert offer.status == Status.WITHDRAWN
    assert offer.released_at is None


def test_a_wave_must_be_still_to_come(recruiter, our_choice, wave, make_wave, soon):
    services.release_due_waves(now=soon + timedelta(minutes=1))
    with pytest.raises(ValidationError, match="still to come"):
        services.make_offer(user=recruiter, choice=our_choice, wave=wave)


def test_after_the_last_wave_offers_go_out_at_once(recruiter, our_choice, wave, soon):
    OfferWave.objects.filter(pk=wave.pk).update(
        offers_at=timezone.now() - timedelta(days=5),
        answer_by=timezone.now() - timedelta(days=2),
        marking_at=timezone.now() - timedelta(days=1),
        released_at=timezone.now() - timedelta(days=5),
    )
    offer = services.make_offer(user=recruiter, choice=our_choice)
    assert offer.status == Status.OPEN
    assert offer.wave is None


# --- Expiry --------------------------------------------------------------------------------


def test_an_unanswered_offer_expires_and_the_job_is_idempotent(recruiter, our_choice, wave, soon):
    offer = services.make_offer(user=recruiter, choice=our_choice)
    services.release_due_waves(now=soon + timedelta(minutes=1))
    assert services.expire_offers(now=wave.answer_by - timedelta(minutes=1)) == 0
    assert services.expire_offers(now=wave.answer_by + timedelta(minutes=1)) == 1
    refresh(offer, our_choice)
    assert offer.status == Status.EXPIRED
    assert our_choice.status == ChoiceStatus.DECLINED
    snapshot = (
        OfferEvent.objects.count(),
        our_choice.events.count(),
        Offer.objects.filter(status=Status.EXPIRED).count(),
    )
    assert services.expire_offers(now=wave.answer_by + timedelta(minutes=5)) == 0
    assert snapshot == (
        OfferEvent.objects.count(),
        our_choice.events.count(),
        Offer.objects.filter(status=Status.EXPIRED).count(),
    )


def test_expiry_uses_the_answer_deadline_set_for_the_wave(
    recruiter, applicant, candidates, make_wave, soon, monkeypatch
):
    """Open one second before the wave's answer deadline, expired at it (``respond_by <=
    now``, the same boundary as answering)."""
    wave = make_wave(soon, answer_after=timedelta(hours=5))
    expiring, answered = candidates(2)
    offers = [services.make_offer(user=recruiter, choice=c) for c in (expiring, answered)]
    services.release_due_waves(now=soon + timedelta(minutes=1))
    just_before = wave.answer_by - timedelta(seconds=1)
    assert services.expire_offers(now=just_before) == 0
    refresh(*offers)
    assert {o.status for o in offers} == {Status.OPEN}

    monkeypatch.setattr(timezone, "now", lambda: just_before)
    services.decline_offer(user=answered.application.applicant, offer=offers[1])
    monkeypatch.setattr(timezone, "now", lambda: wave.answer_by)
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.accept_offer(user=expiring.application.applicant, offer=offers[0])
    monkeypatch.undo()

    assert services.expire_offers(now=wave.answer_by) == 1
    refresh(*offers)
    assert (offers[0].status, offers[0].ended_at) == (Status.EXPIRED, wave.answer_by)
    assert offers[1].status == Status.DECLINED


# --- Accept with upgrade -------------------------------------------------------------------


@pytest.fixture
def upgrade_round(lis1_round):
    RoundOfferPolicy.objects.create(round=lis1_round, allow_upgrade=True)
    return lis1_round


def test_accept_with_upgrade_moves_the_candidate_up_and_frees_the_lower_post_once(
    upgrade_round,
    recruiter,
    outsider_recruiter,
    applicant,
    applied,
    other_posting,
    hospital_postings,
    municipality_posting,
    make_wave,
    soon,
):
    later = soon + timedelta(days=5)
    make_wave(soon)
    make_wave(later)
    choices = {c.posting_id: c for c in applied.choices.all()}
    first, ours, municipal = (
        choices[other_posting.pk],
        choices[hospital_postings[0].pk],
        choices[municipality_posting.pk],
    )
    ours_offer = services.make_offer(user=recruiter, choice=ours)
    services.release_due_waves(now=soon + timedelta(minutes=1))
    services.accept_offer(user=applicant, offer=ours_offer, with_upgrade=True)
    refresh(ours_offer, municipal)
    assert ours_offer.with_upgrade is True
    assert municipal.status == ChoiceStatus.WITHDRAWN  # lower choices go at once
    first.refresh_from_db()
    assert first.status == ChoiceStatus.SUBMITTED  # the higher one stays in play

    first_offer = services.make_offer(user=outsider_recruiter, choice=first)
    assert first_offer.wave.number == 2
    services.release_due_waves(now=later + timedelta(minutes=1))
    services.release_due_waves(now=later + timedelta(minutes=2))  # run twice

    refresh(first_offer, ours_offer, first, ours)
    assert first_offer.status == Status.ACCEPTED
    assert first.status == ChoiceStatus.ACCEPTED
    assert ours_offer.status == Status.RELEASED
    assert ours.status == ChoiceStatus.WITHDRAWN
    assert ours_offer.events.filter(status=Status.RELEASED).count() == 1
    assert ours.events.filter(status=ChoiceStatus.WITHDRAWN).count() == 1
    assert Offer.objects.filter(application=applied, status=Status.ACCEPTED).count() == 1
    # The freed post can be offered to our next candidate.
    assert selectors.fill_state(hospital_postings[0]).free == 2


def test_without_upgrade_a_later_higher_offer_waits_for_an_answer(
    recruiter, outsider_recruiter, applicant, applied, other_posting, our_choice
):
    ours_offer = services.make_offer(user=recruiter, choice=our_choice)
    services.accept_offer(user=applicant, offer=ours_offer)
    first = applied.choices.get(posting=other_posting)
    first_offer = services.make_offer(user=outsider_recruiter, choice=first)
    assert first_offer.status == Status.OPEN
    refresh(ours_offer)
    assert ours_offer.status == Status.ACCEPTED
    # Accepting it by hand gives up the lower post.
    services.accept_offer(user=applicant, offer=first_offer)
    refresh(ours_offer)
    assert ours_offer.status == Status.RELEASED


def test_upgrade_is_refused_where_the_round_does_not_allow_it(recruiter, applicant, our_choice):
    offer = services.make_offer(user=recruiter, choice=our_choice)
    with pytest.raises(ValidationError, match="upgrade"):
        services.accept_offer(user=applicant, offer=offer, with_upgrade=True)


# --- The wave calendar ---------------------------------------------------------------------


def test_the_coordinator_keeps_the_wave_calendar(coordinator, lis1_round):
    after_close = lis1_round.closes_at + timedelta(days=1)
    first = services.save_wave(
        user=coordinator,
        wave=OfferWave(
            round=lis1_round,
            offers_at=after_close + timedelta(days=7),
            answer_by=after_close + timedelta(days=10),
            marking_at=after_close + timedelta(days=11),
        ),
    )
    earlier = services.save_wave(
        user=coordinator,
        wave=OfferWave(
            round=lis1_round,
            offers_at=after_close,
            answer_by=after_close + timedelta(days=3),
            marking_at=after_close + timedelta(days=4),
        ),
    )
    refresh(first, earlier)
    assert (earlier.number, first.number) == (1, 2)
    with pytest.raises(ValidationError, match="overlaps"):
        services.save_wave(
            user=coordinator,
            wave=OfferWave(
                round=lis1_round,
                offers_at=after_close + timedelta(days=2),
                answer_by=after_close + timedelta(days=5),
                marking_at=after_close + timedelta(days=6),
            ),
        )


def test_a_wave_with_offers_cannot_be_deleted(coordinator, recruiter, our_choice, wave):
    services.make_offer(user=recruiter, choice=our_choice)
    with pytest.raises(ValidationError, match="prepared offers"):
        services.delete_wave(user=coordinator, wave=wave)


def test_only_the_coordinator_sees_the_wave_calendar(login, recruiter, coordinator, lis1_round):
    url = reverse("recruitment:hiring_waves", args=[lis1_round.pk])
    assert login(recruiter).get(url).status_code == 404
    response = login(coordinator).get(url)
    assert response.status_code == 200
    response = login(coordinator).post(
        url,
        {
            "offers_at": "2030-05-02T09:00",
            "answer_by": "2030-05-05T12:00",
            "marking_at": "2030-05-06T12:00",
        },
    )
    assert response.status_code == 302
    wave = lis1_round.offer_waves.get()
    assert (
        timezone.localtime(wave.offers_at).strftime("%Y-%m-%d %H:%M %Z") == "2030-05-02 09:00 CEST"
    )


def test_a_wave_in_the_wrong_order_is_refused_with_one_clear_message(
    login, coordinator, lis1_round
):
    response = login(coordinator).post(
        reverse("recruitment:hiring_waves", args=[lis1_round.pk]),
        {
            "offers_at": "2030-05-05T09:00",
            "answer_by": "2030-05-02T12:00",
            "marking_at": "2030-05-06T12:00",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    message = "The answer deadline must be after the offer time."
    # Once in the error summary at the top of the page and once at its field: not also
    # as a second rule's wording or a loose flash message.
    before, _sep, rest = html.partition('id="error-summary"')
    summary, _sep, page = rest.partition("</div>")
    assert message not in before
    assert summary.count(message) == 1
    assert page.count(message) == 1
    assert not lis1_round.offer_waves.exists()
