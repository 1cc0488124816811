"""The scheduler for the embedded setup (no Redis): runs the beat schedule in-process.

It reads the same ``BEAT_SCHEDULE`` as Celery beat, so the two never disagree about what
runs when. Run only one scheduler per installation (``make demo`` starts exactly one).
"""

import signal
import time
from datetime import timedelta

from celery.schedules import schedule as interval_schedule
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.celery import BEAT_SCHEDULE, app


def scheduled_tasks() -> dict:
    """Each schedule entry's task, with every app's ``tasks`` module imported first (in a
    fresh process nothing else has imported them). A missing task stops start-up."""
    app.loader.import_default_modules()
    missing = sorted(e["task"] for e in BEAT_SCHEDULE.values() if e["task"] not in app.tasks)
    if missing:
        raise CommandError(f"Scheduled tasks that no module registers: {', '.join(missing)}")
    return {name: app.tasks[entry["task"]] for name, entry in BEAT_SCHEDULE.items()}


class Command(BaseCommand):
    help = "Run the periodic tasks in-process (for setups without Redis/Celery beat)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every task once and exit.")

    def handle(self, *args, once: bool = False, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        last_run: dict[str, object] = {}
        tasks = scheduled_tasks()
        schedules = {
            name: entry["schedule"]
            if hasattr(entry["schedule"], "is_due")
            else interval_schedule(timedelta(seconds=float(entry["schedule"])))
            for name, entry in BEAT_SCHEDULE.items()
        }
        self.stdout.write(f"Scheduler running {len(schedules)} periodic task(s) in-process.")
        while self.running:
            next_check = 30.0
            for name, sched in schedules.items():
                due, wait = (True, 0.0) if name not in last_run else sched.is_due(last_run[name])
                if due or once:
                    entry = BEAT_SCHEDULE[name]
                    try:
                        tasks[name].apply(
                            args=entry.get("args", ()), kwargs=entry.get("kwargs", {})
                        )
                    except Exception as error:  # keep the loop alive; the next run retries
                        self.stderr.write(f"{name} failed: {error!r}")
                    last_run[name] = timezone.now()
                    wait = sched.remaining_estimate(last_run[name]).total_seconds()
                next_check = min(next_check, max(wait, 1.0))
            if once:
                return
            time.sleep(next_check)

    def _stop(self, *args):
        self.running = False
