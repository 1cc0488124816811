from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from careers import services
from careers.models import CareerStage, ChecklistItem, Event, EventKind, Registration
from tests import factories
from tests.careers.factories import EventFactory
from tests.reminders import of

OSLO = ZoneInfo("Europe/Oslo")
Status = Registration.Status


def people(n):
    return [factories.UserFactory() for _ in range(n)]


# --- Career pages ------------------------------------------------------------------------


def test_seeding_creates_every_stage_once_and_keeps_edits(stages, coordinator):
    lis1 = stages["lis1"]
    lis1.what_nb = "Redigert av koordinatoren."
    services.save_career_stage(user=coordinator, stage=lis1)
    assert services.seed_career_stages() == 0
    assert CareerStage.objects.count() == 7
    assert CareerStage.objects.get(key="lis1").what_nb == "Redigert av koordinatoren."


def test_seeding_fills_in_a_missing_stage(stages):
    stages["alis"].delete()
    assert services.seed_career_stages() == 1
    assert CareerStage.objects.get(key="alis").title_en.startswith("ALIS")


def test_only_the_coordinator_saves_stage_texts(stages, recruiter, coordinator):
    with pytest.raises(PermissionDenied):
        services.save_career_stage(user=recruiter, stage=stages["lis1"])
    saved = services.save_career_stage(user=coordinator, stage=stages["lis1"])
    assert saved.updated_by == coordinator


# --- Registration and the waiting list -------------------------------------------------------


def test_registration_confirms_until_the_event_is_full_then_queues(event):
    first, second, third = people(3)
    assert services.register(user=first, event=event).status == Status.CONFIRMED
    assert services.register(user=second, event=event).status == Status.CONFIRMED
    assert services.register(user=third, event=event).status == Status.WAITING
    assert event.registrations.filter(status=Status.CONFIRMED).count() == event.capacity


def test_registering_twice_keeps_the_first_registration(event, student):
    first = services.register(user=student, event=event)
    again = services.register(user=student, event=event)
    assert again.pk == first.pk
    assert event.registrations.count() == 1


