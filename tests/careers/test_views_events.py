import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from careers import services
from careers.models import Event, EventKind, Registration
from tests import factories
from tests.careers.factories import EventFactory, RegistrationFactory

Status = Registration.Status


def url(name, event=None):
    return reverse(f"careers:{name}", kwargs={"pk": event.pk} if event else None)


# --- Public list and detail --------------------------------------------------------------------


def test_event_list_shows_coming_events_only(client, event, hospital):
    past = EventFactory(
        organisers=[hospital],
        title="Fjorårets karrieredag",
        starts_at=timezone.now() - timedelta(days=3),
    )
    response = client.get(url("event_list"))
    assert [e.title for e in response.context["page"]] == [event.title]
    assert past.title not in response.text


def test_event_list_filters_by_kind_and_stage(client, event, hospital, stages):
    seminar = EventFactory(
        organisers=[hospital], kind=EventKind.SEMINAR, target_stages=[stages["alis"]]
    )
    by_kind = client.get(url("event_list"), {"kind": "seminar"})
    assert [e.pk for e in by_kind.context["page"]] == [seminar.pk]
    by_stage = client.get(url("event_list"), {"stage": "lis1"})
    assert [e.pk for e in by_stage.context["page"]] == [event.pk]


def test_event_list_ignores_a_filter_it_does_not_know(client, event):
    response = client.get(url("event_list"), {"kind": "party"})
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == [event.pk]


def test_event_list_query_count_does_not_grow(
    client, hospital, municipality, stages, django_assert_max_num_queries
):
    EventFactory(organisers=[hospital], target_stages=[stages["lis1"]])
    with django_assert_max_num_queries(10) as small:
        client.get(url("event_list"))
    for _ in range(10):
        e = EventFactory(
            organisers=[hospital, municipality], target_stages=[stages["lis1"], stages["lis0"]]
        )
        RegistrationFactory(event=e)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url("event_list"))


def test_event_detail_shows_places_left(client, event):
    RegistrationFactory(event=event)
    response = client.get(url("event_detail", event))
    assert response.status_code == 200
    assert response.context["event"].places_left == 1
    assert "Log in to register" in response.text or "Logg inn" in response.text


def test_unknown_event_is_404(client, db):
    assert client.get(reverse("careers:event_detail", kwargs={"pk": 999})).status_code == 404


# --- Registration through the pages ---------------------------------------------------------


def test_logged_in_person_registers_and_cancels(login, student, event):
    client = login(student)
    response = client.post(url("event_register", event))
    assert response.status_code == 302
    assert Registration.objects.get(event=event, user=student).status == Status.CONFIRMED
    detail = client.get(url("event_detail", event))
    assert detail.context["registration"].status == Status.CONFIRMED
    client.post(url("event_cancel", event))
    assert Registration.objects.get(event=event, user=student).status == Status.CANCELLED


def test_a_full_event_puts_the_person_on_the_waiting_list_with_their_place(login, student, event):
    for _ in range(event.capacity):
        RegistrationFactory(event=event)
    client = login(student)
    client.post(url("event_register", event))
    detail = client.get(url("event_detail", event))
    assert detail.context["registration"].status == Status.WAITING
    assert detail.context["position"] == 1


def test_anonymous_registration_goes_to_log_in(client, event):
    response = client.post(url("event_register", event))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_registration_is_post_only(login, student, event):
    assert login(student).get(url("event_register", event)).status_code == 405


def test_registering_for_a_started_event_shows_a_message(login, student, hospital):
    started = EventFactory(organisers=[hospital], starts_at=timezone.now() - timedelta(hours=1))
    response = login(student).post(url("event_register", started), follow=True)
    # The service's reason, as a message (the page itself says "Registration has closed."
    # for any started event, so the word alone proves nothing).
    said = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert said == [("error", "Registration has closed: the event has started.")]
    assert "Registration has closed: the event has started." in response.text
    assert not Registration.objects.exists()


# --- iCalendar ------------------------------------------------------------------------------


