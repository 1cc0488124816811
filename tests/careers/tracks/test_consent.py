"""The candidate's consent: specific (names the track and its municipalities), versioned,
time-stamped, never pre-ticked, never a condition for applying, withdrawn in one click."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careers.models import ConsentText, TrackConsent
from careers.tracks import services
from portal.models import AuditEvent
from recruitment.applications import services as application_services
from recruitment.models import ApplicantProfile, Application
from tests.careers.tracks.factories import make_track
from tests.recruitment.factories import ApplicantProfileFactory


@pytest.fixture
def applying(applicant, lis1_round, covered_posting):
    """The applicant's draft in the round, ranking the covered posting."""
    ApplicantProfileFactory(user=applicant)
    application = application_services.start_round_application(user=applicant, round=lis1_round)
    application_services.add_choice(
        user=applicant, application=application, posting=covered_posting
    )
    return application


def consent_form(track, **data):
    return {"next": "/applications/", **data}


def test_the_consent_text_names_the_track_the_trust_and_every_municipality(track):
    text = track.consent_texts.get()
    assert text.version == 1
    for words in (text.body_nb, text.body_en):
        assert "Østlegen" in words
        assert "Sykehuset Øst HF" in words
        assert "Elvdal kommune" in words
        assert "Fjordby kommune" in words
    assert set(text.municipalities.values_list("name", flat=True)) == {
        "Elvdal kommune",
        "Fjordby kommune",
    }
    assert "Fjordby kommune og Elvdal kommune" not in text.body_nb  # alphabetical
    assert "Elvdal kommune og Fjordby kommune" in text.body_nb


def test_a_consent_keeps_its_version_and_time(applicant, track, coordinator, municipality_c):
    before = timezone.now()
    first = services.give_consent(user=applicant, track=track, share_documents=False)
    assert (first.text.version, first.share_documents) == (1, False)
    assert before <= first.given_at <= timezone.now()

    services.add_municipality(user=coordinator, track=track, municipality=municipality_c)
    assert track.consent_texts.count() == 2
    first.refresh_from_db()
    assert first.text.version == 1
    assert first.is_active

    renewed = services.give_consent(user=applicant, track=track, share_documents=True)
    first.refresh_from_db()
    assert (first.end_reason, first.ended_at is not None) == ("renewed", True)
    assert (renewed.text.version, renewed.share_documents) == (2, True)
    assert "Utby kommune" in renewed.text.body_nb
    assert list(
        TrackConsent.objects.filter(candidate=applicant).values_list("text__version", flat=True)
    ) == [2, 1]


def test_giving_the_same_consent_twice_changes_nothing(applicant, track):
    first = services.give_consent(user=applicant, track=track, share_documents=False)
    again = services.give_consent(user=applicant, track=track, share_documents=False)
    assert first.pk == again.pk
    assert TrackConsent.objects.count() == 1


def test_a_text_changes_version_only_when_its_words_or_municipalities_change(
    coordinator, track, trust, covered_posting
):
    track.summary = "Ny oppsummering"
    services.save_track(user=coordinator, track=track, postings=[covered_posting])
    assert ConsentText.objects.filter(track=track).count() == 1
    track.name = "Østlegen 2"
    services.save_track(user=coordinator, track=track, postings=[covered_posting])
    assert list(track.consent_texts.values_list("version", flat=True)) == [2, 1]


def test_consent_is_refused_for_a_draft_track(applicant, trust, municipality):
    draft = make_track(trust=trust, municipalities=[municipality], published=False)
    with pytest.raises(ValidationError, match="not open"):
        services.give_consent(user=applicant, track=draft, share_documents=False)


def test_giving_and_withdrawing_consent_is_audited(applicant, track):
    consent = services.give_consent(user=applicant, track=track, share_documents=True)
    services.withdraw_consent(user=applicant, consent=consent)
    events = AuditEvent.objects.filter(subject_user_id=applicant.pk, object_id=str(consent.pk))
    assert list(events.order_by("pk").values_list("action", "detail")) == [
        ("create", "track consent given: ostlegen v1 with documents"),
        ("change", "track consent withdrawn: v1"),
    ]


# --- On the application page -------------------------------------------------------------


def test_the_application_asks_the_preference_and_the_consent_without_ticking_anything(
    login, applicant, applying, track
):
    response = login(applicant).get(applying.get_absolute_url())
    html = response.content.decode()
    assert "Coupled track: Østlegen" in html
    assert "is not promised" in html
    form = f'id="id_track{track.pk}_consent"'
    assert form in html
    tag = html[html.index(form) - 200 : html.index(form) + 200]
    assert "checked" not in tag
    docs_tag = html[html.index(f'id="id_track{track.pk}_share_documents"') - 200 :][:400]
    assert "checked" not in docs_tag
    assert "Elvdal kommune" in html  # the text names the municipalities
    assert "version 1" in html


