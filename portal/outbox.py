"""Work queued after a commit is never lost when the broker is away.

``after_commit(task, *args)`` writes an ``OutboxTask`` row in the caller's transaction and,
once it commits, hands the task to the broker and deletes the row. If the broker is away
(Redis down, a timeout) nothing fails: the request goes on, the row stays, and the
periodic ``sweep`` (``portal.tasks.sweep_outbox``, every minute) queues what the broker
never got. A change that rolls back leaves no row and no task.

The promise is *at least once*: a row whose task was queued but whose deletion failed (the
database went away in between) is queued again by the sweep, so every task sent this way
must be safe to repeat (each reloads its rows and acts only if the state that caused it
still holds, or works from a table of what is still unsent).

``durable=False`` is for work whose own rows are the outbox already (``Notification``
rows, found again by the notification sweep) or that only refreshes a cache: it fails
soft the same way but writes no row.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from portal.models import OutboxTask

logger = logging.getLogger(__name__)

# A row younger than this may still be dispatched by its own commit: the sweep leaves it.
GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500


def _task(task):
    """A task given by its registered name (``"portal.tasks.deliver_notifications"``), so
    that the module that queues it need not import the module that defines it (the tasks
    build on the modules they run; ``portal/discovery.py`` registers every one at start)."""
    if isinstance(task, str):
        from celery import current_app

        return current_app.tasks[task]
    return task


def after_commit(task, *args, durable: bool = True) -> None:
    """Queue ``task(*args)`` when the current transaction commits (at once outside one).
    ``task`` is a task or its registered name."""
    task = _task(task)
    if not durable:
        transaction.on_commit(lambda: _send(task, args))
        return
    row = OutboxTask.objects.create(task=task.name, args=list(args), created_at=timezone.now())
    transaction.on_commit(lambda: _send(task, args, row.pk))


def queue(task, *args) -> None:
    """Queue ``task(*args)`` now, not at a commit (work that depends on nothing the current
    transaction writes), through the outbox all the same: never raises, never lost.
    ``task`` is a task or its registered name."""
    task = _task(task)
    row = OutboxTask.objects.create(task=task.name, args=list(args), created_at=timezone.now())
    _send(task, args, row.pk)


def _send(task, args, pk: int | None = None) -> bool:
    """Hand the task to the broker; never raises. True when the broker has it."""
    try:
        task.apply_async(args=list(args))
    except Exception as error:
        logger.warning(
            "Could not queue %s (%s); %s",
            task.name,
            error.__class__.__name__,
            "the outbox sweep will" if pk else "it is left for the next sweep",
        )
        if pk is not None:
            _note_failure(pk, error)
        return False
    if pk is not None:
        try:
            OutboxTask.objects.filter(pk=pk).delete()
        except DatabaseError:
            logger.warning("Queued %s but could not clear its outbox row %s", task.name, pk)
    return True


def _note_failure(pk: int, error: Exception) -> None:
    with contextlib.suppress(DatabaseError):
        OutboxTask.objects.filter(pk=pk).update(
            attempts=F("attempts") + 1, last_error=repr(error)[:200]
        )


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Queue every task whose row outlived its commit by ``GRACE`` (the broker was away).
    Rows are locked while they are sent, so two sweeps never send one row twice; the
    first failure stops the sweep (the broker is still away) and the rest wait."""
    from celery import current_app

    now = now or timezone.now()
    sent = unsent = 0
    with transaction.atomic():
        rows = list(
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(created_at__lte=now - GRACE)
            .order_by("created_at", "pk")[:SWEEP_BATCH]
        )
        for row in rows:
            task = current_app.tasks.get(row.task)
            if task is None:
                logger.error("Outbox row %s names an unknown task %s", row.pk, row.task)
                unsent += 1
                continue
            try:
                with transaction.atomic():  # an eager task's own failure stays its own
                    task.apply_async(args=row.args)
            except Exception as error:
                logger.warning("Outbox sweep could not queue %s: %r", row.task, error)
                OutboxTask.objects.filter(pk=row.pk).update(
                    attempts=row.attempts + 1, last_error=repr(error)[:200]
                )
                unsent += 1
                break
            row.delete()
            sent += 1
    return {"sent": sent, "unsent": unsent}
