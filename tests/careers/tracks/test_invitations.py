"""Invitations: a municipality invites a pool candidate with proposed times and a message;
the candidate accepts one, proposes another or declines; each municipality sees only its
own; outcomes and placements are recorded and the doctor sees the whole path."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from careers.models import Invitation, Placement
from careers.tracks import services
from tests.careers.tracks.factories import make_candidate
from tests.confirming import ask, confirmation_fields
from tests.reminders import of

SOON = timezone.now() + timedelta(days=5)
LATER = timezone.now() + timedelta(days=8)


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def invitation(chief_a, track, municipality, candidate):
    mail.outbox.clear()
    return services.invite(
        user=chief_a,
        participation=track.participations.get(municipality=municipality),
        candidate_id=candidate.pk,
        kind="interview",
        message="Vi vil gjerne vise deg legekontoret.",
        times=[SOON, LATER],
        place="Fjordby legesenter",
    )


def test_the_chief_physician_invites_from_the_candidates_page(
    login, chief_a, track, municipality, candidate, django_capture_on_commit_callbacks
):
    url = reverse("careers:track_pool_candidate", args=[track.pk, municipality.pk, candidate.pk])
    client = login(chief_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "kind": "visit",
                "message": "Kom på besøk!",
                "place": "Rådhuset",
                "time_1": local(SOON),
                "time_2": local(LATER),
            },
        )
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("careers:invitation_detail", args=[invitation.pk])
    assert (invitation.municipality, invitation.candidate, invitation.kind) == (
        municipality,
        candidate,
        "visit",
    )
    assert invitation.times.count() == 2
    (message,) = mail.outbox
    assert message.to == [candidate.email]
    assert "Fjordby kommune" in message.subject
    assert "Kom på besøk!" in message.body
    assert reverse("careers:my_path") in message.body


def test_times_must_be_in_the_future(login, chief_a, track, municipality, candidate):
    url = reverse("careers:track_pool_candidate", args=[track.pk, municipality.pk, candidate.pk])
    response = login(chief_a).post(
        url,
        {"kind": "visit", "message": "Hei", "time_1": local(timezone.now() - timedelta(hours=1))},
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_candidate_outside_the_pool_cannot_be_invited(
    chief_a, track, covered_posting, lis1_round, municipality
):
    outsider = make_candidate(posting=covered_posting, round=lis1_round, track=track, consent=False)
    with pytest.raises(ValidationError, match="no longer in the pool"):
        services.invite(
            user=chief_a,
            participation=track.participations.get(municipality=municipality),
            candidate_id=outsider.pk,
            kind="talk",
            message="Hei",
            times=[SOON],
        )


def test_only_the_municipalitys_chief_physician_may_invite(chief_b, track, municipality, candidate):
    with pytest.raises(PermissionDenied):
        services.invite(
            user=chief_b,
            participation=track.participations.get(municipality=municipality),
            candidate_id=candidate.pk,
            kind="talk",
            message="Hei",
            times=[SOON],
        )


# --- The candidate answers -------------------------------------------------------------------


def answer(client, invitation, **data):
    return client.post(reverse("careers:invitation_answer", args=[invitation.pk]), data)


def test_the_candidate_sees_the_invitation_and_accepts_a_time(
    login, candidate, chief_a, invitation, django_capture_on_commit_callbacks
):
    client = login(candidate)
    html = client.get(reverse("careers:my_path")).content.decode()
    assert "Vi vil gjerne vise deg legekontoret." in html
    assert f'id="id_inv{invitation.pk}_time_0"' in html
    mail.outbox.clear()
    later = invitation.times.get(starts_at=LATER)
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, invitation, answer="accept", time=later.pk, message="Gleder meg")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.status, invitation.chosen_time) == ("accepted", later)
    (message,) = of("track_invitation_answered")
    assert message.to == [chief_a.email]
    assert "Gleder meg" in message.body
    assert reverse("careers:invitation_detail", args=[invitation.pk]) in message.body
    # Answered: no second answer.
    answer(client, invitation, answer="decline")
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_the_candidate_proposes_another_time_and_the_municipality_agrees(
    login, candidate, chief_a, invitation, django_capture_on_commit_callbacks
):
    other = timezone.now() + timedelta(days=12)
    answer(login(candidate), invitation, answer="propose", proposed_time=local(other))
    invitation.refresh_from_db()
    assert invitation.status == "proposed"
    mail.outbox.clear()
    client = login(chief_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("careers:invitation_accept_proposal", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert local(invitation.chosen_time.starts_at) == local(other)
    assert mail.outbox[0].to == [invitation.candidate.email]


def test_the_candidate_declines(login, candidate, invitation):
    answer(login(candidate), invitation, answer="decline", message="Nei takk")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.candidate_message) == ("declined", "Nei takk")


def test_accepting_needs_one_of_the_offered_times(login, candidate, invitation, track):
    other = services.invite(
        user=invitation.created_by,
        participation=track.participations.get(municipality=invitation.municipality),
        candidate_id=candidate.pk,
        kind="talk",
        message="Nok en",
        times=[LATER + timedelta(days=1)],
    )
    answer(login(candidate), invitation, answer="accept", time=other.times.get().pk)
    invitation.refresh_from_db()
    assert invitation.status == "sent"


def test_nobody_answers_another_persons_invitation(login, other_applicant, invitation):
    response = answer(login(other_applicant), invitation, answer="decline")
    assert response.status_code == 404


def test_answering_is_post_only(login, candidate, invitation):
    url = reverse("careers:invitation_answer", args=[invitation.pk])
    assert login(candidate).get(url).status_code == 405


# --- Each municipality sees only its own ------------------------------------------------------


def test_municipality_a_never_sees_bs_invitations(
    login, chief_a, chief_b, track, municipality, municipality_b, candidate, invitation
):
    b_invitation = services.invite(
        user=chief_b,
        participation=track.participations.get(municipality=municipality_b),
        candidate_id=candidate.pk,
        kind="talk",
        message="Fra Elvdal",
        times=[SOON],
    )
    a = login(chief_a)
    assert a.get(reverse("careers:invitation_detail", args=[b_invitation.pk])).status_code == 404
    for name in ("invitation_cancel", "invitation_outcome", "invitation_accept_proposal"):
        assert a.post(reverse(f"careers:{name}", args=[b_invitation.pk])).status_code == 404
    html = a.get(reverse("careers:track_invitations", args=[track.pk, municipality.pk]))
    assert "Fra Elvdal" not in html.content.decode()
    assert list(html.context["page"]) == [invitation]
    assert (
        a.get(reverse("careers:track_invitations", args=[track.pk, municipality_b.pk])).status_code
        == 404
    )
    pool = a.get(reverse("careers:track_pool", args=[track.pk, municipality.pk]))
    assert pool.context["candidates"][0].invitations == (invitation,)
    b_invitation.refresh_from_db()
    assert b_invitation.status == "sent"


def test_a_withdrawn_consent_ends_running_invitations_and_hides_them(
    login, chief_a, candidate, invitation
):
    services.withdraw_consent(user=candidate, consent=candidate.track_consents.get())
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"
    client = login(chief_a)
    assert client.get(reverse("careers:invitation_detail", args=[invitation.pk])).status_code == 404


@pytest.mark.parametrize("leaves", ["hospital", "offer"])
def test_the_invitation_list_follows_the_pool_rule_like_the_invitation_page(
    login, chief_a, track, municipality, candidate, invitation, leaves
):
    """A candidate who turns to hospital medicine, or whose accepted offer is undone, is no
    longer shown to the municipality: not on the list, not on the invitation's page."""
    client = login(chief_a)
    url = reverse("careers:track_invitations", args=[track.pk, municipality.pk])
    assert list(client.get(url).context["page"]) == [invitation]
    if leaves == "hospital":
        services.set_preference(user=candidate, preference="hospital")
    else:
        candidate.applications.get().choices.update(status="declined")
    response = client.get(url)
    assert list(response.context["page"]) == []
    assert candidate.full_name not in response.content.decode()
    assert client.get(reverse("careers:invitation_detail", args=[invitation.pk])).status_code == 404


