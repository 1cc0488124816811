"""Issue 16: no dashboard table repeats a column header, in either language, and every
header is in the language of the request."""

import pytest
from django.conf import settings
from django.utils import translation

from portal.dashboard import data
from portal.dashboard.filters import Filters
from recruitment import selectors


def every_table(language: str) -> dict:
    with translation.override(language):
        rounds = selectors.statistics_rounds()
        employers, _municipalities = data.organisations(data.Scope.region())
        built = data.build(data.Scope.region(), Filters(), rounds=rounds, employers=employers)
        return built.tables


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_no_table_repeats_a_column_header(region, language):
    tables = every_table(language)
    assert len(tables) == 15
    for key, table in tables.items():
        labels = [column.label for column in table.columns]
        assert len(set(labels)) == len(labels), (key, labels)
        keys = [column.key for column in table.columns]
        assert len(set(keys)) == len(keys), (key, keys)


def test_the_posting_counts_are_headed_in_the_language_of_the_request(region):
    """They were translated once, when the module was first imported."""
    labels = {
        language: [column.label for column in every_table(language)["kinds"].columns]
        for language in ("nb", "en")
    }
    assert labels["en"] == [
        "Kind of post",
        "Postings",
        "Posts",
        "Open for applications",
        "Fully filled postings",
        "Filled posts",
        "Fill rate (%)",
    ]
    assert labels["nb"][:4] == [
        "Type stilling",
        "Stillinger",
        "Antall stillinger",
        "Åpen for søknader",
    ]
    assert labels["nb"][5:] == ["Besatte stillinger", "Besettelsesgrad (%)"]
