"""The survey's anonymity, tried as its attackers would (SECURITY.md, "Anonymous feedback").

- **The database administrator** reads the tables with their system columns (xmin, xmax,
  ctid), the files on disk and the WAL, on real PostgreSQL with committed transactions;
- **a unit leader** compares every export and results page before and after each release;
- **someone reading sessions** looks at the session of a logged-in person who answered.

Each must fail to tie an answer to fewer than k people. The release rule itself is tried
with hypothesis over random campaigns (feedback/release.py).
"""

import csv
import io
import itertools
import time
import uuid
from collections import defaultdict

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import release, selectors, services
from feedback.models import (
    Campaign,
    Choice,
    PendingResponse,
    Question,
    Response,
    SurveyTemplate,
    SurveyVersion,
)
from feedback.seed_data import seed_default_templates
from tests import factories
from tests.feedback.conftest import LIS1_ANSWERS, answers_by_key, close, respond, token_for
from tests.feedback.factories import CampaignFactory, InvitationFactory


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def saying(text: str) -> dict:
    return {**LIS1_ANSWERS, "text_good": text}


# --- The database administrator ---------------------------------------------------------------


@pytest.fixture
def committed(transactional_db, hospital):
    """A campaign whose answers are committed one transaction at a time, as in production."""
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)
    units = [factories.UnitFactory(organisation=hospital, name=n) for n in ("Medisin", "Kirurgi")]
    return CampaignFactory(units=units), units


@pytest.fixture
def superuser(transactional_db):
    if not sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[0][0]:
        pytest.skip("reading the database's files needs a PostgreSQL superuser")


def test_no_system_column_pairs_an_invitation_with_its_held_answer(committed):
    campaign, units = committed
    for n in range(3):
        respond(campaign, units[0], saying(f"svar {n}"))
    # Issue 17's query: the answering transaction locked the invitation (xmax) and wrote
    # the held answer (xmin), so the two ids were equal.
    paired = sql(
        "SELECT i.email FROM feedback_invitation i "
        "JOIN feedback_pendingresponse p ON p.xmin::text = i.xmax::text"
    )
    assert paired == []
    paired = sql(
        "SELECT pa.id FROM feedback_participation pa "
        "JOIN feedback_pendingresponse p ON p.xmin::text = pa.xmin::text"
    )
    assert paired == []
    assert PendingResponse.objects.count() == 3


def _file(path: str) -> bytes:
    return bytes(sql("SELECT pg_read_binary_file(%s)", [path])[0][0])


def _held_table_on_disk() -> bytes:
    sql("CHECKPOINT")  # what is in shared buffers reaches the file
    (path,) = sql("SELECT pg_relation_filepath('feedback_pendingresponse')")[0]
    return _file(path)


def _wal_since(lsn: str) -> bytes:
    """Every WAL segment written since ``lsn`` that still exists: with other databases busy
    on the same server, more than two segments may have been written, and a checkpoint may
    already have recycled the first."""
    first, last = sql(
        "SELECT pg_walfile_name(%s::pg_lsn), pg_walfile_name(pg_current_wal_lsn())", [lsn]
    )[0]
    segments = sql(
        "SELECT name, size FROM pg_ls_waldir() WHERE name BETWEEN %s AND %s ORDER BY name",
        [first, last],
    )
    read = "SELECT pg_read_binary_file(%s, 0, %s, true)"  # missing_ok: recycled meanwhile
    return b"".join(
        bytes(sql(read, [f"pg_wal/{name}", size])[0][0] or b"") for name, size in segments
    )


def test_a_held_answer_is_unreadable_in_the_table_its_file_and_the_wal(committed, superuser):
    campaign, units = committed
    marker = f"hemmelig-{uuid.uuid4().hex}"
    (start,) = sql("SELECT pg_current_wal_lsn()::text")[0]
    respond(campaign, units[0], saying(marker))
    for _ in range(4):
        respond(campaign, units[0])

    assert marker.encode() not in bytes(PendingResponse.objects.first().sealed)
    assert marker.encode() not in _held_table_on_disk()
    assert marker.encode() not in _wal_since(start)

    # The same look finds the text once it is released into the results, as it must be:
    # the test can see what it looks for.
    assert services.release_pending_responses() == 5
    assert marker.encode() in _wal_since(start)


