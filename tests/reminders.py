"""Helpers for reminder tests: run the sweep at any moment (time travel) as the beat task
would, with delivery run eagerly after the commit, and read what was sent."""

from datetime import datetime

from django.core import mail
from django.db import transaction
from django.test import TestCase

from portal import notifications
from portal.models import Notification


def sweep_at(now: datetime | None = None) -> dict[str, int]:
    """One sweep "at" ``now``: due rows are found as of then, delivered right away."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return notifications.sweep(now)


def materialise_at(now: datetime) -> None:
    """A sweep whose delivery never runs (the on-commit callbacks are dropped)."""
    with transaction.atomic():
        notifications.sweep(now)


def rows(occasion: str):
    return Notification.objects.filter(occasion=occasion)


def occasion_of(message) -> str:
    return message.extra_headers.get("X-Legeportalen-Occasion", "")


# Receipts are sent the moment an application changes (immediate occasions): a test about
# other messages leaves them out.
RECEIPTS = ("application_submitted", "application_withdrawn", "application_choice_withdrawn")


def other_than_receipts() -> list:
    """The e-mails sent, receipts left out."""
    return [message for message in mail.outbox if occasion_of(message) not in RECEIPTS]


def sent(occasion: str) -> list[str]:
    """The addresses that got the occasion's e-mail, sorted (duplicates kept)."""
    return sorted(
        address
        for message in mail.outbox
        if occasion_of(message) == occasion
        for address in message.to
    )


def messages_to(address: str, occasion: str | None = None) -> list:
    return [
        message
        for message in mail.outbox
        if address in message.to and (occasion is None or occasion_of(message) == occasion)
    ]


def of(occasion: str) -> list:
    """The e-mails of one occasion (immediate ones, such as receipts, left out)."""
    return [message for message in mail.outbox if occasion_of(message) == occasion]


class _RolledBack(Exception):
    pass


def written_then_rolled_back(change, occasion: str) -> tuple[int, int]:
    """Run ``change`` in a transaction that then fails. Returns how many rows of the
    occasion there were inside it, and how many are left after the rollback."""
    inside = 0
    try:
        with transaction.atomic():
            change()
            inside = rows(occasion).count()
            raise _RolledBack
    except _RolledBack:
        pass
    return inside, rows(occasion).count()
