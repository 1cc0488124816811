"""Cached HTML fragments for the rows of a list: one cache round trip for the whole list,
and only the rows not found are drawn (and stored for the next page view)."""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe


def cached_fragments(
    items: Sequence[Any],
    keys: Sequence[str],
    draw: Callable[[Any], str],
    timeout: int,
) -> list[SafeString]:
    """Each item's fragment, in order. ``keys[i]`` must name everything ``items[i]``'s
    fragment shows (its version, or a digest of its values), and ``draw`` returns HTML
    made by the template engine (escaped)."""
    found = cache.get_many(keys) if keys else {}
    drawn = {}
    fragments = []
    for key, item in zip(keys, items, strict=True):
        fragment = found.get(key)
        if fragment is None:
            fragment = drawn[key] = draw(item)
        fragments.append(mark_safe(fragment))  # drawn by our templates, escaped there
    if drawn:
        cache.set_many(drawn, timeout)
    return fragments
