"""The dashboards' query counts do not grow with the data."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo import scale
from feedback.models import Response
from portal.models import Notification, User
from recruitment.models import Application, Choice, Posting
from tests.dashboard.region import add_restplass_and_coupling, grow


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("coordinator", reverse("dashboard:coordinator")),
        ("coordinator", reverse("dashboard:coordinator_print")),
        ("coordinator", reverse("dashboard:coordinator_export_all")),
        ("recruiter", reverse("dashboard:employer")),
    ],
)
def test_the_same_number_of_queries_with_ten_times_the_data(request, login, region, persona, url):
    client = login(request.getfixturevalue(persona))
    add_restplass_and_coupling(region)
    queries(client, url)  # warm up whatever is loaded once per process
    base = queries(client, url)
    rows = table_rows(client, persona)
    postings, choices = Posting.objects.count(), Choice.objects.count()
    grow(region, 10)
    assert Posting.objects.count() >= 5 * postings
    assert Choice.objects.count() >= 5 * choices
    assert Notification.objects.count() == 60
    grown = table_rows(client, persona)
    if persona == "coordinator":  # 1 → 10 restplasser, 1 → 28 rounds × trusts
        assert (rows["restplasser"], grown["restplasser"]) == (1, 10)
        assert (rows["coupling"], grown["coupling"]) == (1, 28)
    assert queries(client, url) == base
    assert base <= 49


def table_rows(client, persona) -> dict[str, int]:
    url = reverse("dashboard:coordinator" if persona == "coordinator" else "dashboard:employer")
    return {key: len(t.rows) for key, t in client.get(url).context["tables"].items()}


DEMO_DASHBOARDS = [
    ("coordinator@demo.legeportalen.no", reverse("dashboard:coordinator")),
    ("coordinator@demo.legeportalen.no", reverse("dashboard:coordinator_export_all")),
    ("rekrutterer@demo.legeportalen.no", reverse("dashboard:employer")),  # the trust
    ("kommune@demo.legeportalen.no", reverse("dashboard:employer")),  # a municipality
]
GROWN = (Posting, Application, Choice, Response)


def test_the_same_number_of_queries_with_the_demo_data_and_ten_times_as_much(db, client):
    """The demo region (``seed_demo``), then the national data set scaled to more than ten
    times the demo's postings, applications, choices and survey responses next to it."""
    call_command("seed_demo", stdout=io.StringIO())

    def counts() -> dict:
        found = {}
        for email, url in DEMO_DASHBOARDS:
            client.force_login(User.objects.get(email=email))
            queries(client, url)  # warm up whatever is loaded once per process
            found[email, url] = queries(client, url)
        return found

    demo, sizes = counts(), {model: model.objects.count() for model in GROWN}
    scale.Builder(scale.Spec().scaled(0.2), log=lambda *args: None).build()
    for model, size in sizes.items():
        assert model.objects.count() >= 10 * size, model.__name__
    assert counts() == demo
