"""Event reminders: the day before, to everyone with a confirmed place, with an .ics file."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from careers import services
from careers.models import Registration
from portal import notifications
from portal.models import Notification
from tests import factories
from tests.careers.factories import EventFactory
from tests.reminders import materialise_at, of, rows, sent, sweep_at

KEY = "event_tomorrow"


@pytest.fixture
def starts_at():
    return timezone.now() + timedelta(days=3)


@pytest.fixture
def evening(hospital, starts_at):
    return EventFactory(
        title="Informasjonskveld om LIS1",
        organisers=[hospital],
        starts_at=starts_at,
        capacity=1,
        video_url="https://video.example.no/lis1",
    )


def registered(event, email, **kwargs):
    user = factories.UserFactory(email=email, **kwargs)
    services.register(user=user, event=event)
    return user


def test_confirmed_people_are_reminded_the_day_before_and_no_one_else(evening, starts_at):
    registered(evening, "plass@example.no")
    registered(evening, "venteliste@example.no")  # capacity 1: on the waiting list
    cancelled = factories.UserFactory(email="avmeldt@example.no")
    other = EventFactory(starts_at=starts_at + timedelta(days=2), capacity=5)
    services.register(user=cancelled, event=other)
    services.cancel_registration(user=cancelled, event=other)
    registered(other, "annen@example.no")

    sweep_at(starts_at - timedelta(hours=24, minutes=1))
    assert of(KEY) == []
    sweep_at(starts_at - timedelta(hours=23, minutes=59))
    sweep_at(starts_at - timedelta(hours=2))
    assert sent(KEY) == ["plass@example.no"]
    sweep_at(starts_at + timedelta(hours=1))  # the event has started: nothing more
    assert len(of(KEY)) == 1


def test_someone_promoted_from_the_waiting_list_is_reminded_too(evening, starts_at):
    first = registered(evening, "forst@example.no")
    registered(evening, "neste@example.no")
    sweep_at(starts_at - timedelta(hours=20))
    services.cancel_registration(user=first, event=evening)
    sweep_at(starts_at - timedelta(hours=10))
    assert sent(KEY) == ["forst@example.no", "neste@example.no"]


def test_someone_who_cancels_before_the_reminder_leaves_gets_none(evening, starts_at):
    user = registered(evening, "angrer@example.no")
    materialise_at(starts_at - timedelta(hours=20))
    services.cancel_registration(user=user, event=evening)
    assert notifications.deliver(rows(KEY).get().pk) == "obsolete"
    assert Registration.objects.get(user=user).status == Registration.Status.CANCELLED
    assert of(KEY) == []


def test_the_reminder_has_the_details_a_calendar_file_and_why_it_was_sent(evening, starts_at):
    registered(evening, "detaljer@example.no", language="en")
    sweep_at(starts_at - timedelta(hours=20))
    (message,) = of(KEY)
    assert message.subject.startswith("Reminder: Informasjonskveld om LIS1")
    assert "https://video.example.no/lis1" in message.body
    assert evening.get_absolute_url() in message.body
    assert "you have a place at this event" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert filename == f"legeportalen-event-{evening.pk}.ics"
    assert mimetype == "text/calendar"
    (component,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(component["summary"]) == "Informasjonskveld om LIS1"
    assert component.decoded("dtstart") == timezone.localtime(starts_at).replace(microsecond=0)


def test_opted_out_people_are_skipped(evening, starts_at):
    user = registered(evening, "nei.takk@example.no")
    notifications.set_preferences(user, enabled_keys=set())
    sweep_at(starts_at - timedelta(hours=20))
    assert rows(KEY).get().status == Notification.Status.SKIPPED
    assert of(KEY) == []
