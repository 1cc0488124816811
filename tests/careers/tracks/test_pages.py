"""The scheme's public pages, the LIS1 advert, the coordinator's and the chief physicians'
track pages, and the links to them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from careers import services as careers_services
from careers.models import Track, TrackConsent, TrackMunicipality
from careers.tracks import services
from recruitment.models import ApplicantProfile
from tests import factories
from tests.careers.tracks.factories import make_track
from tests.recruitment.factories import ApplicationRoundFactory

# --- Public ---------------------------------------------------------------------------------


def test_the_public_page_explains_the_scheme_and_each_municipalitys_terms(
    client, track, covered_posting
):
    response = client.get(track.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Østlegen" in html
    assert "Fastlønn i ALIS-perioden" in html  # terms
    assert "Elvdal kommune" in html
    assert covered_posting.title in html
    assert "not promised" in html
    assert "Østlegen" in client.get(reverse("careers:track_list")).content.decode()


def test_a_draft_track_has_no_public_page(client, trust, municipality):
    draft = make_track(trust=trust, municipalities=[municipality], published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.name not in client.get(reverse("careers:track_list")).content.decode()


def test_a_logged_in_visitor_can_give_preference_and_consent_on_the_track_page(
    login, applicant, track
):
    html = login(applicant).get(track.get_absolute_url()).content.decode()
    assert reverse("careers:track_consent", args=[track.slug]) in html


def test_the_lis1_advert_informs_about_the_track_without_promising_the_post(
    client, track, covered_posting, uncovered_posting
):
    html = client.get(covered_posting.get_absolute_url()).content.decode()
    assert "This post is part of the coupled track “Østlegen”" in html
    assert "is not promised" in html
    assert "would rather work in a hospital or in primary care" in html
    for promise in ("guarantee", "you will get", "garanti"):
        assert promise not in html.lower()
    assert "coupled track" not in client.get(uncovered_posting.get_absolute_url()).content.decode()


def test_the_lis1_advert_asks_a_signed_in_candidate_for_the_preference(
    login, applicant, track, covered_posting
):
    client = login(applicant)
    advert = covered_posting.get_absolute_url()
    html = client.get(advert).content.decode()
    assert "This post is part of the coupled track “Østlegen”" in html
    assert "After LIS1, where would you rather work?" in html
    assert reverse("careers:track_consent", args=[track.slug]) in html
    for box in ("consent", "share_documents"):
        tag = html[html.index(f'id="id_track{track.pk}_{box}"') - 200 :][:400]
        assert "checked" not in tag  # never pre-ticked
    response = client.post(
        reverse("careers:track_consent", args=[track.slug]),
        {"preference": "undecided", "next": advert},
    )
    assert response["Location"] == advert
    assert ApplicantProfile.objects.get(user=applicant).career_preference == "undecided"
    assert not TrackConsent.objects.exists()  # the preference alone is no consent


def test_an_anonymous_visitor_is_told_where_the_preference_is_asked(client, track, covered_posting):
    html = client.get(covered_posting.get_absolute_url()).content.decode()
    assert "Log in to answer now, or answer when you apply." in html
    assert reverse("careers:track_consent", args=[track.slug]) not in html


def test_the_general_practice_path_links_the_tracks(client):
    html = client.get(reverse("careers:path", args=["general-practice"])).content.decode()
    assert reverse("careers:track_list") in html


# --- The coordinator sets up a track --------------------------------------------------------


def test_the_coordinator_creates_a_track(login, coordinator, trust, covered_posting, lis1_round):
    client = login(coordinator)
    assert client.get(reverse("careers:track_create")).status_code == 200
    response = client.post(
        reverse("careers:track_create"),
        {
            "name": "Fjordlegen",
            "hospital_trust": trust.pk,
            "summary": "LIS1 og så ALIS.",
            "description": "Slik fungerer det.",
            "postings": [covered_posting.pk],
            "coupled_places": 1,
            "status": "published",
        },
    )
    track = Track.objects.get(name="Fjordlegen")
    assert response["Location"] == reverse("careers:manage_track", args=[track.pk])
    assert track.slug == "fjordlegen"
    assert track.published_at is not None
    assert list(track.postings.all()) == [covered_posting]
    assert track.consent_texts.get().version == 1


def test_a_track_covers_only_lis1_postings_of_its_own_trust(
    login, coordinator, trust, other_hospital, municipality
):
    foreign = factories.PostingFactory(employer=other_hospital, municipality=municipality)
    summer = factories.PostingFactory(kind="summer_job", employer=trust, municipality=municipality)
    client = login(coordinator)
    data = {
        "name": "Feil",
        "hospital_trust": trust.pk,
        "summary": "x",
        "description": "x",
        "coupled_places": 1,
        "status": "draft",
    }
    response = client.post(reverse("careers:track_create"), {**data, "postings": [foreign.pk]})
    assert response.status_code == 200
    assert "is not a posting of Sykehuset Øst HF" in response.content.decode()
    response = client.post(reverse("careers:track_create"), {**data, "postings": [summer.pk]})
    assert response.status_code == 200  # not even offered: only LIS1 postings are
    assert not Track.objects.filter(name="Feil").exists()


def test_no_warning_at_half(login, coordinator, track, lis1_round):
    html = login(coordinator).get(reverse("careers:manage_tracks")).content.decode()
    assert "may be coupled" not in html


def test_saving_a_track_warns_only_about_its_own_rounds(
    login, coordinator, trust, trust_hospital, track, covered_posting, municipality
):
    """Another round, all coupled by another track saved before the limit existed: the
    coordinator's list warns about it, and this track, in another round, still saves."""
    spring = factories.PostingFactory(employer=trust_hospital, municipality=municipality)
    ApplicationRoundFactory(name="LIS1 vår 2028", postings=[spring])
    make_track(trust=trust, postings=[spring], municipalities=[municipality], name="Vårlegen")
    client = login(coordinator)
    response = client.post(
        reverse("careers:track_edit", args=[track.pk]),
        {
            "name": track.name,
            "hospital_trust": track.hospital_trust_id,
            "summary": track.summary,
            "description": track.description,
            "postings": [covered_posting.pk],
            "coupled_places": track.coupled_places,
            "status": "published",
        },
        follow=True,
    )
    assert "The track was saved." in response.content.decode()
    assert "may be coupled (50%)" not in response.content.decode()
    listing = client.get(reverse("careers:manage_tracks")).content.decode()
    assert (
        "Sykehuset Øst HF couples 2 of its 2 LIS1 posts in “LIS1 vår 2028”; at most 1 may be "
        "coupled (50%)."
    ) in listing


