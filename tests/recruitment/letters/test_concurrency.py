"""Two submits of the same preview at the same moment (a double click that got past the
browser, a second tab), on real PostgreSQL connections in two threads: each applicant
gets the letter once."""

import uuid

import pytest

from portal.models import Notification
from recruitment.letters import permissions, services
from recruitment.letters.defaults import DEFAULTS
from recruitment.letters.models import Letter, LetterKind
from tests import factories
from tests.recruitment.hiring.test_concurrency import run_together
from tests.recruitment.letters.test_letters import apply


@pytest.fixture
def posting(transactional_db, hospital, municipality):
    return factories.PostingFactory(employer=hospital, municipality=municipality)


def test_two_concurrent_submits_of_one_preview_send_each_letter_once(recruiter, posting):
    chosen = [apply(posting, f"Søker {i}", f"s{i}@example.no").pk for i in range(3)]
    batch = uuid.uuid4()

    def send():
        return services.send_letters(
            user=recruiter,
            posting=posting,
            choices=permissions.chosen_for_employer(recruiter, posting, chosen),
            template=DEFAULTS[LetterKind.POST_FILLED],
            batch=batch,
        )

    results = run_together(send, send)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r.written) for r in results) == [0, 3]
    assert Letter.objects.count() == 3
    assert Notification.objects.filter(occasion=services.OCCASION).count() == 3
