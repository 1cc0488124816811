from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from careers.models import ChecklistTemplateItem, Onboarding, Registration
from tests.careers.factories import EventFactory, RegistrationFactory


def test_event_must_end_after_it_starts():
    event = EventFactory.build()
    event.ends_at = event.starts_at - timedelta(minutes=1)
    with pytest.raises(IntegrityError, match="event_ends_after_start"):
        event.save()


def test_event_needs_a_place_or_a_video_link():
    with pytest.raises(IntegrityError, match="event_has_place_or_video"):
        EventFactory(place="", video_url="")


def test_event_with_only_a_video_link_is_allowed():
    assert EventFactory(place="", video_url="https://video.example.no/rom").pk


def test_a_person_registers_only_once_per_event(student):
    registration = RegistrationFactory(user=student)
    with pytest.raises(IntegrityError, match="registration_one_per_person"):
        RegistrationFactory(user=student, event=registration.event)


def test_confirmed_registration_needs_a_timestamp(student):
    with pytest.raises(IntegrityError, match="registration_confirmed_has_timestamp"):
        RegistrationFactory(user=student, confirmed_at=None)


def test_template_items_are_due_before_the_start_date(hospital):
    with pytest.raises(IntegrityError, match="checklisttemplate_due_before_start"):
        ChecklistTemplateItem.objects.create(
            organisation=hospital, title="Nøkkel", days_before_start=0
        )


def test_a_newcomer_cannot_be_their_own_buddy(onboarding):
    onboarding.buddy = onboarding.newcomer
    onboarding.buddy_assigned_at = onboarding.created_at
    with transaction.atomic(), pytest.raises(IntegrityError, match="buddy_not_newcomer"):
        onboarding.save()


def test_one_onboarding_per_hire(onboarding):
    with pytest.raises(IntegrityError, match="onboarding_one_per_hire"):
        Onboarding.objects.create(
            organisation=onboarding.organisation,
            newcomer=onboarding.newcomer,
            start_date=onboarding.start_date,
        )


def test_stage_text_falls_back_to_norwegian_in_english(stages):
    from django.utils import translation

    stage = stages["lis1"]
    stage.what_en = ""
    with translation.override("en"):
        assert stage.what == stage.what_nb
        assert stage.who == stage.who_en
    with translation.override("nb"):
        assert stage.who == stage.who_nb


def test_registration_status_values_are_checked(student):
    with pytest.raises(IntegrityError, match="registration_status_valid"):
        RegistrationFactory(user=student, status="maybe")
    assert Registration.Status.WAITING == "waiting"
