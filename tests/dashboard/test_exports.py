"""Every table as CSV and XLSX: the files parse back to the figures on the page, and the
survey k rules hold in them too."""

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.models import AuditEvent
from portal.tables import INT, Absent
from tests.dashboard.region import SECRET_TEXT


def page_tables(client, url_name="dashboard:coordinator", **query):
    return client.get(reverse(url_name), query).context["tables"]


def expected(value):
    """A table value as the files hold it: a figure not there (hidden, not filled) in words."""
    if isinstance(value, Absent):
        return value.label
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)
    return value


def expected_in_xlsx(value):
    """Spreadsheets keep dates as times at midnight and have no empty text."""
    value = expected(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, datetime.min.time())
    return None if value == "" else value


def from_csv(text: str, column) -> object:
    if text == "":
        return "" if column.kind == "text" else None
    if column.kind in (INT, "decimal", "percent"):
        try:
            return int(text) if column.kind == INT else float(text)
        except ValueError:
            return text  # a hidden figure's reason
    if column.kind == "datetime":
        return datetime.strptime(text, "%Y-%m-%d %H:%M")
    if column.kind == "date":
        return date.fromisoformat(text)
    return text


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_every_table_parses_back_from_csv(login, coordinator, region):
    client = login(coordinator)
    tables = page_tables(client)
    assert set(tables) >= {"rounds", "employers", "postings", "kinds", "surveys", "reminders"}
    for key, table in tables.items():
        response = client.get(reverse("dashboard:coordinator_export", args=[key, "csv"]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert f"dashboard-{key}-" in response["Content-Disposition"]
        header, *lines = read_csv(response.content)
        assert header == [c.label for c in table.columns]
        parsed = [
            [from_csv(text, column) for text, column in zip(line, table.columns, strict=True)]
            for line in lines
        ]
        assert parsed == [[expected(v) for v in row] for row in table.rows], key


def test_every_table_parses_back_from_xlsx(login, coordinator, region):
    client = login(coordinator)
    tables = page_tables(client)
    for key, table in tables.items():
        response = client.get(reverse("dashboard:coordinator_export", args=[key, "xlsx"]))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = read_xlsx(response.content).active
        header, *lines = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert header == [c.label for c in table.columns]
        assert lines == [[expected_in_xlsx(v) for v in row] for row in table.rows], key


def test_the_round_figures_in_the_files_are_the_known_numbers(login, coordinator, region):
    client = login(coordinator)
    response = client.get(reverse("dashboard:coordinator_export", args=["rounds", "csv"]))
    _header, current, previous = read_csv(response.content)
    assert current[0] == "LIS1 høst 2026"
    assert current[2:] == ["4", "7", "7", "5", "4", "57.1", "3", "24.0", "1"]
    assert previous[7:10] == ["100.0", "0", "50.5"]
    response = client.get(reverse("dashboard:coordinator_export", args=["rounds", "xlsx"]))
    sheet = read_xlsx(response.content).active
    assert [cell.value for cell in sheet[2]][2:] == [4, 7, 7, 5, 4, 57.1, 3, 24.0, 1]
    assert sheet["H2"].number_format == "0.0"


def test_the_whole_dashboard_as_one_workbook(login, coordinator, region):
    client = login(coordinator)
    tables = page_tables(client)
    response = client.get(reverse("dashboard:coordinator_export_all"))
    workbook = read_xlsx(response.content)
    assert len(workbook.sheetnames) == len(tables)
    for sheet, table in zip(workbook.worksheets, tables.values(), strict=True):
        assert sheet.title == table.title.replace(":", "")[:31].strip()
        assert [cell.value for cell in sheet[1]] == [c.label for c in table.columns]


def test_k_rules_hold_in_the_exports(login, coordinator, region):
    client = login(coordinator)
    csv_rows = read_csv(
        client.get(reverse("dashboard:coordinator_export", args=["surveys", "csv"])).content
    )
    small = next(row for row in csv_rows if row[2] == "Akuttmottak")
    protecting = next(row for row in csv_rows if row[2] == "Kirurgisk klinikk")
    assert small[4] == "5"  # invited: who was asked is no secret
    assert set(small[5:]) == {"Too few responses"}
    assert set(protecting[5:]) == {"Hidden to protect a smaller group"}
    workbook = read_xlsx(client.get(reverse("dashboard:coordinator_export_all")).content)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert SECRET_TEXT not in row
            if "Akuttmottak" in row:
                assert row[5:] == ("Too few responses",) * 7
    everything = b"".join(
        client.get(reverse("dashboard:coordinator_export", args=[key, "csv"])).content
        for key in page_tables(client)
    )
    assert SECRET_TEXT.encode() not in everything


def test_an_employers_exports_hold_only_their_own(login, recruiter, region):
    client = login(recruiter)
    workbook = read_xlsx(client.get(reverse("dashboard:employer_export_all")).content)
    text = repr([list(s.iter_rows(values_only=True)) for s in workbook.worksheets])
    assert "Sykehuset Øst" in text
    for other in ("Sykehuset Vest", "Vest medisin", "LIS1 Vest C"):
        assert other not in text
    assert (
        client.get(reverse("dashboard:employer_export", args=["reminders", "csv"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("table", "fmt"), [("nothing", "csv"), ("rounds", "pdf"), ("rounds", "xlsx.csv")]
)
def test_unknown_tables_and_formats_are_404(login, coordinator, region, table, fmt):
    url = reverse("dashboard:coordinator_export", args=[table, fmt])
    assert login(coordinator).get(url).status_code == 404


def test_exports_are_in_the_audit_trail(login, coordinator, region):
    login(coordinator).get(reverse("dashboard:coordinator_export", args=["employers", "xlsx"]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor_id == coordinator.pk
    assert "employers.xlsx" in event.detail


def test_text_that_looks_like_a_formula_stays_text(login, coordinator, region):
    posting = region.postings["A"]
    posting.title = '=HYPERLINK("http://evil.example","klikk")'
    posting.save()
    client = login(coordinator)
    rows = read_csv(
        client.get(reverse("dashboard:coordinator_export", args=["postings", "csv"])).content
    )
    assert "'=HYPERLINK" in {row[0][:11] for row in rows}
    sheet = read_xlsx(
        client.get(reverse("dashboard:coordinator_export", args=["postings", "xlsx"])).content
    ).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


def test_exports_follow_the_filters(login, coordinator, region):
    client = login(coordinator)
    response = client.get(
        reverse("dashboard:coordinator_export", args=["employers", "csv"]),
        {"employer": region.other_hospital.pk},
    )
    _header, *lines = read_csv(response.content)
    assert [line[0] for line in lines] == ["Sykehuset Vest"]
