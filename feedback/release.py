"""When held survey answers are released into the results: the one home of the rule.

The promise (DESIGN.md FB): a result for any group moves only in steps of at least *k*
people, so comparing two views or two exports – one before and one after a release –
never narrows an answer down to fewer than *k* people; and nothing stays held once the
survey has closed.

- **While the campaign runs**, a unit's held answers are released once at least *k* of
  them wait: all of them together, shuffled, in one transaction – a *batch*. Every batch of
  a unit holds at least *k* answers, so the unit's respondents go 0 → ≥ k → ≥ 2k …, and the
  campaign's total with them.
- **When it has closed**, the same first; then the answers still held (units where fewer
  than *k* wait) are pooled: at least *k* of them are released as one batch into "smaller
  units, combined"; fewer are destroyed. Then nothing is held and the results are final.
- **Free text** comes out with its batch and is shown for a group only once its batches
  hold ``k_text`` respondents, then in steps of at least ``k_text`` (``text_steps``).

``plan`` decides; ``feedback.services.release_pending_responses`` carries it out, one
transaction per batch. ``demo/scale.py`` asks the same ``plan`` for the national data.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Batch:
    unit_id: int | None  # None: the smaller units, combined
    held: tuple  # the held answers it releases


@dataclass(frozen=True)
class Plan:
    batches: tuple[Batch, ...]
    destroyed: tuple  # held answers that can never reach k
    final: bool  # nothing is held after this plan: the campaign's results are final


def plan(held: Mapping[int, Sequence], *, k: int, closed: bool) -> Plan:
    """What to release of a campaign's held answers (unit → their ids)."""
    batches = [Batch(unit_id, tuple(ids)) for unit_id, ids in sorted(held.items()) if len(ids) >= k]
    if not closed:
        return Plan(tuple(batches), (), final=False)
    left = tuple(
        answer for _unit, ids in sorted(held.items()) if 0 < len(ids) < k for answer in ids
    )
    if len(left) >= k:
        return Plan((*batches, Batch(None, left)), (), final=True)
    return Plan(tuple(batches), left, final=True)


def text_steps(batches: Iterable[tuple[int, int]], k_text: int) -> tuple[int, int]:
    """How far a group's free text is shown: given its batches as (batch number,
    respondents) in any order, the last batch number whose text is shown and how many
    respondents those batches hold. Walking the batches in order, the text moves on only
    when the batches since the last step hold at least ``k_text`` respondents; (0, 0):
    none shown yet."""
    shown_until, shown, total = 0, 0, 0
    for number, respondents in sorted(batches):
        total += respondents
        if total - shown >= k_text:
            shown_until, shown = number, total
    return shown_until, shown
