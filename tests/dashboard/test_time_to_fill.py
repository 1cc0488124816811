"""Issue 16: time to fill runs from a posting's publishing to the acceptance that filled
its last post, per posting, per employer (the median of its postings) and as the round's
median – checked against the hand calculation in region.py."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.models import Organisation
from portal.tables import NotFilled
from recruitment import selectors
from recruitment.models import ApplicationRound, ChoiceEvent, ChoiceStatus, Posting
from tests.dashboard.region import application, choose, make_posting
from tests.factories import UserFactory

CURRENT_POSTINGS = {
    "LIS1 Øst A": 25.0,  # published deadline − 20 d, 2nd of 2 posts accepted at + 5 d
    "LIS1 Øst B": 23.0,  # published deadline − 14 d, filled by the acceptance at + 9 d
    "LIS1 Vest C": None,  # 1 of 3 posts accepted
    "LIS1 Fjordby D": None,  # nobody
}


def days(stats) -> dict[str, float | None]:
    return {p.title: p.days_to_fill for p in stats.postings}


def column(response, table: str, key: str) -> dict:
    found = response.context["tables"][table]
    n = found.index(key)
    return {row[0]: row[n] for row in found.rows}


def test_time_to_fill_per_posting_is_the_hand_calculation(region):
    assert days(selectors.round_statistics(region.current)) == CURRENT_POSTINGS
    assert days(selectors.round_statistics(region.previous)) == {"LIS1 Øst vår": 50.5}


def test_a_posting_of_two_posts_is_filled_only_when_the_second_is_accepted(region):
    a = region.postings["A"]
    accepted = ChoiceEvent.objects.filter(
        choice__posting=a, status=ChoiceStatus.ACCEPTED, choice__status=ChoiceStatus.ACCEPTED
    ).order_by("at")
    assert [event.at - a.published_at for event in accepted] == [
        timedelta(days=23),
        timedelta(days=25),
    ]
    assert days(selectors.round_statistics(region.current))["LIS1 Øst A"] == 25.0


def test_an_acceptance_given_up_does_not_fill_the_posting(region):
    """u4 accepted B two days after the deadline (16 days after publishing) and withdrew;
    B was filled by u3's acceptance a week later."""
    assert days(selectors.round_statistics(region.current))["LIS1 Øst B"] == 23.0


def test_a_posting_that_falls_free_again_is_filled_when_its_last_post_is_taken_again(region):
    b = region.postings["B"]
    b.choices.filter(status=ChoiceStatus.ACCEPTED).update(status=ChoiceStatus.WITHDRAWN)
    assert days(selectors.round_statistics(region.current))["LIS1 Øst B"] is None
    choose(application(UserFactory(), region.current), b, 1, ChoiceStatus.ACCEPTED, accepted=12.5)
    assert days(selectors.round_statistics(region.current))["LIS1 Øst B"] == 26.5  # 14 + 12.5


def test_medians_per_employer_and_round_are_of_the_filled_postings(region):
    stats = selectors.round_statistics(region.current)
    medians = {e.employer_name: e.median_days_to_fill for e in stats.employers}
    assert medians == {"Fjordby kommune": None, "Sykehuset Vest": None, "Sykehuset Øst": 24.0}
    assert stats.median_days_to_fill == 24.0  # of A 25.0 and B 23.0; C and D not filled
    assert selectors.round_statistics(region.previous).median_days_to_fill == 50.5


def test_the_dashboard_shows_the_hand_calculation(login, coordinator, region):
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    assert column(response, "postings", "days_to_fill") == {
        "LIS1 Øst A": 25.0,
        "LIS1 Øst B": 23.0,
        "LIS1 Vest C": NotFilled(),
        "LIS1 Fjordby D": NotFilled(),
    }
    assert column(response, "postings", "published") == {
        "LIS1 Øst A": region.postings["A"].published_at,
        "LIS1 Øst B": region.postings["B"].published_at,
        "LIS1 Vest C": region.postings["C"].published_at,
        "LIS1 Fjordby D": region.postings["D"].published_at,
    }
    assert column(response, "employers", "median_days") == {
        "Fjordby kommune": NotFilled(many=True),
        "Sykehuset Vest": NotFilled(many=True),
        "Sykehuset Øst": 24.0,
    }
    assert column(response, "rounds", "median_days") == {
        "LIS1 høst 2026": 24.0,
        "LIS1 vår 2026": 50.5,
    }
    html = response.content.decode()
    assert "Median days from published to filled" in html
    assert "Days from published to filled" in html
    assert "from deadline to filled" not in html
    assert html.count(">not filled</td>") == 2
    assert html.count(">none filled</td>") == 2