def test_released_and_destroyed_answers_leave_no_row_versions_in_the_held_table(
    committed, superuser
):
    campaign, units = committed
    for _ in range(5):
        respond(campaign, units[0])
    respond(campaign, units[1])
    sealed = [bytes(p.sealed) for p in PendingResponse.objects.all()]
    services.release_pending_responses()
    close(campaign)
    services.release_pending_responses()  # the lone answer of the second unit is destroyed

    assert not PendingResponse.objects.exists()
    # A transaction still running elsewhere (autovacuum's, say) may need the old row
    # versions a moment longer; the next sweep's rewrite then removes them.
    for _sweep in range(20):
        on_disk = _held_table_on_disk()
        if not any(value[17:49] in on_disk for value in sealed):
            break
        time.sleep(0.5)
        services.release_pending_responses()
    assert not any(value[17:49] in on_disk for value in sealed)


def test_released_rows_keep_no_order_of_answering_and_each_transaction_holds_k(committed):
    campaign, units = committed
    order = [f"svar-{n}-{uuid.uuid4().hex[:6]}" for n in range(10)]
    for text in order:
        respond(campaign, units[0], saying(text))
    services.release_pending_responses()

    stored = [
        text
        for (text,) in sql(
            "SELECT a.text FROM feedback_answer a JOIN feedback_response r ON r.id = a.response_id "
            "WHERE a.text <> '' ORDER BY r.ctid"
        )
    ]
    assert sorted(stored) == sorted(order)
    assert stored != order  # 1 in 3.6 million to fail by chance
    by_answer_ctid = [
        text for (text,) in sql("SELECT text FROM feedback_answer WHERE text <> '' ORDER BY ctid")
    ]
    assert by_answer_ctid != order
    per_transaction = sql("SELECT count(*) FROM feedback_response GROUP BY xmin::text")
    assert all(n >= campaign.k for (n,) in per_transaction)


# --- The unit leader ---------------------------------------------------------------------------


