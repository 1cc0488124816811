"""The municipal pool as chief physicians see it: who may look (404 for everyone else),
what they see (only what the consent covers), local connection first, withdrawal at once,
and a query count that does not grow with the pool."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.tracks import selectors, services
from portal.models import AuditEvent, Membership
from tests import factories
from tests.careers.tracks.factories import make_candidate
from tests.conftest import with_mfa


def pool_url(track, municipality):
    return reverse("careers:track_pool", args=[track.pk, municipality.pk])


def candidate_url(track, municipality, user):
    return reverse("careers:track_pool_candidate", args=[track.pk, municipality.pk, user.pk])


def test_the_chief_physician_sees_the_candidate_in_the_pool(
    login, chief_a, track, municipality, candidate
):
    response = login(chief_a).get(pool_url(track, municipality))
    assert response.status_code == 200
    assert [c.name for c in response.context["candidates"]] == ["Kari Kandidat"]
    assert "Kari Kandidat" in response.content.decode()


def test_withdrawal_takes_effect_on_the_next_request(
    login, client, chief_a, track, municipality, candidate
):
    chief = login(chief_a)
    assert chief.get(candidate_url(track, municipality, candidate)).status_code == 200
    consent = candidate.track_consents.get()
    client.force_login(candidate)
    response = client.post(reverse("careers:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    client.force_login(chief_a)
    assert client.get(candidate_url(track, municipality, candidate)).status_code == 404
    assert client.get(pool_url(track, municipality)).context["candidates"] == []


def test_a_municipality_not_in_the_track_gets_404(login, chief_c, track, municipality_c, candidate):
    client = login(chief_c)
    assert client.get(pool_url(track, municipality_c)).status_code == 404
    assert client.get(candidate_url(track, municipality_c, candidate)).status_code == 404
    assert client.get(reverse("careers:manage_track", args=[track.pk])).status_code == 404


def test_a_chief_physician_cannot_open_another_municipalitys_pool(
    login, chief_a, track, municipality_b, candidate
):
    client = login(chief_a)
    assert client.get(pool_url(track, municipality_b)).status_code == 404
    assert client.get(candidate_url(track, municipality_b, candidate)).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "recruiter", "applicant"])
def test_nobody_but_the_chief_physician_sees_the_pool(
    request, login, persona, track, municipality, candidate
):
    client = login(request.getfixturevalue(persona))
    assert client.get(pool_url(track, municipality)).status_code == 404
    assert client.get(candidate_url(track, municipality, candidate)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, track, municipality):
    response = client.get(pool_url(track, municipality))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_chief_physician_without_two_factor_is_sent_to_set_it_up(
    login, track, municipality, candidate
):
    user = factories.UserFactory()
    factories.MembershipFactory(
        user=user, organisation=municipality, role=Membership.Role.CHIEF_PHYSICIAN
    )
    response = login(user).get(pool_url(track, municipality))
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_someone_outside_the_pool_is_404_even_with_the_right_url(
    login, chief_a, track, covered_posting, lis1_round, municipality
):
    hospital_minded = make_candidate(
        posting=covered_posting, round=lis1_round, track=track, preference="hospital"
    )
    not_accepted = make_candidate(
        posting=covered_posting, round=lis1_round, track=track, accepted=False
    )
    client = login(chief_a)
    for user in (hospital_minded, not_accepted):
        assert client.get(candidate_url(track, municipality, user)).status_code == 404


# --- What the municipality sees ------------------------------------------------------------


def test_only_the_fields_the_consent_covers_are_shown(
    login, chief_a, track, covered_posting, lis1_round, municipality
):
    user = make_candidate(
        posting=covered_posting,
        round=lis1_round,
        track=track,
        with_document=True,
        full_name="Per Privat",
        local=2,
    )
    profile = user.applicant_profile
    profile.hpr_number = "1234567"
    profile.save()
    response = login(chief_a).get(candidate_url(track, municipality, user))
    html = response.content.decode()
    shown = response.context["candidate"]
    assert isinstance(shown, selectors.PoolCandidate)
    assert not hasattr(shown, "hpr_number")
    assert "1234567" not in html  # the HPR number is not named by the consent
    assert "Hemmelig motivasjon" not in html  # nor the motivation
    assert "Per Privat" in html
    assert user.email in html
    assert shown.local_connection == 2
    assert shown.lis1_posting == covered_posting.title
    assert shown.documents == ()  # no document consent
    assert "min-cv.pdf" not in html


def test_documents_only_with_document_consent(
    login, client, chief_a, chief_b, track, covered_posting, lis1_round, municipality
):
    without = make_candidate(
        posting=covered_posting, round=lis1_round, track=track, with_document=True
    )
    with_docs = make_candidate(
        posting=covered_posting,
        round=lis1_round,
        track=track,
        with_document=True,
        share_documents=True,
    )
    chief = login(chief_a)
    shown = chief.get(candidate_url(track, municipality, with_docs)).context["candidate"]
    assert [d.title for d in shown.documents] == ["min-cv.pdf"]

    def download(user):
        document = user.documents.get()
        return chief.get(reverse("recruitment:document_download", args=[document.uuid]))

    response = download(with_docs)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(
        action="download", actor_id=chief_a.pk, subject_user_id=with_docs.pk
    ).exists()
    assert download(without).status_code == 404
    # Withdrawing the consent closes the documents at once too.
    services.withdraw_consent(user=with_docs, consent=with_docs.track_consents.get())
    assert download(with_docs).status_code == 404


def test_documents_are_shared_only_with_the_pools_municipalities(
    login, chief_c, track, covered_posting, lis1_round
):
    user = make_candidate(
        posting=covered_posting,
        round=lis1_round,
        track=track,
        with_document=True,
        share_documents=True,
    )
    document = user.documents.get()
    url = reverse("recruitment:document_download", args=[document.uuid])
    assert login(chief_c).get(url).status_code == 404


def test_a_recruiter_cannot_download_pool_documents_by_url(
    login, recruiter, track, covered_posting, lis1_round
):
    user = make_candidate(
        posting=covered_posting,
        round=lis1_round,
        track=track,
        with_document=True,
        share_documents=True,
    )
    url = reverse("recruitment:document_download", args=[user.documents.get().uuid])
    assert login(recruiter).get(url).status_code == 404


def test_local_connection_comes_first_and_other_sorts_work(
    login, chief_a, track, covered_posting, lis1_round, municipality
):
    for name, local in (("Anne Ingen", 0), ("Berit Litt", 1), ("Cato Mye", 3)):
        make_candidate(
            posting=covered_posting, round=lis1_round, track=track, full_name=name, local=local
        )
    client = login(chief_a)

    def names(query=""):
        response = client.get(pool_url(track, municipality) + query)
        return [c.name for c in response.context["candidates"]]

    assert names() == ["Cato Mye", "Berit Litt", "Anne Ingen"]
    assert names("?sort=name") == ["Anne Ingen", "Berit Litt", "Cato Mye"]
    assert names("?sort=local&local_only=on") == ["Cato Mye", "Berit Litt"]


def test_viewing_the_pool_and_a_candidate_is_audited(
    login, chief_a, track, municipality, candidate
):
    client = login(chief_a)
    client.get(pool_url(track, municipality))
    client.get(candidate_url(track, municipality, candidate))
    events = AuditEvent.objects.filter(actor_id=chief_a.pk, action="view")
    assert events.filter(detail__startswith="track pool (1").exists()
    assert events.filter(subject_user_id=candidate.pk, organisation_id=municipality.pk).exists()


def test_the_pool_query_count_does_not_grow_with_the_pool(
    login, chief_a, track, covered_posting, lis1_round, municipality, django_assert_max_num_queries
):
    client = login(chief_a)

    def add(n):
        for _n in range(n):
            user = make_candidate(posting=covered_posting, round=lis1_round, track=track, local=1)
            participation = track.participations.get(municipality=municipality)
            services.invite(
                user=chief_a,
                participation=participation,
                candidate_id=user.pk,
                kind="visit",
                message="Kom og se kontoret.",
                times=[timezone.now() + timedelta(days=30)],
            )

    add(2)
    with django_assert_max_num_queries(14) as small:
        assert len(client.get(pool_url(track, municipality)).context["candidates"]) == 2
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(pool_url(track, municipality)).context["candidates"]) == 12


def test_a_second_chief_physician_of_another_municipality_sees_the_same_candidate(
    login, chief_b, track, municipality_b, candidate
):
    assert login(chief_b).get(candidate_url(track, municipality_b, candidate)).status_code == 200


def test_a_chief_physician_of_two_municipalities_sees_each_pool(
    login, track, municipality, municipality_b, candidate
):
    user = with_mfa(factories.UserFactory())
    for org in (municipality, municipality_b):
        factories.MembershipFactory(user=user, organisation=org, role="chief_physician")
    client = login(user)
    assert client.get(pool_url(track, municipality)).status_code == 200
    assert client.get(pool_url(track, municipality_b)).status_code == 200
