"""The one export path: every CSV and XLSX file the portal writes is a ``portal.tables.Table``
written here, so the byte-order mark and the CSV-injection escape live in one place.

Tables are written with the same figures as the page: numbers stay numbers
(percentages as e.g. 66.7, days with one decimal), times are Oslo time, a figure hidden
under the survey k rules is written as the reason it is hidden, never as its value, and a
figure not there (a posting not filled has no time to fill) says so in words."""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from portal.tables import DATE, DATETIME, DECIMAL, INT, PERCENT, Absent, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    INT: "0",
    DECIMAL: "0.0",
    PERCENT: "0.0",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}


def _plain(value):
    """A value as a spreadsheet holds it: local naive times, reasons for hidden figures."""
    if isinstance(value, Absent):
        return value.label
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)
    return value


def csv_cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # Spreadsheets run cells that start like a formula; quote such text (numbers stay numbers).
    if not isinstance(value, int | float) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_bytes(table: Table, *, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the Norwegian letters right (æ, ø, å)
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(tables: Iterable[Table]) -> bytes:
    """One worksheet per table, headed by its column names."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table, workbook.sheetnames))
        sheet.append([column.label for column in table.columns])
        for row in table.rows:
            sheet.append([None] * len(row))
            for n, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
                cell = sheet.cell(row=sheet.max_row, column=n)
                value = _plain(value)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif value is not None and column.kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[column.kind]
        for n, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = max(
                12, min(len(column.label) + 2, 40)
            )
        sheet.freeze_panes = "A2"
    if not workbook.sheetnames:
        workbook.create_sheet("-")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_name(table: Table, taken: list[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    name = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31].strip() or table.key
    if name in taken:
        name = f"{name[:27]} {len(taken)}"
    return name


def csv_response(table: Table, filename: str, *, delimiter: str = ",") -> HttpResponse:
    response = HttpResponse(
        csv_bytes(table, delimiter=delimiter), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(tables: Iterable[Table], filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
