"""Survey figures that many pages show and that change rarely.

A unit's published scores (on each of its postings) change only when a LIS1 campaign
covering the unit is finalised, but working them out aggregates every answer of those
campaigns – all their units, for the k rule. So they are kept for
``UNIT_SCORES_CACHE_SECONDS`` and forgotten as soon as such a campaign is finalised.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from feedback.selectors import UnitScores, latest_unit_scores


def _key(unit_id: int) -> str:
    return f"feedback:unit-scores:{unit_id}"


def unit_scores(unit_id: int) -> UnitScores | None:
    return cache.get_or_set(
        _key(unit_id),
        lambda: latest_unit_scores([unit_id]).get(unit_id),
        settings.UNIT_SCORES_CACHE_SECONDS,
    )


def forget_unit_scores(unit_ids: Iterable[int]) -> None:
    cache.delete_many([_key(unit_id) for unit_id in unit_ids])