def test_the_track_page_warns_the_coordinator_when_its_round_is_over_the_limit(
    login, coordinator, track, uncovered_posting, lis1_round
):
    track.postings.add(uncovered_posting)
    html = login(coordinator).get(reverse("careers:manage_track", args=[track.pk]))
    assert "Lower the coupled places" not in html.content.decode()  # 2 of 4: half is allowed
    track.coupled_places = 3
    track.save()  # as the admin could, past the services
    html = login(coordinator).get(reverse("careers:manage_track", args=[track.pk]))
    assert (
        "Sykehuset Øst HF couples 3 of its 4 LIS1 posts in “LIS1 høst 2027”; at most 2 may be "
        "coupled (50%). Lower the coupled places of its tracks in this round."
    ) in html.content.decode()


def test_adding_and_removing_municipalities_makes_new_consent_versions(
    login, coordinator, track, municipality_b, municipality_c
):
    client = login(coordinator)
    client.post(
        reverse("careers:track_municipality_add", args=[track.pk]),
        {"municipality": municipality_c.pk},
    )
    assert TrackMunicipality.objects.filter(track=track, municipality=municipality_c).exists()
    client.post(reverse("careers:track_municipality_remove", args=[track.pk, municipality_b.pk]))
    assert not TrackMunicipality.objects.filter(track=track, municipality=municipality_b).exists()
    latest = track.consent_texts.order_by("-version").first()
    assert latest.version == 3
    assert "Elvdal" not in latest.body_nb
    assert "Utby" in latest.body_nb


def test_only_municipalities_take_part(coordinator, track, trust):
    with pytest.raises(ValidationError, match="Only municipalities"):
        services.add_municipality(user=coordinator, track=track, municipality=trust)


@pytest.mark.parametrize("name", ["track_municipality_add", "track_municipality_remove"])
def test_chief_physicians_cannot_change_the_track(login, chief_a, track, municipality, name):
    args = [track.pk] if name.endswith("add") else [track.pk, municipality.pk]
    client = login(chief_a)
    assert client.post(reverse(f"careers:{name}", args=args)).status_code == 404
    assert client.get(reverse("careers:track_edit", args=[track.pk])).status_code == 404
    assert TrackMunicipality.objects.filter(track=track).count() == 2


