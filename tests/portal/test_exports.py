"""Every CSV and XLSX file the portal writes goes through one path (portal/exports.py): the
byte-order mark and the CSV-injection escape are written there and nowhere else."""

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from portal import exports
from portal.tables import DATE, DATETIME, INT, Column, Hidden, Table

ROOT = Path(settings.BASE_DIR)
ONE_PATH = ROOT / "portal" / "exports.py"
NOT_THE_PORTAL = {".venv", "node_modules", "tests", "var", ".git", "bench"}
WRITING = re.compile(r"csv\.writer|text/csv|openpyxl|\\ufeff|FORMULA_START")


def _table() -> Table:
    table = Table(
        key="people",
        title="Folk",
        columns=[
            Column("name", "Navn"),
            Column("n", "Antall", INT),
            Column("born", "Født", DATE),
            Column("seen", "Sett", DATETIME),
        ],
    )
    seen = timezone.make_aware(datetime(2026, 6, 1, 8, 30, 15))
    table.add(["=HYPERLINK(1)", -3, date(2001, 2, 3), seen])
    table.add(["Ærlig Øyvind Åsen", Hidden(), None, None])
    for start in ("+", "-", "@", "\t", "\r"):
        table.add([f"{start}SUM(A1)", 1, None, None])
    return table


def _rows(content: bytes, delimiter: str = ",") -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # so spreadsheet programs read æ, ø and å right
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+47 900 00 000", "'+47 900 00 000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Akuttmottak", "Akuttmottak"),
        ("a=b", "a=b"),
        (-3, "-3"),  # numbers stay numbers
        (4.5, "4.5"),
        (None, ""),
        (date(2001, 2, 3), "2001-02-03"),
        (Hidden("protect"), "Hidden to protect a smaller group"),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_quoted(value, written):
    assert exports.csv_cell(value) == written


def test_csv_has_the_byte_order_mark_headers_and_escaped_rows():
    rows = _rows(exports.csv_bytes(_table()))
    assert rows[0] == ["Navn", "Antall", "Født", "Sett"]
    assert rows[1] == ["'=HYPERLINK(1)", "-3", "2001-02-03", "2026-06-01 08:30"]
    assert rows[2] == ["Ærlig Øyvind Åsen", "Too few responses", "", ""]
    assert [row[0][:2] for row in rows[3:]] == ["'+", "'-", "'@", "'\t", "'\r"]


def test_csv_response_is_an_attachment_with_the_chosen_delimiter():
    response = exports.csv_response(_table(), "folk", delimiter=";")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="folk.csv"'
    assert _rows(response.content, delimiter=";")[0] == ["Navn", "Antall", "Født", "Sett"]


def test_xlsx_text_is_never_a_formula():
    response = exports.xlsx_response([_table()], "folk")
    assert response["Content-Disposition"] == 'attachment; filename="folk.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Folk"]
    assert sheet["A2"].value == "=HYPERLINK(1)"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3


def test_nothing_else_writes_csv_or_xlsx():
    writers = []
    for path in ROOT.rglob("*.py"):
        if NOT_THE_PORTAL & set(path.relative_to(ROOT).parts) or path == ONE_PATH:
            continue
        if WRITING.search(path.read_text()):
            writers.append(str(path.relative_to(ROOT)))
    assert writers == []