def test_the_coordinator_does_not_see_individual_invitations(login, coordinator, invitation):
    url = reverse("careers:invitation_detail", args=[invitation.pk])
    assert login(coordinator).get(url).status_code == 404


# --- Outcomes and placements ----------------------------------------------------------------


def agree(invitation):
    return services.answer_invitation(
        user=invitation.candidate,
        invitation=invitation,
        answer="accept",
        time_id=invitation.times.first().pk,
    )


def test_outcomes_move_forwards_only_after_a_time_is_agreed(chief_a, invitation):
    with pytest.raises(ValidationError, match="once a time has been agreed"):
        services.record_outcome(user=chief_a, invitation=invitation, outcome="interviewed")
    agree(invitation)
    services.record_outcome(user=chief_a, invitation=invitation, outcome="interviewed")
    services.record_outcome(user=chief_a, invitation=invitation, outcome="offered")
    with pytest.raises(ValidationError):
        services.record_outcome(user=chief_a, invitation=invitation, outcome="interviewed")
    services.record_outcome(user=chief_a, invitation=invitation, outcome="declined")
    with pytest.raises(ValidationError):
        services.record_outcome(user=chief_a, invitation=invitation, outcome="accepted")


def test_an_accepted_coupled_post_becomes_a_placement_the_doctor_sees(
    login,
    chief_a,
    candidate,
    invitation,
    covered_posting,
    municipality,
    django_capture_on_commit_callbacks,
):
    agree(invitation)
    client = login(chief_a)
    response = client.post(
        reverse("careers:invitation_outcome", args=[invitation.pk]), {"outcome": "accepted"}
    )
    assert response["Location"] == reverse("careers:placement_create", args=[invitation.pk])
    form = client.get(response["Location"]).context["form"]
    assert form.initial["lis1_start"] == covered_posting.start_date
    start = covered_posting.start_date
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("careers:placement_create", args=[invitation.pk]),
            {
                "lis1_start": start.isoformat(),
                "municipal_lis1_start": (start + timedelta(days=365)).isoformat(),
                "municipal_lis1_end": (start + timedelta(days=548)).isoformat(),
                "alis_start": (start + timedelta(days=549)).isoformat(),
            },
        )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.candidate, placement.municipality, placement.lis1_posting) == (
        candidate,
        municipality,
        covered_posting,
    )
    assert mail.outbox[0].to == [candidate.email]
    html = login(candidate).get(reverse("careers:my_path")).content.decode()
    assert "Your agreed path" in html
    path = html[html.index("Your agreed path") : html.index("Invitations from municipalities")]
    # The whole path, in order: hospital LIS1, municipal LIS1 period, ALIS/LIS3.
    stages = [
        f"LIS1 at the hospital: {covered_posting.title}",
        f'<time datetime="{start.isoformat()}">',
        "LIS1 in Fjordby kommune",
        f'<time datetime="{(start + timedelta(days=365)).isoformat()}">',
        f'<time datetime="{(start + timedelta(days=548)).isoformat()}">',
        "ALIS/LIS3 in Fjordby kommune",
        f'<time datetime="{(start + timedelta(days=549)).isoformat()}">',
    ]
    positions = [path.index(stage) for stage in stages]
    assert positions == sorted(positions)
    # The invitation tells the outcome too.
    assert "Accepted the coupled post" in html