def test_a_draft_track_shows_no_panel(login, applicant, lis1_round, trust, municipality):
    ApplicantProfileFactory(user=applicant)
    application = application_services.start_round_application(user=applicant, round=lis1_round)
    make_track(trust=trust, municipalities=[municipality], published=False, name="Skjult")
    html = login(applicant).get(application.get_absolute_url()).content.decode()
    assert "Skjult" not in html


def test_the_candidate_consents_while_applying(login, applicant, applying, track):
    client = login(applicant)
    response = client.post(
        reverse("careers:track_consent", args=[track.slug]),
        {"preference": "primary_care", "consent": "on", "next": applying.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == applying.get_absolute_url()
    consent = TrackConsent.objects.get(candidate=applicant)
    assert (consent.track, consent.share_documents, consent.is_active) == (track, False, True)
    assert ApplicantProfile.objects.get(user=applicant).career_preference == "primary_care"
    # The page now shows the consent, ticked because they ticked it, and a withdraw button.
    html = client.get(applying.get_absolute_url()).content.decode()
    assert "You consented on" in html
    assert reverse("careers:consent_withdraw", args=[consent.pk]) in html
    assert client.session["careers_has_track_path"] is True


def test_only_the_preference_can_be_saved_without_consent(login, applicant, applying, track):
    login(applicant).post(
        reverse("careers:track_consent", args=[track.slug]), {"preference": "undecided"}
    )
    assert not TrackConsent.objects.exists()
    assert ApplicantProfile.objects.get(user=applicant).career_preference == "undecided"


def test_documents_cannot_be_shared_without_the_profile(login, applicant, applying, track):
    response = login(applicant).post(
        reverse("careers:track_consent", args=[track.slug]),
        {"preference": "primary_care", "share_documents": "on"},
        follow=True,
    )
    assert not TrackConsent.objects.exists()
    assert "Documents can only be shared together with your profile" in response.content.decode()


def test_unticking_the_consent_withdraws_it(login, applicant, applying, track):
    client = login(applicant)
    url = reverse("careers:track_consent", args=[track.slug])
    client.post(url, {"preference": "primary_care", "consent": "on"})
    client.post(url, {"preference": "primary_care"})
    consent = TrackConsent.objects.get()
    assert consent.end_reason == "withdrawn"


def test_consent_is_never_a_condition_for_applying(applicant, applying, track):
    assert services.selectors.active_consents(applicant, [track]) == {}
    assert application_services.submission_problems(applying) == []
    application_services.submit_application(user=applicant, application=applying)
    applying.refresh_from_db()
    assert applying.status == Application.Status.SUBMITTED


def test_a_next_url_elsewhere_is_ignored(login, applicant, track):
    response = login(applicant).post(
        reverse("careers:track_consent", args=[track.slug]),
        {"preference": "undecided", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("careers:my_path")


# --- Withdrawal --------------------------------------------------------------------------


def test_withdrawal_is_one_post_and_get_is_not_allowed(login, applicant, track):
    consent = services.give_consent(user=applicant, track=track, share_documents=False)
    client = login(applicant)
    url = reverse("careers:consent_withdraw", args=[consent.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.end_reason == "withdrawn"
    assert consent.ended_at is not None
    assert client.post(url).status_code == 302  # twice: nothing more happens
    assert TrackConsent.objects.get().ended_at == consent.ended_at


def test_nobody_withdraws_another_persons_consent(login, applicant, other_applicant, track):
    consent = services.give_consent(user=applicant, track=track, share_documents=False)
    response = login(other_applicant).post(reverse("careers:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.is_active


def test_consent_actions_are_post_only(login, applicant, track):
    client = login(applicant)
    assert client.get(reverse("careers:track_consent", args=[track.slug])).status_code == 405


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/", "home"])
def test_only_a_path_on_this_site_is_followed_back(login, applicant, track, target):
    consent = services.give_consent(user=applicant, track=track, share_documents=False)
    client = login(applicant)
    response = client.post(
        reverse("careers:track_consent", args=[track.slug]),
        {"preference": "undecided", "consent": "on", "next": target},
    )
    assert response["Location"] == reverse("careers:my_path")
    response = client.post(reverse("careers:consent_withdraw", args=[consent.pk]), {"next": target})
    assert response["Location"] == reverse("careers:my_path")
