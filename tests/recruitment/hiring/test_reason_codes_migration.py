"""Migration 0006: the sentences the portal used to store about "the candidate", in
English or Bokmål, become reason codes; what a person wrote stays as written."""

import importlib

import pytest
from django.apps import apps

from recruitment.hiring import services
from recruitment.models import Offer, OfferEvent, StatusReason

migration = importlib.import_module("recruitment.migrations.0006_status_reason_codes")


@pytest.fixture
def offer(recruiter, our_choice):
    return services.make_offer(user=recruiter, choice=our_choice)


def test_stored_sentences_in_either_language_become_codes(offer):
    Offer.objects.filter(pk=offer.pk).update(reason="Kandidaten takket ja til en annen stilling.")
    english = OfferEvent.objects.create(
        offer=offer, status="declined", note="The candidate accepted another post."
    )
    expired = OfferEvent.objects.create(
        offer=offer, status="expired", note="Ikke besvart innen fristen."
    )
    migration.to_codes(apps, None)
    offer.refresh_from_db()
    english.refresh_from_db()
    expired.refresh_from_db()
    assert (offer.reason, offer.reason_code) == ("", StatusReason.ACCEPTED_OTHER_POST)
    assert (english.note, english.reason_code) == ("", StatusReason.ACCEPTED_OTHER_POST)
    assert (expired.note, expired.reason_code) == ("", StatusReason.NOT_ANSWERED)


def test_what_the_employer_wrote_stays_and_the_wave_note_goes(recruiter, offer):
    services.withdraw_offer(user=recruiter, offer=offer, reason="Feil kandidat")
    prepared = OfferEvent.objects.create(offer=offer, status="prepared", note="Tilbudsrunde 2")
    migration.to_codes(apps, None)
    offer.refresh_from_db()
    prepared.refresh_from_db()
    assert (offer.reason, offer.reason_code) == ("Feil kandidat", "")
    assert offer.events.get(status="withdrawn").note == "Feil kandidat"
    assert prepared.note == ""  # the history shows the offer's wave instead


def test_going_back_writes_the_english_sentences_again(offer):
    Offer.objects.filter(pk=offer.pk).update(reason_code=StatusReason.NOT_ANSWERED)
    migration.to_sentences(apps, None)
    offer.refresh_from_db()
    assert offer.reason == "Not answered by the deadline."
