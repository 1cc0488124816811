"""Careers e-mail through the one path: each message a notification written in the
transaction of the change that causes it (none if it rolls back), delivered after commit,
with a calendar file for a place at an event that follows the event when it moves and is
cancelled with the same UID."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar

from careers import services
from careers.models import Registration
from portal import notifications
from tests import factories
from tests.reminders import of, rows, written_then_rolled_back


def people(n):
    return factories.UserFactory.create_batch(n)


def vevent(message):
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    (component,) = calendar.walk("VEVENT")
    return str(calendar["method"]), component


def test_registering_writes_the_confirmation_in_its_transaction(event):
    (person,) = people(1)
    assert written_then_rolled_back(
        lambda: services.register(user=person, event=event), "event_registered"
    ) == (1, 0)
    assert not Registration.objects.exists()


def test_a_place_from_the_waiting_list_is_written_in_the_cancellations_transaction(event):
    a, b, c = people(3)
    for person in (a, b, c):
        services.register(user=person, event=event)
    assert written_then_rolled_back(
        lambda: services.cancel_registration(user=a, event=event),
        "event_place_from_waiting_list",
    ) == (1, 0)
    assert rows("event_registration_cancelled").count() == 0


def test_moving_an_event_writes_to_everyone_with_a_place_in_its_transaction(
    event, recruiter, hospital
):
    for person in people(3):  # capacity 2: two places, one waiting
        services.register(user=person, event=event)

    def move():
        event.starts_at += timedelta(hours=1)
        event.ends_at += timedelta(hours=1)
        services.save_event(user=recruiter, event=event, organisers=[hospital])

    assert written_then_rolled_back(move, "event_moved") == (2, 0)


def test_the_calendar_file_follows_a_place_its_event_moving_and_its_cancellation(
    event, recruiter, hospital, django_capture_on_commit_callbacks
):
    (person,) = people(1)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(user=person, event=event)
    method, first = vevent(of("event_registered")[0])
    assert (method, int(first["sequence"])) == ("REQUEST", 0)
    assert str(first["attendee"]) == f"mailto:{person.email}"

    event.refresh_from_db()
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_event(user=recruiter, event=event, organisers=[hospital])
    method, moved = vevent(of("event_moved")[0])
    assert (method, int(moved["sequence"])) == ("REQUEST", 1)
    assert str(moved["uid"]) == str(first["uid"])
    assert moved.decoded("dtstart") == timezone.localtime(event.starts_at).replace(microsecond=0)

    # Saving without moving it tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        services.save_event(user=recruiter, event=event, organisers=[hospital])
    assert len(of("event_moved")) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(user=person, event=event)
    method, cancelled = vevent(of("event_registration_cancelled")[0])
    assert method == "CANCEL"
    assert str(cancelled["uid"]) == str(first["uid"])
    assert str(cancelled["status"]) == "CANCELLED"


def test_starting_an_onboarding_writes_the_welcome_in_its_transaction(applicant, hospital):
    start = timezone.localdate() + timedelta(days=30)
    assert written_then_rolled_back(
        lambda: services.start_onboarding(
            hire_user=applicant, organisation=hospital, start_date=start
        ),
        "onboarding_started",
    ) == (1, 0)


def test_naming_a_buddy_writes_both_messages_in_its_transaction(onboarding, recruiter, colleague):
    def name():
        services.assign_buddy(user=recruiter, onboarding=onboarding, buddy=colleague)

    assert written_then_rolled_back(name, "buddy_for_newcomer") == (1, 0)
    assert written_then_rolled_back(name, "buddy_for_buddy") == (1, 0)


def test_a_buddy_replaced_before_the_message_went_out_is_not_told(
    onboarding, recruiter, colleague, hospital, django_capture_on_commit_callbacks
):
    second = factories.UserFactory(email="andre@example.no")
    factories.MembershipFactory(user=second, organisation=hospital, role="recruiter")
    services.assign_buddy(user=recruiter, onboarding=onboarding, buddy=colleague)  # not sent
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_buddy(user=recruiter, onboarding=onboarding, buddy=second)
    notifications.sweep()
    for row in rows("buddy_for_buddy").filter(status="pending"):
        notifications.deliver(row.pk)
    assert [m.to for m in of("buddy_for_buddy")] == [[second.email]]
    assert rows("buddy_for_buddy").filter(recipient=colleague).get().status == "obsolete"
