"""Bokmål that reads right (issue 21 part 4): plural forms, dates, and posting text marked
as Bokmål on the English pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from recruitment.hiring import views as hiring_views


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((2, 1, 1), "2 søkere: 1 kvinne, 1 mann, 0 annet eller ikke oppgitt."),
        ((5, 2, 3), "5 søkere: 2 kvinner, 3 menn, 0 annet eller ikke oppgitt."),
    ],
)
def test_the_public_list_counts_women_and_men_in_the_singular_too(counts, expected):
    total, women, men = counts
    public_list = {
        "total": total,
        "by_gender": {"female": women, "male": men, "other": 0},
        "left_off": 1,
        "left_off_by_gender": {"female": 0, "male": 1},
        "rows": [],
    }
    with translation.override("nb"):
        html = render_to_string(
            "recruitment/hiring/_public_list_table.html", {"public_list": public_list}
        )
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert expected in text
    assert "(0 kvinner, 1 mann)" in text


def test_counted_messages_use_plural_forms_not_brackets():
    source = Path(hiring_views.__file__).read_text()
    assert "(s)" not in source
    with translation.override("nb"):
        one = translation.ngettext(
            "%(n)d interview time published.", "%(n)d interview times published.", 1
        )
        many = translation.ngettext(
            "%(n)d interview time published.", "%(n)d interview times published.", 4
        )
    assert one % {"n": 1} == "1 intervjutid er publisert."
    assert many % {"n": 4} == "4 intervjutider er publisert."


def test_no_template_writes_a_month_with_the_capitalised_abbreviation():
    # Django's "M" is "Des", "Feb" in Bokmål; "N" gives "des.", "feb." (and "Dec." in English).
    found = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for match in re.finditer(r"""\|date:["']([^"']*)["']""", template.read_text()):
            if re.search(r"(?<!\\)M", match[1]) and "FORMAT" not in match[1]:
                found.append(f"{template.name}: {match[0]}")
    assert not found, found


def test_posting_text_is_marked_as_bokmal_on_the_english_page(client, posting):
    response = client.get(posting.get_absolute_url(), headers={"Accept-Language": "en"})
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert f'<h1 lang="nb">{posting.title}</h1>' in body
    assert re.search(r'<p class="fs-5" lang="nb">', body)


def test_the_empty_choice_of_a_dropdown_reads_in_bokmal():
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override("nb"):
        assert str(BLANK_CHOICE_LABEL) == "– Velg –"
