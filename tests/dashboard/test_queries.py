"""The dashboards' query counts do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Notification
from recruitment.models import Choice, Posting
from tests.dashboard.region import grow


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
    queries(client, url)  # warm up whatever is loaded once per process
    base = queries(client, url)
    postings, choices = Posting.objects.count(), Choice.objects.count()
    grow(region, 10)
    assert Posting.objects.count() >= 5 * postings
    assert Choice.objects.count() >= 5 * choices
    assert Notification.objects.count() == 60
    assert queries(client, url) == base
    assert base <= 45