def test_a_posting_not_filled_is_never_written_as_zero(login, coordinator, region):
    client = login(coordinator)
    response = client.get(reverse("dashboard:coordinator_export", args=["postings", "csv"]))
    header, *lines = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    n = header.index("Days from published to filled")
    assert {line[0]: line[n] for line in lines} == {
        "LIS1 Fjordby D": "not filled",
        "LIS1 Vest C": "not filled",
        "LIS1 Øst A": "25.0",
        "LIS1 Øst B": "23.0",
    }


def test_nothing_filled_yet_says_so_in_the_round_figures(login, coordinator, region):
    response = login(coordinator).get(
        reverse("dashboard:coordinator"), {"employer": region.other_hospital.pk}
    )
    assert column(response, "rounds", "median_days") == {
        "LIS1 høst 2026": NotFilled(many=True),  # C is Sykehuset Vest's only posting
        "LIS1 vår 2026": None,  # it had no posting in that round
    }
    html = response.content.decode()
    figure = html[html.index("<dt>Median days from published to filled</dt>") :]
    assert figure[: figure.index("</dd>")] == (
        "<dt>Median days from published to filled</dt>\n  <dd>none filled"
        '<span class="dash-previous">Previous round: <span aria-hidden="true">–</span>'
        '<span class="visually-hidden">none</span></span>'
    )


@pytest.mark.parametrize("hours", [0, 36])
def test_time_to_fill_follows_the_publishing_time(region, hours, hospital, municipality):
    later = make_posting(
        region.current,
        hospital,
        municipality,
        "LIS1 sent publisert",
        1,
        published_at=region.current.closes_at - timedelta(days=2, hours=hours),
    )
    choose(application(UserFactory(), region.current), later, 1, ChoiceStatus.ACCEPTED, accepted=1)
    assert days(selectors.round_statistics(region.current))["LIS1 sent publisert"] == (
        3.0 + hours / 24
    )


def test_the_demo_shows_how_long_last_rounds_filled_postings_took(db, login):
    """The demo's previous LIS1 round (published 50 days before its deadline): the
    municipalities' postings are filled a few days after the deadline; the hospital's has
    2 of its 10 posts waiting for its reserve list."""
    call_command("seed_demo", stdout=io.StringIO())
    previous = ApplicationRound.objects.get(name="LIS1 høst 2026")
    stats = selectors.round_statistics(previous)
    by_employer = {p.employer_name: p for p in stats.postings}
    assert {name: (p.accepted, p.number_of_posts) for name, p in by_employer.items()} == {
        "Fredrikstad kommune": (3, 3),
        "Halden kommune": (1, 2),
        "Sarpsborg kommune": (2, 2),
        "Sykehuset Østfold Kalnes": (8, 10),
    }
    assert {name: p.days_to_fill for name, p in by_employer.items()} == {
        "Fredrikstad kommune": 50 + 12.0,
        "Halden kommune": None,
        "Sarpsborg kommune": 50 + 19.0,
        "Sykehuset Østfold Kalnes": None,
    }
    assert stats.median_days_to_fill == 65.5
    for posting in Posting.objects.filter(round=previous):
        assert posting.published_at == previous.closes_at - timedelta(days=50)
    coordinator = (
        Organisation.objects.get(kind="health_community")
        .memberships.filter(role="coordinator")
        .first()
        .user
    )
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    assert column(response, "rounds", "median_days")[previous.name] == 65.5