def test_cancelling_promotes_the_first_on_the_waiting_list_and_tells_them(
    event, django_capture_on_commit_callbacks
):
    a, b, c, d = people(4)
    for person in (a, b, c, d):
        services.register(user=person, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(user=a, event=event)
    statuses = dict(event.registrations.values_list("user_id", "status"))
    assert statuses == {
        a.pk: Status.CANCELLED,
        b.pk: Status.CONFIRMED,
        c.pk: Status.CONFIRMED,
        d.pk: Status.WAITING,
    }
    (message,) = of("event_place_from_waiting_list")
    assert message.to == [c.email]
    assert event.title in message.subject
    assert f"/events/{event.pk}/event.ics" in message.body
    (receipt,) = of("event_registration_cancelled")  # the one who cancelled
    assert receipt.to == [a.email]


@pytest.mark.parametrize(
    ("recipient_language", "active_language", "subject"),
    [("en", "nb", "You have a place: "), ("nb", "en", "Du har fått plass: ")],
)
def test_promotion_mail_is_in_the_recipients_language(
    event, django_capture_on_commit_callbacks, recipient_language, active_language, subject
):
    """The one who cancels (and so the request) speaks the other language: only the
    per-recipient switch gives the promoted person a subject in their own."""
    a, b = people(2)
    waiting = factories.UserFactory(language=recipient_language)
    for person in (a, b, waiting):
        services.register(user=person, event=event)
    with translation.override(active_language), django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(user=a, event=event)
    (message,) = of("event_place_from_waiting_list")
    assert message.to == [waiting.email]
    assert message.subject == f"{subject}{event.title}"


def test_leaving_the_waiting_list_promotes_nobody(event, django_capture_on_commit_callbacks):
    a, b, c = people(3)
    for person in (a, b, c):
        services.register(user=person, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(user=c, event=event)
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 2
    assert mail.outbox == []


def test_registering_again_after_cancelling_joins_the_back_of_the_queue(event):
    a, b, c, d = people(4)
    for person in (a, b, c, d):
        services.register(user=person, event=event)
    services.cancel_registration(user=c, event=event)
    again = services.register(user=c, event=event)
    assert again.status == Status.WAITING
    services.cancel_registration(user=a, event=event)
    assert Registration.objects.get(event=event, user=d).status == Status.CONFIRMED
    assert Registration.objects.get(event=event, user=c).status == Status.WAITING


def test_cancelling_without_a_registration_is_refused(event, student):
    with pytest.raises(ValidationError, match="not registered"):
        services.cancel_registration(user=student, event=event)


def test_registration_closes_when_the_event_starts(hospital, student):
    started = EventFactory(organisers=[hospital], starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="closed"):
        services.register(user=student, event=started)


def test_raising_the_capacity_moves_people_off_the_waiting_list(event, recruiter, hospital):
    for person in people(4):
        services.register(user=person, event=event)
    event.capacity = 3
    services.save_event(user=recruiter, event=event, organisers=[hospital])
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 3
    assert event.registrations.filter(status=Status.WAITING).count() == 1


def test_capacity_cannot_drop_below_those_registered(event, recruiter, hospital):
    for person in people(2):
        services.register(user=person, event=event)
    event.capacity = 1
    with pytest.raises(ValidationError, match="already registered"):
        services.save_event(user=recruiter, event=event, organisers=[hospital])


def test_staff_cannot_organise_for_another_organisation(recruiter, other_hospital):
    event = EventFactory.build()
    with pytest.raises(PermissionDenied):
        services.save_event(user=recruiter, event=event, organisers=[other_hospital])


def test_outsider_cannot_edit_an_event(event, outsider_recruiter, other_hospital):
    with pytest.raises(PermissionDenied):
        services.save_event(user=outsider_recruiter, event=event, organisers=[other_hospital])


# --- Information evenings ----------------------------------------------------------------------


def deadline_in(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(23, 59), tzinfo=OSLO)


def test_information_evenings_are_weekday_evenings_before_the_deadline(
    stages, coordinator, hospital, municipality
):
    deadline = deadline_in(70)
    evenings = services.create_information_evenings(
        user=coordinator,
        deadline=deadline,
        organisers=[hospital, municipality],
        place="Kulturhuset",
    )
    assert len(evenings) == 2
    first, second = (timezone.localtime(e.starts_at) for e in evenings)
    for start, weeks in ((first, 6), (second, 3)):
        assert start.weekday() < 4  # Monday–Thursday
        assert (start.hour, start.minute) == (18, 0)
        assert start.tzinfo.key == "Europe/Oslo"
        planned = deadline.date() - timedelta(weeks=weeks)
        assert planned - timedelta(days=3) <= start.date() <= planned
    for event in evenings:
        assert event.kind == EventKind.INFORMATION_EVENING
        assert event.ends_at - event.starts_at == timedelta(hours=2)
        assert set(event.organisers.all()) == {hospital, municipality}
        assert set(event.target_stages.values_list("key", flat=True)) == {
            "summer_job",
            "observership",
            "lis0",
            "lis1",
        }


def test_information_evening_on_a_friday_moves_to_thursday():
    friday_deadline = datetime(2031, 3, 28, 23, 59, tzinfo=OSLO)  # a Friday
    assert friday_deadline.weekday() == 4
    assert services.information_evening_dates(friday_deadline, (6, 3)) == [
        date(2031, 2, 13),
        date(2031, 3, 6),
    ]


def test_creating_the_information_evenings_twice_creates_them_once(stages, coordinator, hospital):
    kwargs = {"deadline": deadline_in(70), "organisers": [hospital], "place": "Kulturhuset"}
    first = services.create_information_evenings(user=coordinator, **kwargs)
    second = services.create_information_evenings(user=coordinator, **kwargs)
    assert [e.pk for e in first] == [e.pk for e in second]
    assert Event.objects.count() == 2


def test_information_evenings_in_the_past_are_refused(stages, coordinator, hospital):
    with pytest.raises(ValidationError, match="in the past"):
        services.create_information_evenings(
            user=coordinator, deadline=deadline_in(20), organisers=[hospital], place="Sal A"
        )
    assert Event.objects.count() == 0


def test_only_the_coordinator_creates_information_evenings(stages, recruiter, hospital):
    with pytest.raises(PermissionDenied):
        services.create_information_evenings(
            user=recruiter, deadline=deadline_in(70), organisers=[hospital], place="Sal A"
        )


# --- Onboarding and buddies ----------------------------------------------------------------------


def test_start_onboarding_copies_the_checklist_due_before_the_start_date(
    applicant, hospital, posting, django_capture_on_commit_callbacks
):
    start = timezone.localdate() + timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        onboarding = services.start_onboarding(
            hire_user=applicant, organisation=hospital, start_date=start, posting=posting
        )
    items = list(onboarding.items.all())
    titles = {item.title for item in items}
    assert {"Brukerkonto opprettet", "Adgangskort bestilt", "Tilgang til EPJ"} <= titles
    assert {"Arbeidstøy / uniform", "Veileder oppnevnt", "Påmeldt introduksjonskurs"} <= titles
    assert all(item.due_date < start for item in items)
    assert all(item.done_at is None for item in items)
    assert onboarding.posting == posting
    assert onboarding.buddy is None
    assert [m.to for m in mail.outbox] == [[applicant.email]]


def test_a_hire_of_an_employer_without_a_template_gets_the_default_without_storing_it(
    applicant, hospital
):
    onboarding = services.start_onboarding(
        hire_user=applicant, organisation=hospital, start_date=timezone.localdate()
    )
    assert onboarding.items.count() == 7
    assert not hospital.checklist_template_items.exists()


def test_start_onboarding_uses_the_employers_own_template(applicant, hospital):
    hospital.checklist_template_items.create(title="Parkeringskort", days_before_start=3)
    start = timezone.localdate() + timedelta(days=10)
    onboarding = services.start_onboarding(
        hire_user=applicant, organisation=hospital, start_date=start
    )
    assert list(onboarding.items.values_list("title", "due_date")) == [
        ("Parkeringskort", start - timedelta(days=3))
    ]


def test_start_onboarding_twice_for_the_same_hire_changes_nothing(onboarding):
    again = services.start_onboarding(
        hire_user=onboarding.newcomer,
        organisation=onboarding.organisation,
        start_date=onboarding.start_date,
    )
    assert again.pk == onboarding.pk
    assert ChecklistItem.objects.filter(onboarding=onboarding).count() == 7


def test_assigning_a_buddy_tells_both(
    onboarding, recruiter, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_buddy(
            user=recruiter, onboarding=onboarding, buddy=colleague, contact="Tlf 900 00 000"
        )
    onboarding.refresh_from_db()
    assert onboarding.buddy == colleague
    assert onboarding.buddy_assigned_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([onboarding.newcomer.email, colleague.email])
    to_newcomer = next(m for m in mail.outbox if m.to == [onboarding.newcomer.email])
    assert colleague.email in to_newcomer.body
    assert "Tlf 900 00 000" in to_newcomer.body


def test_the_buddy_must_be_on_the_employers_staff(onboarding, recruiter, outsider_recruiter):
    with pytest.raises(ValidationError, match="staff"):
        services.assign_buddy(user=recruiter, onboarding=onboarding, buddy=outsider_recruiter)


def test_outsider_cannot_assign_a_buddy(onboarding, outsider_recruiter, colleague):
    with pytest.raises(PermissionDenied):
        services.assign_buddy(user=outsider_recruiter, onboarding=onboarding, buddy=colleague)


def test_ticking_an_item_records_who_and_when_and_can_be_undone(onboarding, recruiter):
    item = onboarding.items.first()
    services.set_item_done(user=recruiter, item=item, done=True)
    assert item.done_by == recruiter
    assert item.done_at is not None
    services.set_item_done(user=recruiter, item=item, done=False)
    assert item.done_at is None
    assert item.done_by is None


def test_outsider_cannot_tick_an_item(onboarding, outsider_recruiter):
    with pytest.raises(PermissionDenied):
        services.set_item_done(user=outsider_recruiter, item=onboarding.items.first(), done=True)
