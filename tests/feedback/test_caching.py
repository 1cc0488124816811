"""No survey data in Redis (issue 17): only k-suppressed aggregates may be cached.

Redis is read by whoever runs the servers, and kept on disk (``appendonly``). A token, its
hash, a respondent's address or a written answer there would undo what the survey's
buffer and the k rules do in the database. So the whole survey is run – links answered
through the page by logged-in doctors, the answers released, results, unit scores, the
coordinator's dashboard and the job board drawn – with the cache on a real Redis
database, and then every key and value in that database is searched.
"""

import hashlib
import pickle

import pytest
import redis
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from feedback.tasks import release_pending_responses
from tests import factories
from tests.feedback.conftest import LIS1_ANSWERS, answers_by_key, close, token_for
from tests.feedback.factories import InvitationFactory

RESPONDENTS = 10  # the campaign's k_text: written answers are shown, so they are drawn


@pytest.fixture
def real_redis():
    """The test run's own Redis database as the cache, emptied before and after."""
    server = redis.Redis.from_url(settings.REDIS_URL)
    server.flushdb()
    cache = {"BACKEND": "portal.cache.RedisCache", "LOCATION": settings.REDIS_URL}
    with override_settings(
        CACHES={"default": {**cache, "KEY_PREFIX": "legeportalen"}},
        UNIT_SCORES_CACHE_SECONDS=3600,
    ):
        yield server
    server.flushdb()


def everything_in(server: redis.Redis) -> list[tuple[bytes, str]]:
    """Every key with all its value's bytes, and what unpickling them shows."""
    read = {
        b"string": lambda key: [server.get(key)],
        b"hash": lambda key: [b for pair in server.hgetall(key).items() for b in pair],
        b"list": lambda key: server.lrange(key, 0, -1),
        b"set": lambda key: list(server.smembers(key)),
        b"zset": lambda key: server.zrange(key, 0, -1),
    }
    found = []
    for key in server.scan_iter(count=1000):
        values = read[server.type(key)](key)
        readable = []
        for value in values:
            try:
                readable.append(repr(pickle.loads(value)))  # noqa: S301 - our own test data
            except Exception:  # an integer or a plain string: its bytes are searched
                readable.append("")
        found.append((key + b" " + b" ".join(values), " ".join(readable)))
    return found


def test_a_whole_survey_leaves_no_token_address_or_answer_in_redis(
    real_redis, django_capture_on_commit_callbacks, campaign, units, coordinator, hospital
):
    unit = units[0]
    posting = factories.PostingFactory(unit=unit, employer=hospital)
    secrets = {}
    for n in range(RESPONDENTS):
        doctor = factories.UserFactory(email=f"lis1.lege{n}@example.no")
        invitation = InvitationFactory(campaign=campaign, unit=unit, email=doctor.email)
        token = token_for(invitation)
        text = f"Vaktene på post {n} er tunge, og overlege {n} hjelper oss"
        answers = answers_by_key(campaign, {**LIS1_ANSWERS, "text_good": text})
        doctor_client = Client()
        doctor_client.force_login(doctor)
        url = reverse("feedback:survey", kwargs={"token": token})
        doctor_client.get(url)
        response = doctor_client.post(url, {f"q{q}": v for q, v in answers.items()})
        assert response.status_code == 302
        secrets |= {
            f"token {n}": token,
            f"token hash {n}": hashlib.sha256(token.encode()).hexdigest(),
            f"e-mail {n}": doctor.email,
            f"answer {n}": text,
        }
    close(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        release_pending_responses()

    staff = Client()
    staff.force_login(coordinator)
    results = reverse("feedback:campaign_results", kwargs={"pk": campaign.pk})
    page = staff.get(results, {"group": "total"}).content.decode()
    assert secrets["answer 3"] in page  # ten answered: the written answers are shown
    staff.get(results, {"group": unit.pk})
    staff.get(reverse("feedback:campaign_results_csv", kwargs={"pk": campaign.pk}))
    assert staff.get(reverse("dashboard:coordinator")).status_code == 200
    public = Client()
    assert (
        "10 respondents"
        in public.get(reverse("feedback:unit_detail", kwargs={"pk": unit.pk})).content.decode()
    )
    public.get(reverse("recruitment:posting_detail", kwargs={"slug": posting.slug}))
    public.get(reverse("recruitment:board"))

    stored = everything_in(real_redis)
    keys = b" ".join(raw.split(b" ", 1)[0] for raw, _ in stored).decode()
    assert f"feedback:unit-scores:{unit.pk}" in keys  # the cache was used, so this proves something
    assert "dashboard" in keys
    for what, secret in secrets.items():
        for raw, readable in stored:
            assert secret.encode() not in raw, f"the {what} is in Redis: {raw[:200]!r}"
            assert secret not in readable, f"the {what} is in Redis: {readable[:200]}"
