"""Coupled-track e-mail through the one path: written in the transaction of the change
(none if it rolls back); the agreed meeting carries a calendar entry, cancelled with the
same UID."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from careers.models import Invitation
from careers.tracks import services
from tests.reminders import of, written_then_rolled_back

SOON_DAYS = 5


@pytest.fixture
def invitation(chief_a, track, municipality, candidate):
    return services.invite(
        user=chief_a,
        participation=track.participations.get(municipality=municipality),
        candidate_id=candidate.pk,
        kind="visit",
        message="Kom på besøk.",
        times=[timezone.now() + timedelta(days=SOON_DAYS)],
        place="Rådhuset",
    )


def meeting(message):
    ((_filename, content, _mimetype),) = message.attachments
    calendar = Calendar.from_ical(content)
    (component,) = calendar.walk("VEVENT")
    return str(calendar["method"]), component


def test_inviting_writes_the_invitation_in_its_transaction(chief_a, track, municipality, candidate):
    def invite():
        services.invite(
            user=chief_a,
            participation=track.participations.get(municipality=municipality),
            candidate_id=candidate.pk,
            kind="talk",
            message="Hei",
            times=[timezone.now() + timedelta(days=3)],
        )

    assert written_then_rolled_back(invite, "track_invitation") == (1, 0)
    assert not Invitation.objects.exists()


def test_answering_writes_to_the_chief_and_the_candidate_in_its_transaction(candidate, invitation):
    def accept():
        services.answer_invitation(
            user=candidate,
            invitation=invitation,
            answer="accept",
            time_id=invitation.times.get().pk,
        )

    assert written_then_rolled_back(accept, "track_invitation_answered") == (1, 0)
    assert written_then_rolled_back(accept, "track_invitation_update") == (1, 0)


def test_an_agreed_meeting_comes_with_a_calendar_entry_cancelled_with_the_same_uid(
    candidate, chief_a, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_invitation(
            user=candidate,
            invitation=invitation,
            answer="accept",
            time_id=invitation.times.get().pk,
        )
    (agreed,) = of("track_invitation_update")
    assert agreed.to == [candidate.email]
    method, first = meeting(agreed)
    assert (method, int(first["sequence"])) == ("REQUEST", 0)
    (to_chief,) = of("track_invitation_answered")
    assert meeting(to_chief)[0] == "REQUEST"

    invitation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_invitation(user=chief_a, invitation=invitation)
    cancelled = of("track_invitation_update")[-1]
    method, gone = meeting(cancelled)
    assert method == "CANCEL"
    assert int(gone["sequence"]) == 1
    assert str(gone["uid"]) == str(first["uid"])


def test_cancelling_writes_in_its_transaction(chief_a, invitation):
    assert written_then_rolled_back(
        lambda: services.cancel_invitation(user=chief_a, invitation=invitation),
        "track_invitation_update",
    ) == (1, 0)


def test_withdrawing_consent_takes_an_agreed_meeting_out_of_the_calendar(
    candidate, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_invitation(
            user=candidate,
            invitation=invitation,
            answer="accept",
            time_id=invitation.times.get().pk,
        )
    consent = candidate.track_consents.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_consent(user=candidate, consent=consent)
    withdrawn = of("track_invitation_update")[-1]
    assert "trukket samtykket ditt" in withdrawn.body  # the candidate reads Bokmål
    method, gone = meeting(withdrawn)
    assert method == "CANCEL"
    assert str(gone["uid"]) == f"track-invitation-{invitation.pk}@legeportalen"
