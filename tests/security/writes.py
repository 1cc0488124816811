"""Which SQL statements write, and the few writes a GET may make (ASVS 3.5.3: no state
change on GET).

``recording_writes()`` records every INSERT, UPDATE, DELETE, MERGE and TRUNCATE sent
through Django's connection while it is open; ``forbidden_on_get()`` keeps those that are
not one of the exceptions below, each of which a read genuinely cannot avoid.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

WRITE = re.compile(
    r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|TRUNCATE)\s+\"?([\w.]+)", re.I
)

# (statement, table) pairs a GET may send, and why.
WRITABLE_ON_GET: dict[tuple[str, str], str] = {
    # portal/security.py stamps "last seen" in the session (at most once a minute) for the
    # idle timeout: a server-side session cannot learn that its owner is still active
    # without writing it down. Ending an expired session deletes it.
    ("UPDATE", "django_session"): "the session's last-seen stamp (idle timeout)",
    ("INSERT", "django_session"): "a session saved for the first time",
    ("DELETE", "django_session"): "an expired session ended",
    # Looking at someone's personal data is itself an event the portal must record
    # (SECURITY.md, audit trail): an employer opening an application, a chief physician a
    # candidate. The trail is append-only (a trigger refuses UPDATE and DELETE) and
    # changes nothing that any page shows to anyone but the coordinator's audit search.
    ("INSERT", "portal_auditevent"): "the audit trail of who looked at whose data",
}


def write_of(statement: str) -> tuple[str, str] | None:
    """(INSERT|UPDATE|DELETE|MERGE|TRUNCATE, table) of a statement that writes, else None."""
    match = WRITE.match(statement)
    if match is None:
        return None
    return match.group(1).split()[0].upper(), match.group(2)


@contextmanager
def recording_writes() -> Iterator[list[str]]:
    """Every writing statement sent while open (reads are not recorded)."""
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        if write_of(sql):
            statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def forbidden_on_get(statements: list[str]) -> list[str]:
    return [s for s in statements if write_of(s) not in WRITABLE_ON_GET]
