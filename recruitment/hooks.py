"""What recruitment announces and what it asks of the apps built on it.

Recruitment sits below ``careers`` (and ``feedback``) and never imports them. Where a step
of recruitment must reach further up – an accepted offer starts an onboarding checklist at
the employer, a posting may not break the coupled tracks' limit, a chief physician may
read a pool candidate's documents – recruitment names the moment or the question here and
the app above subscribes in its ``AppConfig.ready()``:

- an :class:`Event` is announced (``send``) to every receiver, in the order they were
  connected, synchronously: a receiver runs in the caller's transaction and its errors
  reach the caller, exactly as a direct call would;
- a :class:`Question` has at most one answer (``answer_with``); with none, its default
  answers (recruitment alone has no coupled tracks and shares no documents).

``tests/recruitment/test_hooks.py`` checks that each hook has the subscriber it must have.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from recruitment.models import Document

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from portal.models import User
    from recruitment.models import Posting


class Event:
    """Something that happened in recruitment, announced to every receiver."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._receivers: list[Callable[..., None]] = []

    def connect(self, receiver: Callable[..., None]) -> Callable[..., None]:
        """Add ``receiver`` (once; connecting it again changes nothing). Usable as a
        decorator."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    @property
    def receivers(self) -> tuple[Callable[..., None], ...]:
        return tuple(self._receivers)

    def send(self, **kwargs: Any) -> None:
        for receiver in list(self._receivers):
            receiver(**kwargs)

    def __repr__(self) -> str:
        return f"<Event {self.name}>"


class Question[**P, R]:
    """Something recruitment asks; answered by the one app that knows, or by ``default``."""

    def __init__(self, name: str, default: Callable[P, R]) -> None:
        self.name = name
        self.default = default
        self._answer: Callable[P, R] | None = None

    def answer_with(self, answer: Callable[P, R]) -> Callable[P, R]:
        """Let ``answer`` answer the question. A second, different answer is a wiring
        error: two apps must not both decide one thing."""
        if self._answer is not None and self._answer is not answer:
            raise RuntimeError(f"{self.name} is already answered by {self._answer!r}")
        self._answer = answer
        return answer

    @property
    def answer(self) -> Callable[P, R] | None:
        return self._answer

    def ask(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return (self._answer or self.default)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Question {self.name}>"


# --- The answers recruitment gives alone ---------------------------------------------------


def _no_limit(*, postings: Iterable[Posting] = ()) -> AbstractContextManager[None]:
    return contextlib.nullcontext()


def _nothing_shared(user: User) -> QuerySet[Document]:
    return Document.objects.none()


# --- Events -------------------------------------------------------------------------------

offer_accepted = Event("offer_accepted")
"""A candidate's acceptance stands, after the commit that recorded it (in a transaction of
its own). Arguments: ``hire_user: User, organisation: Organisation, start_date: date,
posting: Posting``. careers starts the newcomer's onboarding checklist."""

acceptance_given_up = Event("acceptance_given_up")
"""An accepted post was given up (the candidate moved up to a higher choice, or withdrew
the choice), after the commit. Arguments: ``hire_user: User, posting: Posting``.
careers removes the onboarding that had not started."""

choices_withdrawn = Event("choices_withdrawn")
"""A candidate withdrew choices (their status is already WITHDRAWN), inside the
transaction of the withdrawal. Arguments: ``choice_ids: list[int], actor: User``. The
employers' workflow (``recruitment.hiring``) ends their offers, bookings and reserve places."""


# --- Questions ----------------------------------------------------------------------------

coupling_limit_kept: Question[..., AbstractContextManager[None]] = Question(
    "coupling_limit_kept", _no_limit
)
"""A context manager around a change of ``postings`` (keyword argument) that raises
ValidationError if the change broke the coupled tracks' limit of a round (careers)."""

documents_shared_with: Question[[User], QuerySet[Document]] = Question(
    "documents_shared_with", _nothing_shared
)
"""The documents ``user`` may read that belong to someone else (careers: a chief
physician's pool candidates who consented to share them)."""
