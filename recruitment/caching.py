"""The job board's cached fragments (see templates/recruitment/board.html).

For anonymous and logged-in visitors alike the board's filter form and results depend
only on the query string, so they are rendered once and reused for
``BOARD_CACHE_SECONDS``. Any change to a posting, an organisation or a unit changes the
board's *version*, which is part of every fragment's key, so staff see their edits at
once; the time limit covers what no signal sees (a deadline passing, bulk updates).
"""

import secrets

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict

VERSION_KEY = "recruitment:board-version"
# The query string keys that change what the board shows.
BOARD_KEYS = (
    "q",
    "kind",
    "employer",
    "municipality",
    "specialty",
    "start_from",
    "start_to",
    "include_closed",
    "sort",
    "page",
)


def board_version() -> str:
    return cache.get_or_set(VERSION_KEY, lambda: secrets.token_hex(4), timeout=None)


def board_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, secrets.token_hex(4), timeout=None)


def board_key(query: QueryDict, leave_out: tuple[str, ...] = (), version: str = "") -> str:
    """The board's version and its query string in a fixed order (only the keys that
    matter, each value trimmed and sorted), so equal boards share one fragment."""
    parts = [
        f"{key}={value.strip()}"
        for key in BOARD_KEYS
        if key not in leave_out
        for value in sorted(query.getlist(key))
        if value.strip()
    ]
    return f"{version or board_version()}|{'&'.join(parts)}"


def board_keys(query: QueryDict) -> tuple[str, str]:
    """Keys of the results, and of the filter form below the search box (which does not
    change with the search words or the page, so a new search reuses it)."""
    version = board_version()
    return (
        board_key(query, version=version),
        board_key(query, leave_out=("q", "page"), version=version),
    )


def connect() -> None:
    from portal.models import Organisation, Unit
    from recruitment.models import Posting

    for model in (Posting, Organisation, Unit):
        for signal in (post_save, post_delete):
            signal.connect(board_changed, sender=model, dispatch_uid=f"board-{model.__name__}")
