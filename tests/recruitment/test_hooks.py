"""Recruitment never imports careers; careers answers recruitment's hooks (recruitment/hooks.py).

The behaviour behind each hook is tested where it happens: an accepted offer starts the
onboarding, a post given up or moved up from ends it, a withdrawn choice ends its offers
(tests/recruitment/hiring/test_offers.py); the coupling limit on a posting saved, added to
or removed from a round (tests/careers/tracks/test_coupling_limit.py); a pool candidate's
shared document downloaded by a chief physician (tests/careers/tracks/test_pool_views.py).
These tests make sure each hook is wired to its one subscriber, so a lost ``connect`` in an
``AppConfig.ready()`` fails here by name."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from careers import services as careers_services
from careers.tracks import coupling
from careers.tracks import selectors as track_selectors
from recruitment import hooks
from recruitment.hiring import services as hiring_services

ROOT = Path(settings.BASE_DIR)


def test_careers_starts_the_onboarding_of_an_accepted_offer():
    assert hooks.offer_accepted.receivers == (careers_services.start_onboarding,)


def test_careers_cancels_the_onboarding_of_an_acceptance_given_up():
    assert hooks.acceptance_given_up.receivers == (careers_services.cancel_onboarding,)


def test_hiring_ends_the_offers_of_withdrawn_choices():
    assert hooks.choices_withdrawn.receivers == (hiring_services.choices_withdrawn,)


def test_careers_answers_whether_the_coupling_limit_is_kept():
    assert hooks.coupling_limit_kept.answer is coupling.limit_kept


def test_careers_answers_which_documents_are_shared():
    assert hooks.documents_shared_with.answer is track_selectors.documents_shared_with


def test_an_event_reaches_its_receivers_in_order_and_their_errors_reach_the_caller():
    event = hooks.Event("test")
    heard = []
    event.connect(lambda **kw: heard.append(("first", kw)))
    event.connect(lambda **kw: heard.append(("second", kw)))
    event.send(x=1)
    assert heard == [("first", {"x": 1}), ("second", {"x": 1})]

    def refuse(**kw):
        raise ValidationError("no")

    event.connect(refuse)
    with pytest.raises(ValidationError):
        event.send(x=2)


def test_a_question_has_one_answer_or_its_default():
    question = hooks.Question("test", lambda n: n)
    assert question.ask(3) == 3
    question.answer_with(lambda n: n * 2)
    assert question.ask(3) == 6
    with pytest.raises(RuntimeError):
        question.answer_with(lambda n: n * 3)


def test_recruitment_imports_nothing_of_careers_or_feedback():
    offenders = []
    for path in sorted((ROOT / "recruitment").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
                for name in names
                if name.split(".")[0] in {"careers", "feedback"}
            ]
    assert offenders == []
