"""The recruitment fixtures the demo's hiring test builds on (a LIS1 round, candidates), and
the demo region seeded once per module."""

import io
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from tests.recruitment.conftest import (  # noqa: F401 - fixtures, used by name
    hospital_postings,
    lis1_round,
    make_application,
    municipality_posting,
    other_posting,
)
from tests.recruitment.hiring.conftest import candidates  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """``seed_demo`` once for the whole module, rolled back after its last test; each test
    runs in a savepoint inside it, as in a Django TestCase with ``setUpTestData``.

    A real run commits step by step, and work the services leave for after the commit
    (the newcomer's onboarding when an offer is accepted, e-mail) happens before the next
    step. Here nothing commits, so the after-commit work is run at the end of the command
    instead, and the command is run a second time to do what builds on it (buddies and
    checklists) – which a demo run twice must allow anyway. Returns the e-mail sent."""
    with django_db_blocker.unblock(), transaction.atomic():
        with mail_captured() as outbox:
            for _run in range(2):
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("seed_demo", stdout=io.StringIO())
        yield outbox
        transaction.set_rollback(True)


@contextmanager
def mail_captured():
    """What the seeding sends, kept apart from the per-test outbox pytest-django clears."""
    sent: list = []
    original = mail.outbox if hasattr(mail, "outbox") else None
    mail.outbox = sent
    try:
        yield sent
    finally:
        mail.outbox = original if original is not None else []
