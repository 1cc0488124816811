"""The job board's cached fragments (see templates/recruitment/board.html).

For anonymous and logged-in visitors alike the board's filter form and results depend
only on the query string, so they are rendered once and reused for
``BOARD_CACHE_SECONDS``. The board's *version* is part of every fragment's key, and it
changes

- with any change to a posting, an organisation, a unit, a round, a wave or an offer (an
  offer takes or frees a restplass's post), so staff see their edits at once;
- when time alone changes what the board shows: a deadline passing, a round closing, a
  wave's marking turning free posts into restplasser. The version remembers the next such
  moment (``PostingQuerySet.next_change``) and the first request from then on gets a new
  one.

The time limit covers only what no signal sees (bulk updates).

Each posting's card is cached on its own as well (``posting_cards``), under the same
version, so a new search or filter only costs its queries: the cards it lists have mostly
been drawn for another query already.
"""

import math
import secrets
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from portal.fragments import cached_fragments
from portal.models import Organisation, Unit
from recruitment.models import ApplicationRound, Offer, OfferWave, Posting

VERSION_KEY = "recruitment:board-version:v2"  # (token, runs out at): see board_version
# The query string keys that change what the board shows.
BOARD_KEYS = (
    "q",
    "kind",
    "employer",
    "municipality",
    "specialty",
    "start_from",
    "start_to",
    "restplass",
    "include_closed",
    "sort",
    "page",
)


# The version is kept with the moment it runs out (a POSIX timestamp): UNKNOWN until the
# next request asks the database, NEVER when no deadline or marking lies ahead.
UNKNOWN, NEVER = None, math.inf


def board_version(now: datetime | None = None) -> str:
    """The board's version at ``now`` (when the request arrived): one cache read, and the
    queries of ``next_change`` only when the version is new or has run out."""
    now = now or timezone.now()
    token, until = cache.get(VERSION_KEY) or (None, UNKNOWN)
    if token is not None and until is not UNKNOWN and now.timestamp() < until:
        return token
    if token is None or until is not UNKNOWN:  # never made, or run out
        token = secrets.token_hex(4)
    change = Posting.objects.next_change(now)
    cache.set(VERSION_KEY, (token, change.timestamp() if change else NEVER), timeout=None)
    return token


def board_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, (secrets.token_hex(4), UNKNOWN), timeout=None)


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


def board_keys(query: QueryDict, now: datetime | None = None) -> tuple[str, str, str]:
    """Keys of the results, and of the filter form below the search box (which does not
    change with the search words or the page, so a new search reuses it), and the board's
    version they were made with at ``now`` (for ``posting_cards``)."""
    version = board_version(now)
    return (
        board_key(query, version=version),
        board_key(query, leave_out=("q", "page"), version=version),
        version,
    )


CARD_TEMPLATE = "recruitment/_posting_card.html"


def posting_cards(postings: Iterable, language: str, version: str = "") -> list[SafeString]:
    """The card of each posting, in order: those drawn before come from the cache in one
    round trip, the rest are drawn now and stored. A card shows the posting and its
    employer, unit, municipality and round (each change gives the board a new version),
    and whether it is open or a restplass (part of the key; the postings come annotated by
    ``Posting.objects.with_state``, so asking costs no query)."""
    postings = list(postings)
    if not postings:
        return []
    version = version or board_version()
    keys = [
        f"recruitment:card:{version}:{language}:{posting.pk}:"
        f"{int(posting.is_open())}{int(posting.is_restplass())}"
        for posting in postings
    ]
    return cached_fragments(
        postings,
        keys,
        lambda posting: render_to_string(CARD_TEMPLATE, {"posting": posting}),
        settings.BOARD_CACHE_SECONDS,
    )


def connect() -> None:
    # A round's dates are its postings' deadlines, its waves say when restplasser open, and
    # an offer made, declined or expired takes or frees one of a restplass's posts.
    for model in (Posting, Organisation, Unit, ApplicationRound, OfferWave, Offer):
        for signal in (post_save, post_delete):
            signal.connect(board_changed, sender=model, dispatch_uid=f"board-{model.__name__}")
