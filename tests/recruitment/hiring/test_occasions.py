"""The employer workflow's e-mails, with time travel: each reaches each person once."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from icalendar import Calendar

from portal import notifications
from portal.models import Notification
from recruitment.hiring import services
from recruitment.models import Offer


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def _sweep(now):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            notifications.sweep(now)

    return _sweep


def sent(occasion):
    return list(
        Notification.objects.filter(occasion=occasion, status=Notification.Status.SENT)
        .select_related("recipient")
        .order_by("pk")
    )


def oslo(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def offer(recruiter, our_choice):
    """An offer made today, to be answered in five days at noon (Oslo)."""
    deadline = oslo(timezone.localdate() + timedelta(days=5), 12)
    return services.make_offer(user=recruiter, choice=our_choice, respond_by=deadline)


def test_the_candidate_hears_of_the_offer_at_once(sweep, offer, applicant):
    sweep(timezone.now())
    [note] = sent("offer_received")
    assert note.recipient == applicant
    assert offer.choice.posting.title in note.subject
    assert "/offers/" in note.link


def test_deadline_reminders_two_days_before_and_on_the_day_once_each(sweep, offer, applicant):
    deadline = offer.respond_by
    sweep(deadline - timedelta(days=3))
    assert sent("offer_deadline_soon") == []
    for hours in (47, 30, 20):  # the sweep runs often; the reminder goes once
        sweep(deadline - timedelta(hours=hours))
    assert [n.recipient for n in sent("offer_deadline_soon")] == [applicant]
    assert sent("offer_deadline_today") == []
    morning = oslo(timezone.localdate(deadline), 7)
    sweep(morning)
    sweep(morning + timedelta(hours=2))
    [today] = sent("offer_deadline_today")
    assert today.recipient == applicant
    message = next(m for m in mail.outbox if m.subject == today.subject)
    with translation.override(applicant.language):
        assert date_format(timezone.localtime(deadline), "DATETIME_FORMAT") in message.body


def test_no_reminder_for_an_offer_answered_already(sweep, offer, applicant):
    services.accept_offer(user=applicant, offer=offer)
    sweep(offer.respond_by - timedelta(hours=30))
    sweep(oslo(timezone.localdate(offer.respond_by), 7))
    assert sent("offer_deadline_soon") == sent("offer_deadline_today") == []


def test_the_reminders_cannot_be_turned_off(applicant):
    keys = {"offer_deadline_soon", "offer_deadline_today", "offer_received"}
    assert all(not notifications.occasions()[key].optional for key in keys)


def test_an_expired_offer_is_told_to_the_employers_recruiters(
    sweep, offer, recruiter, candidates, hospital_postings
):
    reserve = candidates(1)[0]
    services.add_to_reserve(user=recruiter, posting=hospital_postings[0], choices=[reserve])
    later = offer.respond_by + timedelta(minutes=5)
    services.expire_offers(now=later)
    sweep(later + timedelta(minutes=1))
    sweep(later + timedelta(minutes=3))
    [note] = sent("offer_expired")
    assert note.recipient == recruiter
    assert "Kandidat 0" in note.body  # the next reserve, to offer with one click
    assert note.link.endswith(f"/manage/postings/{hospital_postings[0].pk}/offers/")


def test_a_decline_is_told_to_the_employer(sweep, offer, applicant, recruiter):
    services.decline_offer(user=applicant, offer=offer)
    sweep(timezone.now())
    assert [n.recipient for n in sent("offer_declined")] == [recruiter]


def test_interview_tomorrow_with_a_calendar_file_for_candidate_and_interviewer(
    sweep, recruiter, applicant, hospital_postings, our_choice
):
    day = timezone.localdate() + timedelta(days=4)
    slot = services.create_slots(
        user=recruiter,
        posting=hospital_postings[0],
        starts_at=oslo(day, 10),
        duration_minutes=30,
        place="Kalnes",
        interviewers=[recruiter],
    )[0]
    services.invite_to_interview(user=recruiter, posting=slot.posting, choices=[our_choice])
    our_choice.refresh_from_db()
    services.book_slot(user=applicant, invitation=our_choice.interview_invitation, slot=slot)

    sweep(oslo(day - timedelta(days=2), 8))
    assert sent("interview_tomorrow") == []
    sweep(oslo(day - timedelta(days=1), 8))
    sweep(oslo(day - timedelta(days=1), 18))
    notes = sent("interview_tomorrow")
    assert sorted(n.recipient_id for n in notes) == sorted([applicant.pk, recruiter.pk])
    for note in notes:
        message = next(
            m for m in mail.outbox if m.to == [note.recipient.email] and m.subject == note.subject
        )
        [(filename, content, mimetype)] = message.attachments
        assert mimetype == "text/calendar"
        assert filename.endswith(".ics")
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        start = event.decoded("dtstart")
        assert (start.date(), start.hour, str(start.tzinfo)) == (day, 10, "Europe/Oslo")


def test_an_invitation_is_sent_once(sweep, invited, applicant):
    sweep(timezone.now())
    sweep(timezone.now() + timedelta(minutes=5))
    [note] = sent("interview_invitation")
    assert note.recipient == applicant
    assert f"/interviews/{invited.pk}/book/" in note.link


def test_a_withdrawn_offer_is_told_to_the_candidate(sweep, offer, recruiter, applicant):
    services.withdraw_offer(user=recruiter, offer=offer, reason="Stillingen er trukket")
    sweep(timezone.now())
    [note] = sent("offer_withdrawn")
    assert "Stillingen er trukket" in note.body


def test_a_prepared_offer_never_reaches_the_candidate(sweep, recruiter, our_choice, make_wave):
    make_wave(timezone.now() + timedelta(days=2))
    services.make_offer(user=recruiter, choice=our_choice)
    sweep(timezone.now())
    assert sent("offer_received") == []
    assert Offer.objects.get().status == Offer.Status.PREPARED
