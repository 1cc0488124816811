"""Issue 16: the dashboard lists the restplasser – posts still free once a round's last
offer wave has been marked – with how long each has been one, within the dashboard's scope
and filters, and exportable like every table.

A round "LIS1 restplass" closed 40 days ago; its waves were marked 34 days and (the last)
26 days 12 hours ago:
  R1  Sykehuset Øst, 3 posts, one offer accepted → a restplass with 2 free posts
  R2  Fjordby kommune, 1 post, its offer accepted → filled, no restplass
  R3  Sykehuset Vest, 2 posts, no offer → a restplass with 2 free posts
  R4  Sykehuset Øst, 1 post, closed → no restplass
Both restplasser have been open 26.5 days. A round "LIS1 tilbud pågår" closed 5 days ago
has its last wave marked tomorrow, and a round "LIS1 uten bølger" closed 20 days ago has no
waves: their free posts are no restplasser.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.dashboard import data
from portal.dashboard.filters import Filters
from recruitment import selectors
from recruitment.models import ChoiceStatus, Offer, OfferWave, Posting
from tests.dashboard.region import application, choose, make_posting, make_round
from tests.factories import UserFactory


def wave(round, number, marked_days_ago: float) -> OfferWave:
    marking = timezone.now() - timedelta(days=marked_days_ago)
    return OfferWave.objects.create(
        round=round,
        number=number,
        offers_at=marking - timedelta(days=4),
        answer_by=marking - timedelta(days=1),
        marking_at=marking,
    )


def accepted_offer(posting: Posting) -> Offer:
    app = application(UserFactory(), posting.round)
    choice = choose(app, posting, 1, ChoiceStatus.ACCEPTED, accepted=3)
    answered = posting.application_deadline() + timedelta(days=3)
    return Offer.objects.create(
        choice=choice,
        application=app,
        status=Offer.Status.ACCEPTED,
        released_at=answered - timedelta(days=1),
        respond_by=answered + timedelta(days=2),
        answered_at=answered,
    )


@pytest.fixture
def leftovers(region, hospital, other_hospital, municipality):
    done = make_round("LIS1 restplass", -60, -40)
    wave(done, 1, 34)
    last = wave(done, 2, 26.5)
    postings = {
        "R1": make_posting(done, hospital, municipality, "LIS1 R1", 3),
        "R2": make_posting(done, municipality, municipality, "LIS1 R2", 1),
        "R3": make_posting(done, other_hospital, municipality, "LIS1 R3", 2),
        "R4": make_posting(
            done,
            hospital,
            municipality,
            "LIS1 R4",
            1,
            status=Posting.Status.CLOSED,
            closed_at=timezone.now() - timedelta(days=30),
        ),
    }
    accepted_offer(postings["R1"])
    accepted_offer(postings["R2"])
    answering = make_round("LIS1 tilbud pågår", -30, -5)
    wave(answering, 1, -1)  # marked tomorrow
    make_posting(answering, hospital, municipality, "LIS1 venter", 2)
    waveless = make_round("LIS1 uten bølger", -40, -20)
    make_posting(waveless, hospital, municipality, "LIS1 uten bølge", 2)
    return {"round": done, "since": last.marking_at, **postings}


def table(now, *, scope=None, **filters):
    scope = scope or data.Scope.region()
    rounds = selectors.statistics_rounds()
    employers, _municipalities = data.organisations(scope)
    built = data.build(scope, Filters(**filters), rounds=rounds, employers=employers, now=now)
    return built.tables["restplasser"]


def by_posting(found) -> dict[str, list]:
    return {row[0]: row for row in found.rows}


def test_each_restplass_with_its_free_posts_and_days_open(leftovers):
    now = timezone.now()
    found = table(now)
    assert [c.key for c in found.columns] == [
        "posting",
        "employer",
        "round",
        "free_posts",
        "since",
        "days_open",
    ]
    days = round((now - leftovers["since"]).total_seconds() / 86400, 1)
    assert days == 26.5
    assert by_posting(found) == {
        "LIS1 R1": ["LIS1 R1", "Sykehuset Øst", "LIS1 restplass", 2, leftovers["since"], 26.5],
        "LIS1 R3": ["LIS1 R3", "Sykehuset Vest", "LIS1 restplass", 2, leftovers["since"], 26.5],
    }
    assert dict(zip(found.values("posting"), found.row_links, strict=True)) == {
        "LIS1 R1": reverse("recruitment:posting_applicants", args=[leftovers["R1"].pk]),
        "LIS1 R3": reverse("recruitment:posting_applicants", args=[leftovers["R3"].pk]),
    }


def test_days_open_count_from_the_last_waves_marking(leftovers):
    later = leftovers["since"] + timedelta(days=30)
    found = table(later)
    # By then "LIS1 tilbud pågår" has been marked too, 2.5 days before.
    assert dict(zip(found.values("posting"), found.values("days_open"), strict=True)) == {
        "LIS1 R1": 30.0,
        "LIS1 R3": 30.0,
        "LIS1 venter": 2.5,
    }
    assert table(leftovers["since"] - timedelta(minutes=1)).rows == []  # not marked yet


def test_a_round_still_marking_or_without_waves_has_no_restplasser(leftovers):
    titles = set(table(timezone.now()).values("posting"))
    assert titles == {"LIS1 R1", "LIS1 R3"}
    assert {"LIS1 venter", "LIS1 uten bølge", "LIS1 R2", "LIS1 R4"}.isdisjoint(titles)


def test_the_filters_narrow_the_restplasser(leftovers, region):
    now = timezone.now()
    assert table(now, employer_id=region.other_hospital.pk).values("posting") == ["LIS1 R3"]
    assert table(now, round_id=leftovers["round"].pk).values("posting") == [
        "LIS1 R3",
        "LIS1 R1",
    ]
    assert table(now, round_id=region.current.pk).rows == []
    assert table(now, kind="alis").rows == []
    assert table(now, municipality_id=region.municipality.pk).values("posting") == [
        "LIS1 R3",
        "LIS1 R1",
    ]


def test_an_employer_sees_only_its_own_restplasser(login, recruiter, leftovers):
    response = login(recruiter).get(reverse("dashboard:employer"))
    assert response.context["tables"]["restplasser"].values("posting") == ["LIS1 R1"]
    assert "LIS1 R3" not in response.content.decode()
    # Another organisation's id in the URL does not widen the scope.
    response = login(recruiter).get(
        reverse("dashboard:employer"), {"employer": leftovers["R3"].employer_id}
    )
    assert "LIS1 R3" not in response.content.decode()


def test_the_coordinator_sees_and_exports_the_restplasser(login, coordinator, leftovers):
    client = login(coordinator)
    html = client.get(reverse("dashboard:coordinator")).content.decode()
    assert 'id="restplasser-heading"' in html
    assert "Posts left after the last offer wave" in html
    # The table is folded under its title; the caption still names it for screen readers.
    assert "<summary>Leftover posts (restplasser)</summary>" in html
    assert (
        '<caption id="caption-restplasser" class="visually-hidden">'
        "Leftover posts (restplasser)</caption>" in html
    )
    link = reverse("recruitment:posting_applicants", args=[leftovers["R1"].pk])
    assert f'<a href="{link}">LIS1 R1</a>' in html
    response = client.get(reverse("dashboard:coordinator_export", args=["restplasser", "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert rows[0] == [
        "Posting",
        "Employer",
        "Round",
        "Free posts",
        "Leftover since",
        "Days open as a restplass",
    ]
    assert [row[:4] for row in rows[1:]] == [
        ["LIS1 R3", "Sykehuset Vest", "LIS1 restplass", "2"],
        ["LIS1 R1", "Sykehuset Øst", "LIS1 restplass", "2"],
    ]
    assert {row[5] for row in rows[1:]} == {"26.5"}
