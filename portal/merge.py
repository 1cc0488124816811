"""Field-by-field merging of a form saved from a page that may be out of date.

A page carries, next to each field it can save, the *version* the field had when the page
was drawn: a fingerprint of the stored value. A save then changes only the fields the
person changed on that page (their value differs from the version they started from), and
refuses – as a ``Conflict`` – a field that someone else changed meanwhile (in another tab
or window) to something else. Nothing is overwritten without the person seeing both texts
and choosing. A save without a version (an older client, a script) is a deliberate
overwrite of that field, as before.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date


def normalise(value) -> str:
    """The text of a field as compared: browsers send line ends as CRLF, and forms strip
    surrounding space."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def canon(value) -> str:
    """A form's or a model's value as text, the same for both: booleans "1"/"", dates in
    ISO form, several values sorted and comma-separated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(sorted(str(item) for item in value))
    return str(value)


def fingerprint(value) -> str:
    """The version of a stored value (short: it travels in every page)."""
    return hashlib.sha256(normalise(value).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Conflict:
    field: str
    mine: str
    theirs: str
    version: str  # of ``theirs``: sent back with "keep mine", it overwrites on purpose


def merge(
    current: Mapping[str, str], mine: Mapping[str, str], bases: Mapping[str, str | None]
) -> tuple[dict[str, str], list[Conflict]]:
    """What to write of ``mine`` over ``current``, and what conflicts.

    A field is left alone when this page did not change it (its value is still the version
    it started from) or when it already holds the same text; written when nobody changed
    it since the page's version; and refused when somebody else did.
    """
    changes: dict[str, str] = {}
    conflicts: list[Conflict] = []
    for name, value in mine.items():
        if name not in current:
            continue  # a field that no longer exists (a posting taken off the list)
        theirs = current[name]
        base = bases.get(name)
        if base is None:
            base = fingerprint(theirs)
        if normalise(value) == normalise(theirs) or fingerprint(value) == base:
            continue
        if fingerprint(theirs) != base:
            conflicts.append(
                Conflict(name, normalise(value), normalise(theirs), fingerprint(theirs))
            )
            continue
        changes[name] = value
    return changes, conflicts
