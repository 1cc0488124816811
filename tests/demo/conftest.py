"""The recruitment fixtures the demo's hiring test builds on (a LIS1 round, candidates)."""

from tests.recruitment.conftest import (  # noqa: F401 - fixtures, used by name
    hospital_postings,
    lis1_round,
    make_application,
    municipality_posting,
    other_posting,
)
from tests.recruitment.hiring.conftest import candidates  # noqa: F401 - fixture
