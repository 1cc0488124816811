"""The coupled-track panel: careers' funnel per track and per municipality, its chart and
its exports."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from careers.tracks import services
from portal.models import Membership, Organisation
from tests import factories
from tests.careers.tracks.factories import make_candidate, make_track
from tests.conftest import with_mfa
from tests.recruitment.factories import ApplicationRoundFactory


@pytest.fixture
def track_region(health_community, municipality):
    """Østlegen: a track of Sykehuset Øst HF with Fjordby and Elvdal. Four candidates
    accepted a covered LIS1 offer and lean to general practice; three consented. Fjordby
    invited, interviewed and placed the first; Elvdal invited and interviewed the second."""
    trust = factories.OrganisationFactory(
        name="Sykehuset Øst HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=health_community
    )
    hospital = factories.OrganisationFactory(name="Kalnes", parent=trust)
    elvdal = factories.MunicipalityFactory(name="Elvdal kommune", parent=health_community)
    posting = factories.PostingFactory(employer=hospital, municipality=municipality)
    lis1 = ApplicationRoundFactory(name="LIS1 høst 2027", postings=[posting])
    track = make_track(
        trust=trust, postings=[posting], municipalities=[municipality, elvdal], name="Østlegen"
    )
    people = [make_candidate(posting=posting, round=lis1, track=track) for _ in range(3)]
    make_candidate(posting=posting, round=lis1, track=track, consent=False)
    fjordby_chief, elvdal_chief = chief(municipality), chief(elvdal)
    placed = interview(fjordby_chief, track, municipality, people[0])
    services.record_outcome(user=fjordby_chief, invitation=placed, outcome="offered")
    services.record_outcome(user=fjordby_chief, invitation=placed, outcome="accepted")
    services.create_placement(
        user=fjordby_chief,
        invitation=placed,
        lis1_start=posting.start_date,
        alis_start=posting.start_date + timedelta(days=540),
    )
    interview(elvdal_chief, track, elvdal, people[1])
    return {"track": track, "elvdal": elvdal, "round": lis1}


def chief(municipality):
    user = with_mfa(factories.UserFactory())
    factories.MembershipFactory(
        user=user, organisation=municipality, role=Membership.Role.CHIEF_PHYSICIAN
    )
    return user


def interview(chief, track, municipality, candidate):
    """Invite a candidate, who accepts the time; the meeting is then recorded as held."""
    invitation = services.invite(
        user=chief,
        participation=track.participations.get(municipality=municipality),
        candidate_id=candidate.pk,
        kind="interview",
        message="Velkommen til en prat.",
        times=[timezone.now() + timedelta(days=7)],
    )
    services.answer_invitation(
        user=candidate, invitation=invitation, answer="accept", time_id=invitation.times.get().pk
    )
    return services.record_outcome(user=chief, invitation=invitation, outcome="interviewed")


def test_the_funnel_per_track_and_per_municipality(login, coordinator, track_region):
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    tables = response.context["tables"]
    assert tables["funnel_totals"].rows == [["Østlegen", 4, 3, 2, 2, 1]]
    assert {row[1]: row[2:] for row in tables["funnel"].rows} == {
        "Elvdal kommune": [4, 3, 1, 1, 0],
        "Fjordby kommune": [4, 3, 1, 1, 1],
    }
    html = response.content.decode()
    assert re.search(r"Interested: 4; Consented: 3; Invited: 2; Interviewed: 2; Placed: 1", html)
    manage = reverse("careers:manage_track", args=[track_region["track"].pk])
    assert f'href="{manage}"' in html


def test_the_funnel_follows_the_municipality_and_round_filters(login, coordinator, track_region):
    client = login(coordinator)
    response = client.get(
        reverse("dashboard:coordinator"), {"municipality": track_region["elvdal"].pk}
    )
    assert [row[1] for row in response.context["tables"]["funnel"].rows] == ["Elvdal kommune"]
    assert response.context["tables"]["funnel_totals"].rows == [["Østlegen", 4, 3, 1, 1, 0]]
    other = ApplicationRoundFactory(name="Annen runde")
    response = client.get(reverse("dashboard:coordinator"), {"round": other.pk})
    assert response.context["tables"]["funnel_totals"].rows == [["Østlegen", 0, 0, 0, 0, 0]]


def test_the_funnel_parses_back_from_csv(login, coordinator, track_region):
    response = login(coordinator).get(
        reverse("dashboard:coordinator_export", args=["funnel_totals", "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Track", "Interested", "Consented", "Invited", "Interviewed", "Placed"],
        ["Østlegen", "4", "3", "2", "2", "1"],
    ]
    response = login(coordinator).get(
        reverse("dashboard:coordinator_export", args=["funnel", "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("Elvdal kommune", 4, 3, 1, 1, 0),
        ("Fjordby kommune", 4, 3, 1, 1, 1),
    ]


def test_employers_get_no_funnel(login, recruiter, track_region):
    response = login(recruiter).get(reverse("dashboard:employer"))
    assert "funnel" not in response.context["tables"]
