"""Issue 16: the coupled-tracks part of the coordinator's dashboard shows the coupling limit
(careers/tracks/coupling.py) per round and hospital trust.

On top of the region: Helse Øst HF (the region's track trust) with its hospital Sykehuset
Nord has 7 LIS1 posts in "LIS1 høst 2026", of which its track Nordlegen couples 4 – the
limit is 7 × 50 % = 3, so it is over – and 4 posts in "LIS1 vår 2026", of which Nordlegen
vår couples 2 (limit 2). Helse Vest HF's Sykehuset Sør has 5 posts in "LIS1 høst 2026" and
no track (limit 2).
"""

import pytest
from django.urls import reverse

from portal.models import Organisation
from tests import factories
from tests.careers.tracks.factories import make_track
from tests.dashboard.region import make_posting

HØST = ["LIS1 høst 2026", "Helse Øst HF", 7, 4, 3, "yes"]
VÅR = ["LIS1 vår 2026", "Helse Øst HF", 4, 2, 2, "no"]
VEST = ["LIS1 høst 2026", "Helse Vest HF", 5, 0, 2, "no"]


@pytest.fixture
def coupled(region, municipality, health_community):
    east = region.track.hospital_trust
    north = factories.OrganisationFactory(name="Sykehuset Nord", parent=east)
    now = make_posting(region.current, north, municipality, "LIS1 Nord", 7)
    before = make_posting(region.previous, north, municipality, "LIS1 Nord vår", 4)
    make_track(trust=east, postings=[now], coupled_places=4, name="Nordlegen")
    make_track(trust=east, postings=[before], coupled_places=2, name="Nordlegen vår")
    west = factories.OrganisationFactory(
        name="Helse Vest HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=health_community
    )
    south = factories.OrganisationFactory(name="Sykehuset Sør", parent=west)
    make_posting(region.current, south, municipality, "LIS1 Sør", 5)
    return {"east": east, "north": north, "west": west}


def coupling_rows(client, **query) -> list[list]:
    return client.get(reverse("dashboard:coordinator"), query).context["tables"]["coupling"].rows


def test_the_coupling_limit_per_round_and_trust(login, coordinator, coupled):
    client = login(coordinator)
    response = client.get(reverse("dashboard:coordinator"))
    found = response.context["tables"]["coupling"]
    assert [c.label for c in found.columns] == [
        "Round",
        "Hospital trust",
        "LIS1 posts",
        "Coupled places",
        "Most that may be coupled",
        "Over the limit",
    ]
    assert found.rows == [VEST, HØST, VÅR]  # newest round first, then by trust
    assert set(found.row_links) == {reverse("careers:manage_tracks")}
    html = response.content.decode()
    funnel = html[html.index('id="funnel-heading"') : html.index('id="surveys-heading"')]
    assert "Coupled tracks: the coupling limit per round and hospital trust" in funnel


def test_the_round_and_employer_filters_narrow_it(login, coordinator, coupled, region):
    client = login(coordinator)
    assert coupling_rows(client, round=region.previous.pk) == [VÅR]
    assert coupling_rows(client, employer=coupled["east"].pk) == [HØST, VÅR]
    # A hospital stands for its trust: its posts are the trust's.
    assert coupling_rows(client, employer=coupled["north"].pk) == [HØST, VÅR]
    assert coupling_rows(client, employer=region.municipality.pk) == []


def test_an_employer_dashboard_has_no_coupling_table(login, recruiter, coupled):
    response = login(recruiter).get(reverse("dashboard:employer"))
    assert "coupling" not in response.context["tables"]
    assert "Over the limit" not in response.content.decode()


def test_the_coupling_table_exports(login, coordinator, coupled):
    response = login(coordinator).get(
        reverse("dashboard:coordinator_export", args=["coupling", "csv"])
    )
    lines = response.content.decode("utf-8")[1:].splitlines()
    assert lines == [
        "Round,Hospital trust,LIS1 posts,Coupled places,Most that may be coupled,Over the limit",
        "LIS1 høst 2026,Helse Vest HF,5,0,2,no",
        "LIS1 høst 2026,Helse Øst HF,7,4,3,yes",
        "LIS1 vår 2026,Helse Øst HF,4,2,2,no",
    ]