def test_track_actions_are_post_only(login, coordinator, track, municipality):
    client = login(coordinator)
    url = reverse("careers:track_municipality_add", args=[track.pk])
    assert client.get(url).status_code == 405


# --- Terms ------------------------------------------------------------------------------------


def test_a_chief_physician_edits_their_own_municipalitys_terms_only(
    login, chief_a, track, municipality, municipality_b
):
    client = login(chief_a)
    url = reverse("careers:track_terms", args=[track.pk, municipality.pk])
    response = client.post(url, {"salary_model": "Fastlønn + tillegg", "housing": "Leilighet"})
    assert response.status_code == 302
    participation = track.participations.get(municipality=municipality)
    assert participation.housing == "Leilighet"
    other = reverse("careers:track_terms", args=[track.pk, municipality_b.pk])
    assert client.get(other).status_code == 404


# --- Staff lists ------------------------------------------------------------------------------


def test_the_track_list_shows_figures_and_pool_links(
    login, chief_a, coordinator, chief_c, track, municipality, municipality_b, candidate
):
    response = login(chief_a).get(reverse("careers:manage_tracks"))
    html = response.content.decode()
    assert reverse("careers:track_pool", args=[track.pk, municipality.pk]) in html
    assert reverse("careers:track_pool", args=[track.pk, municipality_b.pk]) not in html
    (row,) = response.context["rows"]
    assert row[1].consented == 1
    coordinator_view = login(coordinator).get(reverse("careers:manage_tracks"))
    assert "careers/tracks/manage/track_list.html" in [t.name for t in coordinator_view.templates]
    assert reverse("careers:track_pool", args=[track.pk, municipality.pk]) not in (
        coordinator_view.content.decode()
    )
    assert list(login(chief_c).get(reverse("careers:manage_tracks")).context["rows"]) == []


def test_the_track_page_shows_the_funnel(login, coordinator, track, candidate):
    response = login(coordinator).get(reverse("careers:manage_track", args=[track.pk]))
    assert [(r.municipality.name, r.consented) for r in response.context["funnel"]] == [
        ("Elvdal kommune", 1),
        ("Fjordby kommune", 1),
    ]
    assert response.context["texts"][0].active_consents == 1


@pytest.mark.parametrize("persona", ["recruiter", "applicant"])
def test_others_get_404_on_the_staff_pages(request, login, persona, track):
    client = login(request.getfixturevalue(persona))
    for url in (
        reverse("careers:manage_tracks"),
        reverse("careers:manage_track", args=[track.pk]),
        reverse("careers:placements"),
    ):
        assert client.get(url).status_code == 404


# --- Navigation -------------------------------------------------------------------------------


def test_the_staff_bar_links_tracks_for_chief_physicians_and_the_coordinator(
    login, client, chief_a, coordinator, recruiter
):
    url = reverse("careers:manage_tracks")
    assert url in login(chief_a).get(reverse("home")).content.decode()
    assert url in login(coordinator).get(reverse("home")).content.decode()
    assert url not in login(recruiter).get(reverse("home")).content.decode()


def test_your_path_shows_in_the_menu_only_when_relevant(client, applicant, candidate):
    url = reverse("careers:my_path")
    client.force_login(applicant)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()
    client.force_login(candidate)  # a consent: the path is relevant, from login on
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()


def test_your_path_without_anything_says_so(login, applicant):
    response = login(applicant).get(reverse("careers:my_path"))
    assert response.status_code == 200
    assert "You have no coupled tracks yet." in response.content.decode()


def test_your_path_shows_the_accepted_lis1_post_and_consent_history(login, candidate, track):
    services.give_consent(user=candidate, track=track, share_documents=True)
    html = login(candidate).get(reverse("careers:my_path")).content.decode()
    assert "You accepted LIS1: LIS1 Kalnes medisin" in html
    assert "Your consent history" in html
    assert "Replaced by a newer consent" in html


def test_the_lis1_and_alis_stage_pages_link_the_tracks(client):
    careers_services.seed_career_stages()
    for stage, linked in (("lis1", True), ("alis", True), ("lis0", False)):
        html = client.get(reverse("careers:stage", args=[stage])).content.decode()
        assert (reverse("careers:track_list") in html) is linked