def test_a_placement_needs_an_accepted_coupled_post_and_sensible_dates(
    chief_a, invitation, covered_posting
):
    start = covered_posting.start_date
    with pytest.raises(ValidationError, match="accepted the coupled post"):
        services.create_placement(
            user=chief_a, invitation=invitation, lis1_start=start, alis_start=start
        )
    agree(invitation)
    services.record_outcome(user=chief_a, invitation=invitation, outcome="accepted")
    with pytest.raises(ValidationError):
        services.create_placement(
            user=chief_a, invitation=invitation, lis1_start=start, alis_start=start
        )
    services.create_placement(
        user=chief_a, invitation=invitation, lis1_start=start, alis_start=start + timedelta(400)
    )
    with pytest.raises(ValidationError, match="already has a placement"):
        services.create_placement(
            user=chief_a, invitation=invitation, lis1_start=start, alis_start=start + timedelta(9)
        )


def test_the_coordinator_sees_all_placements_each_municipality_its_own(
    login, chief_a, chief_b, coordinator, invitation, covered_posting
):
    agree(invitation)
    services.record_outcome(user=chief_a, invitation=invitation, outcome="accepted")
    start = covered_posting.start_date
    placement = services.create_placement(
        user=chief_a, invitation=invitation, lis1_start=start, alis_start=start + timedelta(500)
    )
    url = reverse("careers:placements")
    assert list(login(coordinator).get(url).context["page"]) == [placement]
    assert list(login(chief_a).get(url).context["page"]) == [placement]
    assert list(login(chief_b).get(url).context["page"]) == []
    edit = reverse("careers:placement_edit", args=[placement.pk])
    assert login(chief_b).get(edit).status_code == 404
    response = login(coordinator).post(
        edit,
        {
            "lis1_start": start.isoformat(),
            "alis_start": (start + timedelta(500)).isoformat(),
            "status": "lis1",
        },
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "lis1"


def test_a_placement_keeps_the_candidate_visible_after_consent_is_withdrawn(
    login, chief_a, invitation, covered_posting
):
    agree(invitation)
    services.record_outcome(user=chief_a, invitation=invitation, outcome="accepted")
    start = covered_posting.start_date
    services.create_placement(
        user=chief_a, invitation=invitation, lis1_start=start, alis_start=start + timedelta(500)
    )
    candidate = invitation.candidate
    services.withdraw_consent(user=candidate, consent=candidate.track_consents.get())
    url = reverse("careers:invitation_detail", args=[invitation.pk])
    assert login(chief_a).get(url).status_code == 200


def test_cancelling_asks_first_then_tells_the_candidate_once(
    login, chief_a, chief_b, invitation, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    url = reverse("careers:invitation_cancel", args=[invitation.pk])
    client = login(chief_a)
    with django_capture_on_commit_callbacks(execute=True):
        page = ask(client, url)
    html = " ".join(page.content.decode().split())
    assert f"Cancel the invitation to {invitation.candidate}?" in html
    assert (
        f"{invitation.candidate} is told by e-mail, as soon as you confirm, that Fjordby "
        "kommune has cancelled the invitation (interview)." in html
    )
    invitation.refresh_from_db()
    assert invitation.status == "sent"
    assert mail.outbox == []
    assert login(chief_b).post(url, confirmation_fields(page)).status_code == 404

    client = login(chief_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, confirmation_fields(page))
        again = client.post(url, confirmation_fields(page), follow=True)
    assert "This invitation has already ended." in again.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"
    assert [message.to for message in mail.outbox] == [[invitation.candidate.email]]


@pytest.mark.parametrize(
    "name", ["invitation_cancel", "invitation_outcome", "invitation_accept_proposal"]
)
def test_municipal_actions_are_post_only(login, chief_a, invitation, name):
    url = reverse(f"careers:{name}", args=[invitation.pk])
    assert login(chief_a).get(url).status_code == 405
