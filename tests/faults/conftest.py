"""Fault tests: the portal with a real Redis or PostgreSQL of its own stopped and started
under it (tests/faults/servers.py). Marked ``fault``; each takes seconds, and they run in
``make test`` with the rest (``-m fault`` runs only them)."""

from tests.recruitment.conftest import (  # noqa: F401  fixtures shared with the portal's tests
    hospital_postings,
    lis1_round,
    make_application,
    municipality_posting,
    other_posting,
    profile,
)
