"""In-process timings for ``make bench`` (work that no browser waits for):

- the reminder sweep (``portal.notifications.sweep``) over the 40,000 applicants whose
  draft is due a deadline reminder, and the delivery of what it found by a Celery worker
  (two processes, Redis) as in production; the e-mails are counted by
  bench.mail.CountingBackend to show that nobody got one twice, a second sweep must send
  nothing, and afterwards the outbox is put back as seeded;
- the survey results for the unit with the most responses (its campaign's results, the
  unit's trend, and the scores its postings show).

Prints one JSON object. Run with the bench environment: ``python -m bench.timings``.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Max, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo import scale  # noqa: E402
from feedback import selectors as feedback_selectors  # noqa: E402
from feedback.models import Campaign, Response  # noqa: E402
from portal import notifications  # noqa: E402
from portal.models import Notification  # noqa: E402

MAIL_LOG = Path(__file__).resolve().parent.parent / "var" / "bench" / "mail.log"
WORKER_PROCESSES = 2
WORKER_START_SECONDS = 8
DELIVERY_LIMIT_SECONDS = int(os.environ.get("BENCH_DELIVERY_SECONDS", "150"))


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(function, *args, **kwargs):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - started
    return result, seconds, counter.count


def _mail_log() -> Counter:
    if not MAIL_LOG.exists():
        return Counter()
    return Counter(MAIL_LOG.read_text(encoding="utf-8").splitlines())


def _undelivered() -> int:
    return Notification.objects.filter(
        status__in=[*notifications.WAITING, Notification.Status.SENDING],
        next_attempt_at__lte=timezone.now(),
    ).count()


def start_worker() -> subprocess.Popen:
    """A Celery worker as production runs it (prefork, two processes, Redis broker)."""
    return subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "portal",
            "worker",
            "--concurrency",
            str(WORKER_PROCESSES),
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        env={
            **os.environ,
            "EMAIL_BACKEND": "bench.mail.CountingBackend",
            "BENCH_MAIL_LOG": str(MAIL_LOG),
        },
        stdout=open(MAIL_LOG.with_suffix(".worker.log"), "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def reminder_sweep() -> dict:
    """The periodic sweep over the 40,000 due drafts, then their delivery by a Celery
    worker with two processes, for at most DELIVERY_LIMIT_SECONDS (the rest is
    extrapolated from the rate). A second sweep runs while the first one's batches are
    still queued, so every undelivered id is queued twice: each must still be sent once."""
    from portal.celery import app

    last_before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    seeded = Notification.objects.filter(occasion=scale.REMINDER_OCCASION, pk__lte=last_before)
    due = seeded.filter(status=Notification.Status.PENDING).count()
    MAIL_LOG.unlink(missing_ok=True)
    app.control.purge()
    worker = start_worker()
    try:
        time.sleep(WORKER_START_SECONDS)  # let the worker connect before the clock starts
        started = time.perf_counter()
        created, sweep_seconds, queries = timed(notifications.sweep)
        time.sleep(2)
        _again, again_seconds, _q = timed(notifications.sweep)
        while _undelivered() and time.perf_counter() - started < DELIVERY_LIMIT_SECONDS:
            time.sleep(1)
        elapsed = time.perf_counter() - started
        complete = not _undelivered()
        time.sleep(2)  # the last batches finish writing their log lines
        log = _mail_log()
        emails = sum(log.values())
        total = Notification.objects.filter(
            Q(pk__gt=last_before) | Q(pk__in=seeded.values("pk"))
        ).count()
        sent = Notification.objects.filter(
            Q(pk__gt=last_before) | Q(pk__in=seeded.values("pk")),
            status=Notification.Status.SENT,
        ).count()
        other = dict(
            Notification.objects.filter(pk__gt=last_before)
            .values_list("occasion")
            .annotate(n=Count("pk"))
            .order_by()
        )
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        app.control.purge()
        # Back to the seeded state, so every run measures the same work.
        Notification.objects.filter(pk__gt=last_before).delete()
        seeded.update(
            status=Notification.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_at=None,
            sent_at=None,
            subject="",
            body="",
            link="",
            last_error="",
        )
    rate = emails / elapsed if elapsed else 0
    return {
        "due": due,
        "worker_processes": WORKER_PROCESSES,
        "sweep_seconds": round(sweep_seconds, 2),
        "sweep_queries": queries,
        "second_sweep_seconds": round(again_seconds, 2),
        "delivery_complete": complete,
        "delivery_seconds": round(elapsed, 1),
        "emails": emails,
        "rows_sent": sent,
        "rows_total": total,
        "emails_per_second": round(rate, 1),
        # Sweep plus delivery of everything found, measured or (when cut off) extrapolated.
        "seconds": round(elapsed if complete else sweep_seconds + total / rate, 1)
        if rate
        else None,
        "duplicates": sum(n - 1 for n in log.values() if n > 1),
        "emails_match_rows": emails == sent,
        "new_rows_by_occasion": {key: n for key, n in created.items() if n},
        "other_new_rows": other,
    }


def survey_results(repeat: int = 5) -> dict:
    row = (
        Response.objects.exclude(unit=None)
        .values("unit_id", "campaign_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if row is None:
        return {}
    campaign = Campaign.objects.select_related("version__template").get(pk=row["campaign_id"])
    figures = {"unit": row["unit_id"], "responses": row["n"], "campaign": campaign.pk}
    runs = {
        "campaign results": lambda: feedback_selectors.campaign_results(campaign),
        "unit trend": lambda: feedback_selectors.template_trends(
            campaign.version.template, row["unit_id"]
        ),
        "unit scores (posting page)": lambda: feedback_selectors.latest_unit_scores(
            [row["unit_id"]]
        ),
    }
    for name, run in runs.items():
        timings = []
        for _ in range(repeat):
            _result, seconds, queries = timed(run)
            timings.append(seconds)
        figures[name] = {
            "median_ms": round(statistics.median(timings) * 1000, 1),
            "max_ms": round(max(timings) * 1000, 1),
            "queries": queries,
        }
    return figures


def main() -> None:
    if not scale.has_scale_data():
        sys.exit("The scale data set is missing: run manage.py seed_scale first.")
    which = sys.argv[1:] or ["survey", "sweep"]
    result = {}
    if "survey" in which:
        result["survey_results"] = survey_results()
    if "sweep" in which:
        result["reminder_sweep"] = reminder_sweep()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
