"""How fast the coordinator's dashboard is with national data: 400 organisations, 5,000
postings, 40,000 applicants with 150,000 ranked choices, 20,000 survey responses and
100,000 notifications. Slow to set up, so only on request:

    DASHBOARD_BENCH=1 pytest tests/dashboard/test_performance.py -s

It prints the p50/p95 of whole requests (figures computed afresh every time, no cache).
"""

import os
import random
import statistics
import time
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from feedback.models import Answer, Campaign, Invitation, Participation, Question, Response
from portal.models import Notification, Organisation, Unit, User
from recruitment.models import (
    Application,
    ApplicationRound,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    Posting,
    PostingKind,
)
from tests.feedback.factories import latest_version

pytestmark = pytest.mark.skipif(
    not os.environ.get("DASHBOARD_BENCH"), reason="set DASHBOARD_BENCH=1 to run"
)
BATCH = 5000


def national_data() -> None:
    rng = random.Random(2026)
    now = timezone.now()
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Sykehus {n}", slug=f"sykehus-{n}", kind="hospital") for n in range(50)]
        + [
            Organisation(name=f"Kommune {n}", slug=f"kommune-{n}", kind="municipality")
            for n in range(350)
        ]
    )
    municipalities = [o for o in orgs if o.kind == "municipality"]
    units = Unit.objects.bulk_create(
        [Unit(organisation=o, name=f"Enhet {n}") for o in orgs for n in range(2)]
    )
    rounds = [
        ApplicationRound.objects.create(
            name=f"LIS1 {n}",
            opens_at=now - timedelta(days=30 + 182 * n),
            closes_at=now - timedelta(days=10 + 182 * n),
        )
        for n in range(6)
    ]
    kinds = PostingKind.values
    postings = Posting.objects.bulk_create(
        [
            Posting(
                title=f"Stilling {n}",
                slug=f"stilling-{n}",
                kind=PostingKind.LIS1 if n < 2400 else rng.choice(kinds),
                employer=rng.choice(orgs),
                municipality=rng.choice(municipalities),
                summary="-",
                description="-",
                number_of_posts=rng.choice([1, 1, 2, 3]),
                round=(rounds[0] if n < 1200 else rounds[1]) if n < 2400 else None,
                deadline=None if n < 2400 else now + timedelta(days=rng.randint(-300, 300)),
                status=Posting.Status.PUBLISHED,
                published_at=now - timedelta(days=400),
            )
            for n in range(5000)
        ],
        batch_size=BATCH,
    )
    users = User.objects.bulk_create(
        [User(email=f"soker{n}@example.no", password="!") for n in range(40000)],
        batch_size=BATCH,
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                applicant=user,
                round=rounds[0 if n < 20000 else 1],
                status=Application.Status.SUBMITTED,
                submitted_at=now,
            )
            for n, user in enumerate(users[:37500])
        ],
        batch_size=BATCH,
    )
    choices = []
    for n, application in enumerate(applications):
        pool = postings[:1200] if n < 20000 else postings[1200:2400]
        for rank, posting in enumerate(rng.sample(pool, 4), start=1):
            choices.append(
                Choice(application=application, posting=posting, rank=rank, status="submitted")
            )
    Choice.objects.bulk_create(choices, batch_size=BATCH)
    # One acceptance per post for most postings, some from the reserve list.
    accepted, events = [], []
    by_posting: dict[int, list[Choice]] = {}
    for choice in choices:
        by_posting.setdefault(choice.posting_id, []).append(choice)
    for posting in postings[:2400]:
        for choice in by_posting.get(posting.pk, [])[: posting.number_of_posts - rng.randint(0, 1)]:
            choice.status = ChoiceStatus.ACCEPTED
            accepted.append(choice)
            if rng.random() < 0.1:
                events.append(ChoiceEvent(choice=choice, status="reserve", at=posting.deadline))
            events.append(
                ChoiceEvent(
                    choice=choice,
                    status="accepted",
                    at=posting.deadline + timedelta(days=rng.randint(1, 40)),
                )
            )
    Choice.objects.bulk_update(accepted, ["status"], batch_size=BATCH)
    ChoiceEvent.objects.bulk_create(events, batch_size=BATCH)

    version = latest_version("lis1-rotation")
    questions = list(Question.objects.filter(version=version, kind="likert")[:5])
    today = timezone.localdate()
    for c in range(12):
        campaign = Campaign.objects.create(
            version=version,
            title=f"Kampanje {c}",
            opens_on=today - timedelta(days=30 * c + 20),
            closes_on=today - timedelta(days=30 * c),
        )
        chosen = units[c * 60 : c * 60 + 60]
        campaign.units.set(chosen)
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(campaign=campaign, unit=unit, email=f"k{c}-{u}-{i}@example.no")
                for u, unit in enumerate(chosen)
                for i in range(40)
            ],
            batch_size=BATCH,
        )
        Participation.objects.bulk_create(
            [Participation(invitation=i) for i in invitations if rng.random() < 0.7],
            batch_size=BATCH,
        )
        responses = Response.objects.bulk_create(
            [Response(campaign=campaign, unit=rng.choice(chosen)) for _ in range(1700)],
            batch_size=BATCH,
        )
        Answer.objects.bulk_create(
            [
                Answer(response=r, question=q, score=rng.randint(1, 5))
                for r in responses
                for q in questions
            ],
            batch_size=BATCH,
        )
    user_type = ContentType.objects.get_for_model(User)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=users[n % 40000],
                occasion=rng.choice(["round_deadline", "offer_deadline", "survey_reminder"]),
                content_type=user_type,
                object_id=n,
                status="sent" if n % 20 else "failed",
                sent_at=now if n % 20 else None,
            )
            for n in range(100000)
        ],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _timings(client, url, runs: int = 20) -> tuple[float, float]:
    client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def test_the_dashboard_stays_fast_with_national_data(
    login, coordinator, survey_templates, settings
):
    started = time.perf_counter()
    national_data()
    print(f"\nnational data set built in {time.perf_counter() - started:.0f} s")
    client = login(coordinator)
    dashboard = reverse("dashboard:coordinator")
    results = {}
    for name, url, cache_seconds in [
        ("figures computed afresh", dashboard, 0),
        ("filtered, afresh", dashboard + "?kind=lis1&period_from=", 0),
        ("as served (cached, refreshed in the background)", dashboard, 60),
        ("printable, as served", reverse("dashboard:coordinator_print"), 60),
    ]:
        settings.DASHBOARD_CACHE_SECONDS = cache_seconds
        results[name] = _timings(client, url, runs=20 if cache_seconds else 5)
        print(f"{name}: p50 {results[name][0]:.0f} ms, p95 {results[name][1]:.0f} ms")
    # The target is 300 ms on a server of its own; this machine may be shared.
    assert results["as served (cached, refreshed in the background)"][1] < 1000
