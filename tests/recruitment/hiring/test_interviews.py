"""Interview slots booked by candidates: publish, invite, book, rebook, cancel, capacity,
cut-off, .ics; and notes and scores private to each organisation."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from recruitment.hiring import calendar, selectors, services
from recruitment.models import ChoiceStatus, InterviewAssessment, InterviewSlot
from tests import factories

OSLO = ZoneInfo("Europe/Oslo")


def test_publishing_back_to_back_slots(recruiter, hospital_postings):
    start = timezone.now() + timedelta(days=3)
    slots = services.create_slots(
        user=recruiter,
        posting=hospital_postings[0],
        starts_at=start,
        duration_minutes=30,
        video_url="https://meet.example.no/lis1",
        count=3,
        capacity=2,
        interviewers=[recruiter],
    )
    assert [s.starts_at - start for s in slots] == [timedelta(minutes=m) for m in (0, 30, 60)]
    assert all(list(s.interviewers.all()) == [recruiter] for s in slots)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "future"),
        ({"place": ""}, "place or a video link"),
        ({"count": 0}, "between 1 and 40"),
    ],
)
def test_bad_slots_are_refused_with_a_reason(recruiter, hospital_postings, kwargs, message):
    values = {
        "starts_at": timezone.now() + timedelta(days=1),
        "duration_minutes": 30,
        "place": "Kalnes",
    } | kwargs
    with pytest.raises(ValidationError, match=message):
        services.create_slots(user=recruiter, posting=hospital_postings[0], **values)


def test_interviewers_must_belong_to_the_employer_or_a_participant(
    recruiter, outsider_recruiter, municipal_recruiter, municipality, hospital_postings
):
    posting = hospital_postings[0]
    values = {"starts_at": timezone.now() + timedelta(days=1), "duration_minutes": 30}
    with pytest.raises(ValidationError, match="Interviewers"):
        services.create_slots(
            user=recruiter, posting=posting, place="A", interviewers=[outsider_recruiter], **values
        )
    services.add_participant(user=recruiter, posting=posting, organisation=municipality)
    slot = services.create_slots(
        user=recruiter, posting=posting, place="A", interviewers=[municipal_recruiter], **values
    )[0]
    assert list(slot.interviewers.all()) == [municipal_recruiter]


def test_only_a_municipality_can_take_part(recruiter, other_hospital, hospital_postings):
    with pytest.raises(ValidationError, match="municipality"):
        services.add_participant(
            user=recruiter, posting=hospital_postings[0], organisation=other_hospital
        )


def test_inviting_marks_the_choice_and_needs_a_slot(recruiter, hospital_postings, our_choice):
    with pytest.raises(ValidationError, match="interview time first"):
        services.invite_to_interview(
            user=recruiter, posting=hospital_postings[0], choices=[our_choice]
        )


def test_invited_choice_is_marked_interview(invited, our_choice):
    our_choice.refresh_from_db()
    assert our_choice.status == ChoiceStatus.INTERVIEW
    assert invited.message == "Velkommen!"


def test_the_candidate_books_rebooks_and_cancels(applicant, recruiter, invited, slot):
    later = services.create_slots(
        user=recruiter,
        posting=slot.posting,
        starts_at=slot.starts_at + timedelta(hours=2),
        duration_minutes=30,
        place="Kalnes",
    )[0]
    booking = services.book_slot(user=applicant, invitation=invited, slot=slot)
    assert services.book_slot(user=applicant, invitation=invited, slot=slot) == booking  # twice
    moved = services.book_slot(user=applicant, invitation=invited, slot=later)
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    assert moved.slot == later
    services.cancel_booking(user=applicant, booking=moved)
    moved.refresh_from_db()
    assert moved.cancelled_at is not None
    assert not invited.choice.interview_bookings.filter(cancelled_at__isnull=True).exists()


def test_a_full_slot_is_refused(applicant, other_applicant, recruiter, invited, slot, candidates):
    other = candidates(1)[0]
    services.invite_to_interview(user=recruiter, posting=slot.posting, choices=[other])
    services.book_slot(user=applicant, invitation=invited, slot=slot)
    with pytest.raises(ValidationError, match="just booked"):
        services.book_slot(
            user=other.application.applicant, invitation=other.interview_invitation, slot=slot
        )


def test_no_booking_changes_after_the_cut_off(applicant, invited, slot, settings):
    booking = services.book_slot(user=applicant, invitation=invited, slot=slot)
    InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() + timedelta(hours=3))
    booking.refresh_from_db()
    with pytest.raises(ValidationError, match="24 hours"):
        services.cancel_booking(user=applicant, booking=booking)
    other = services.create_slots(
        user=invited.invited_by,
        posting=slot.posting,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=30,
        place="B",
    )[0]
    with pytest.raises(ValidationError, match="can no longer be"):
        services.book_slot(user=applicant, invitation=invited, slot=other)
    settings.HIRING_INTERVIEW_CHANGE_HOURS = 1
    services.cancel_booking(user=applicant, booking=booking)


def test_a_cancelled_slot_cannot_be_booked(recruiter, applicant, invited, slot):
    services.cancel_slot(user=recruiter, slot=slot)
    slot.refresh_from_db()
    with pytest.raises(ValidationError, match="cancelled"):
        services.book_slot(user=applicant, invitation=invited, slot=slot)


def test_cancelling_a_slot_cancels_its_bookings(recruiter, applicant, invited, slot):
    booking = services.book_slot(user=applicant, invitation=invited, slot=slot)
    assert services.cancel_slot(user=recruiter, slot=slot) == 1
    booking.refresh_from_db()
    assert booking.cancelled_by == recruiter


def test_only_the_candidate_books_their_invitation(other_applicant, invited, slot):
    with pytest.raises(PermissionDenied):
        services.book_slot(user=other_applicant, invitation=invited, slot=slot)


def test_slots_of_another_posting_cannot_be_booked(
    recruiter, applicant, invited, hospital_postings
):
    elsewhere = services.create_slots(
        user=recruiter,
        posting=hospital_postings[1],
        starts_at=timezone.now() + timedelta(days=4),
        duration_minutes=30,
        place="C",
    )[0]
    with pytest.raises(ValidationError, match="another posting"):
        services.book_slot(user=applicant, invitation=invited, slot=elsewhere)


def test_withdrawing_cancels_the_booking(applicant, applied, invited, slot, our_choice):
    from recruitment.applications.services import withdraw_choice

    booking = services.book_slot(user=applicant, invitation=invited, slot=slot)
    withdraw_choice(user=applicant, application=applied, choice_id=our_choice.pk)
    booking.refresh_from_db()
    assert booking.cancelled_at is not None


# --- .ics --------------------------------------------------------------------------------


def test_the_ics_files_are_correct_in_oslo_time(recruiter, applicant, invited, hospital_postings):
    summer = datetime(2031, 6, 2, 9, 30, tzinfo=OSLO)  # CEST, UTC+2
    slot = services.create_slots(
        user=recruiter,
        posting=hospital_postings[0],
        starts_at=summer,
        duration_minutes=45,
        place="Kalnes, rom 2",
        interviewers=[recruiter],
    )[0]
    booking = services.book_slot(user=applicant, invitation=invited, slot=slot)

    for content in (calendar.booking_ics(booking), calendar.slot_ics(slot)):
        parsed = Calendar.from_ical(content)
        event = parsed.walk("VEVENT")[0]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert str(start.tzinfo) == "Europe/Oslo"
        assert (start.hour, start.minute) == (9, 30)
        assert start.utcoffset() == timedelta(hours=2)
        assert end - start == timedelta(minutes=45)
        assert str(event["location"]) == "Kalnes, rom 2"
        assert hospital_postings[0].title in str(event["summary"])
        assert any(c.name == "VTIMEZONE" for c in parsed.walk())
    interviewer_event = Calendar.from_ical(calendar.slot_ics(slot)).walk("VEVENT")[0]
    assert "Ola Søker" in str(interviewer_event["description"])


def test_ics_downloads_are_guarded(
    login, applicant, other_applicant, recruiter, outsider_recruiter, invited, slot
):
    booking = services.book_slot(user=applicant, invitation=invited, slot=slot)
    url = reverse("recruitment:hiring_booking_ics", args=[booking.pk])
    response = login(applicant).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert login(other_applicant).get(url).status_code == 404
    slot_url = reverse("recruitment:hiring_slot_ics", args=[slot.pk])
    assert login(recruiter).get(slot_url).status_code == 200
    assert login(outsider_recruiter).get(slot_url).status_code == 404


# --- Notes and scores --------------------------------------------------------------------


def test_assessments_are_private_to_the_organisation(
    recruiter, municipal_recruiter, municipality, invited, our_choice, hospital_postings
):
    colleague = factories.UserFactory()
    factories.MembershipFactory(
        user=colleague, organisation=recruiter.memberships.get().organisation
    )
    services.add_participant(
        user=recruiter, posting=hospital_postings[0], organisation=municipality
    )
    ours = services.save_assessment(
        user=recruiter, choice=our_choice, overall=5, primary_care_interest="yes", notes="Solid"
    )
    theirs = services.save_assessment(
        user=municipal_recruiter, choice=our_choice, overall=4, notes="Kommunens notat"
    )
    assert ours.organisation_id == hospital_postings[0].employer_id
    assert theirs.organisation == municipality
    assert list(selectors.visible_assessments(colleague, our_choice)) == [ours]
    assert list(selectors.visible_assessments(municipal_recruiter, our_choice)) == [theirs]
    assert selectors.primary_care_interest([our_choice.application.applicant_id]) == {
        our_choice.application.applicant_id: "yes"
    }


def test_saving_again_updates_the_interviewers_own_assessment(recruiter, invited, our_choice):
    services.save_assessment(user=recruiter, choice=our_choice, overall=3)
    services.save_assessment(user=recruiter, choice=our_choice, overall=6)
    assert InterviewAssessment.objects.get().overall == 6


def test_an_outsider_cannot_assess(outsider_recruiter, invited, our_choice):
    with pytest.raises(PermissionDenied):
        services.save_assessment(user=outsider_recruiter, choice=our_choice, overall=1)


def test_scores_outside_1_to_6_are_refused_by_the_database(recruiter, invited, our_choice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewAssessment.objects.create(
            choice=our_choice, organisation_id=our_choice.posting.employer_id, overall=9
        )