def test_event_ics_parses_with_oslo_times(client, event):
    response = client.get(url("event_ics", event))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent["UID"] == f"event-{event.pk}@legeportalen"
    start = vevent.decoded("DTSTART")
    assert start == event.starts_at.replace(microsecond=0)
    assert start.tzinfo.key == "Europe/Oslo"
    assert vevent.decoded("DTEND") == event.ends_at.replace(microsecond=0)
    assert str(vevent["LOCATION"]) == event.place
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_events_feed_parses_and_holds_coming_events(client, event, hospital):
    EventFactory(
        organisers=[hospital],
        title="Gammelt seminar",
        starts_at=timezone.now() - timedelta(days=200),
    )
    video = EventFactory(organisers=[hospital], place="", video_url="https://video.example.no/lis1")
    response = client.get(url("events_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {event.title, video.title}
    assert str(events[video.title]["LOCATION"]) == video.video_url
    for vevent in events.values():
        assert vevent.decoded("DTSTART").tzinfo == ZoneInfo("Europe/Oslo")


# --- Organisers: attendees and CSV --------------------------------------------------------------


@pytest.fixture
def full_event(event, student):
    services.register(user=student, event=event)
    services.register(user=factories.UserFactory(full_name="=HYPERLINK(1)"), event=event)
    services.register(user=factories.UserFactory(full_name="Venter Vik"), event=event)
    return event


def test_organiser_sees_attendees_and_waiting_list(login, recruiter, full_event, student):
    response = login(recruiter).get(url("event_attendees", full_event))
    assert response.status_code == 200
    confirmed = [r.user.full_name for r in response.context["confirmed"]]
    assert confirmed == [student.full_name, "=HYPERLINK(1)"]
    assert [r.user.full_name for r in response.context["waiting"]] == ["Venter Vik"]


def test_coordinator_sees_attendees(login, coordinator, full_event):
    assert login(coordinator).get(url("event_attendees", full_event)).status_code == 200


@pytest.mark.parametrize("persona", ["outsider_recruiter", "applicant"])
@pytest.mark.parametrize("view", ["event_attendees", "event_attendees_csv", "event_edit"])
def test_others_get_404_on_organiser_pages(request, login, full_event, persona, view):
    client = login(request.getfixturevalue(persona))
    assert client.get(url(view, full_event)).status_code == 404


def test_attendee_csv_lists_everyone_and_defuses_formulas(login, recruiter, full_event, student):
    response = login(recruiter).get(url("event_attendees_csv", full_event))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    assert rows[1][:2] == [student.full_name, student.email]
    assert rows[2][0] == "'=HYPERLINK(1)"
    assert rows[3][0] == "Venter Vik"
    assert rows[3][4] == "1"


# --- Organisers: creating and editing events ----------------------------------------------------


def event_data(organiser, **overrides):
    start = timezone.localtime() + timedelta(days=20)
    data = {
        "kind": "career_day",
        "title": "Karrieredag for LIS1",
        "description": "Sykehuset og kommunene presenterer seg.",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT13:00"),
        "place": "Kulturhuset",
        "video_url": "",
        "capacity": "120",
        "organisers": [organiser.pk],
    }
    return data | overrides


def test_staff_create_an_event_for_their_organisation(login, recruiter, hospital, stages):
    data = event_data(hospital, target_stages=[stages["lis1"].pk])
    response = login(recruiter).post(url("event_create"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert list(event.organisers.all()) == [hospital]
    assert timezone.localtime(event.starts_at).hour == 9
    assert list(event.target_stages.all()) == [stages["lis1"]]


def test_staff_cannot_name_another_organisation_as_organiser(
    login, recruiter, other_hospital, stages
):
    response = login(recruiter).post(url("event_create"), event_data(other_hospital))
    assert response.status_code == 200
    assert "organisers" in response.context["form"].errors
    assert not Event.objects.exists()


def test_event_form_keeps_input_and_explains_errors(login, recruiter, hospital, stages):
    data = event_data(hospital, place="", ends_at=event_data(hospital)["starts_at"])
    response = login(recruiter).post(url("event_create"), data)
    errors = response.context["form"].errors
    assert "ends_at" in errors
    assert "place" in errors
    assert 'value="Karrieredag for LIS1"' in response.text


def test_event_edit_refuses_lowering_capacity_below_registrations(
    login, recruiter, full_event, hospital
):
    data = event_data(hospital, capacity="1")
    response = login(recruiter).post(url("event_edit", full_event), data)
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors


# --- Information evenings form --------------------------------------------------------------------


def test_coordinator_plans_the_information_evenings(login, coordinator, hospital, stages):
    deadline = timezone.localdate() + timedelta(days=90)
    response = login(coordinator).post(
        reverse("careers:information_evenings"),
        {
            "deadline": deadline.isoformat(),
            "first_weeks_before": "6",
            "second_weeks_before": "3",
            "starts": "18:00",
            "place": "Kulturhuset",
            "capacity": "150",
            "organisers": [hospital.pk],
        },
    )
    assert response.status_code == 302
    evenings = Event.objects.filter(kind=EventKind.INFORMATION_EVENING)
    assert evenings.count() == 2
    assert all(timezone.localdate(e.starts_at) < deadline for e in evenings)


def test_information_evenings_form_explains_a_deadline_too_close(
    login, coordinator, hospital, stages
):
    deadline = timezone.localdate() + timedelta(days=10)
    response = login(coordinator).post(
        reverse("careers:information_evenings"),
        {
            "deadline": deadline.isoformat(),
            "first_weeks_before": "6",
            "second_weeks_before": "3",
            "starts": "18:00",
            "place": "Kulturhuset",
            "capacity": "150",
            "organisers": [hospital.pk],
        },
    )
    assert response.status_code == 200
    assert "in the past" in str(response.context["form"].non_field_errors())
    assert not Event.objects.exists()


def test_recruiter_gets_404_on_information_evenings(login, recruiter):
    assert login(recruiter).get(reverse("careers:information_evenings")).status_code == 404


def test_manage_events_lists_only_own_events(login, recruiter, event, other_hospital):
    EventFactory(organisers=[other_hospital], title="Annet sykehus")
    response = login(recruiter).get(reverse("careers:manage_events"))
    assert [e.pk for e in response.context["page"]] == [event.pk]