def _export(client, campaign) -> dict[str, int]:
    """Respondents per group, as the CSV export states them."""
    response = client.get(reverse("feedback:campaign_results_csv", kwargs={"pk": campaign.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    respondents: dict[str, int] = defaultdict(int)
    for row in rows[1:]:
        if row[6]:
            respondents[row[0]] = max(respondents[row[0]], int(row[6]))
    return dict(respondents)


def _page_count(client, campaign, unit) -> int | None:
    url = reverse("feedback:campaign_results", kwargs={"pk": campaign.pk})
    results = client.get(url, {"group": unit.pk}).context["results"]
    group = results.group(unit.pk)
    return group.cell.n if group else None


def test_two_exports_never_differ_by_fewer_than_k_respondents(login, coordinator, campaign, units):
    """Issue 17's attack: the unit's count went 3 → 4 → 5 between two exports, pinning
    the one new respondent. Now answers arrive one by one in two units, the release runs
    after each, and every export and page is compared with the one before."""
    medical, surgical = units[0], units[1]
    client = login(coordinator)
    seen: list[dict[str, int]] = [_export(client, campaign)]
    pages = {medical.pk: [None], surgical.pk: [None]}
    for unit in [medical, surgical, medical, medical, surgical] * 3 + [medical] * 2:
        respond(campaign, unit)
        services.release_pending_responses()
        seen.append(_export(client, campaign))
        for each in (medical, surgical):
            pages[each.pk].append(_page_count(client, campaign, each))

    for before, after in itertools.pairwise(seen):
        for group in set(before) | set(after):
            step = after.get(group, 0) - before.get(group, 0)
            assert step == 0 or step >= campaign.k, (group, before, after)
    for counts in pages.values():
        shown = [n or 0 for n in counts]
        steps = [b - a for a, b in itertools.pairwise(shown)]
        assert all(step == 0 or step >= campaign.k for step in steps), shown
    assert seen[-1][medical.name] == 10  # the rule holds back no more than it must


def test_free_text_moves_only_in_steps_of_k_text(login, coordinator, campaign, units):
    unit = units[0]
    client = login(coordinator)
    url = reverse("feedback:campaign_results", kwargs={"pk": campaign.pk})
    shown_counts = []
    for n in range(25):
        respond(campaign, unit, saying(f"kommentar {n}"))
        services.release_pending_responses()
        page = client.get(url, {"group": unit.pk}).content.decode()
        shown_counts.append(sum(f"kommentar {i}<" in page for i in range(25)))
    # Batches of 5 come out at 5, 10, 15, 20, 25; comments show from 10, then at 20.
    assert sorted(set(shown_counts)) == [0, 10, 20]
    steps = [b - a for a, b in itertools.pairwise(shown_counts)]
    assert all(step in (0, campaign.k_text) for step in steps)


# --- Sessions ----------------------------------------------------------------------------------


def test_answering_while_logged_in_leaves_the_session_untouched(client, applicant, campaign, units):
    client.force_login(applicant)
    client.get(reverse("home"))
    before = Session.objects.values_list("session_key", "session_data", "expire_date").get()
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    url = reverse("feedback:survey", kwargs={"token": token_for(invitation)})

    page = client.get(url)
    form = {f"q{qid}": value for qid, value in answers_by_key(campaign, LIS1_ANSWERS).items()}
    sent = client.post(url, form, follow=True)

    assert sent.status_code == 200
    assert "Thank you" in sent.content.decode()
    after = Session.objects.values_list("session_key", "session_data", "expire_date").get()
    assert after == before
    assert "sessionid" not in page.cookies
    assert "sessionid" not in sent.cookies
    assert applicant.email not in page.content.decode()  # the login is not even read
    assert client.get(reverse("home")).wsgi_request.user == applicant  # still logged in


def test_the_thank_you_page_needs_no_session(client):
    page = client.get(reverse("feedback:thanks"), {"k": "7", "k_text": "12"}).content.decode()
    assert "at least 7" in page
    assert "sessionid" not in client.cookies


# --- The release rule, over random campaigns --------------------------------------------------


events = st.lists(
    st.one_of(st.tuples(st.just("answer"), st.integers(0, 4)), st.just(("sweep", None))),
    max_size=60,
)


@given(k=st.integers(3, 7), units=st.integers(1, 5), events=events)
def test_the_release_plan_keeps_its_promises(k, units, events):
    """Random answers in random units and sweeps at random times, then the close:
    no batch of a unit (or of the combined group) smaller than k; each group's respondents
    move in steps of 0 or at least k; nothing is held after the close; every answer is
    released exactly once or destroyed."""
    held: dict[int, list[int]] = defaultdict(list)
    released: dict[int | None, int] = defaultdict(int)
    destroyed: list[int] = []
    out: list[int] = []
    next_id = 0

    def sweep(closed: bool) -> None:
        decided = release.plan({u: ids for u, ids in held.items() if ids}, k=k, closed=closed)
        for batch in decided.batches:
            assert len(batch.held) >= k
            released[batch.unit_id] += len(batch.held)
            out.extend(batch.held)
            for unit_id in list(held):
                held[unit_id] = [i for i in held[unit_id] if i not in batch.held]
        destroyed.extend(decided.destroyed)
        for unit_id in list(held):
            held[unit_id] = [i for i in held[unit_id] if i not in decided.destroyed]
        if closed:
            assert decided.final

    history = [dict(released)]
    for kind, unit in events:
        if kind == "answer" and unit < units:
            held[unit].append(next_id)
            next_id += 1
        else:
            sweep(closed=False)
            history.append(dict(released))
    sweep(closed=True)
    history.append(dict(released))

    assert not any(held.values())
    assert sorted(out + destroyed) == list(range(next_id))
    assert len(destroyed) < k
    for before, after in itertools.pairwise(history):
        for group in set(before) | set(after):
            step = after.get(group, 0) - before.get(group, 0)
            assert step == 0 or step >= k


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=st.lists(st.integers(0, 2), min_size=0, max_size=14), k=st.integers(3, 5))
def test_the_release_service_follows_the_plan_in_the_database(hospital, plan, k):
    """The same promises through the services, on the database."""
    seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)
    units = [factories.UnitFactory(organisation=hospital) for _ in range(3)]
    campaign = CampaignFactory(units=units, k=k, k_text=max(k, 10))
    history = []
    for unit_index in plan:
        respond(campaign, units[unit_index])
        services.release_pending_responses()
        history.append(_counts(campaign))
    close(campaign)
    services.release_pending_responses()
    history.append(_counts(campaign))

    assert not PendingResponse.objects.filter(campaign=campaign).exists()
    assert Campaign.objects.get(pk=campaign.pk).finalised
    batches = Response.objects.filter(campaign=campaign).values("unit", "batch")
    assert all(row["n"] >= k for row in batches.annotate(n=Count("pk")))
    for before, after in zip([{}, *history], history, strict=False):
        for group in set(before) | set(after):
            step = after.get(group, 0) - before.get(group, 0)
            assert step == 0 or step >= k


def _counts(campaign) -> dict:
    return dict(
        Response.objects.filter(campaign=campaign)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .order_by()
    )


def test_results_read_the_same_rule(campaign, units):
    """A unit's figures appear only with a whole batch behind them."""
    for _ in range(4):
        respond(campaign, units[0])
    services.release_pending_responses()
    assert selectors.campaign_results(campaign).group(units[0].pk).cell.hidden
    respond(campaign, units[0])
    services.release_pending_responses()
    assert selectors.campaign_results(campaign).group(units[0].pk).cell.n == 5
