"""Formatting of dashboard table values (see portal/tables.py). The rows are
rendered here in Python rather than cell by cell in the template: a national dashboard has
thousands of cells, and the template engine would take seconds over them."""

import functools

from django import template
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import tables as t

register = template.Library()


@functools.lru_cache(maxsize=8)
def _separators(language: str) -> tuple[str, str]:
    return get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")


def _number(value, decimals: int) -> str:
    """Like ``number_format`` with grouping by thousands, without its per-call lookups."""
    decimal, thousand = _separators(get_language())
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousand)


@register.simple_tag
def dashboard_value(value, kind: str = t.TEXT):
    """A table value as the page shows it; figures hidden by the k rules say so."""
    if isinstance(value, t.Hidden):
        return format_html(
            '<span class="dash-hidden">{}</span><span class="visually-hidden">: {}</span>',
            _("hidden"),
            value.label,
        )
    if isinstance(value, t.Absent):
        return value.label
    if value is None or value == "":
        return format_html(
            '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>', _("none")
        )
    if kind == t.INT:
        return _number(value, 0)
    if kind in (t.DECIMAL, t.PERCENT):
        return _number(value, 1)
    if kind == t.DATETIME:
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if kind == t.DATE:
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.simple_tag
def dashboard_rows(table: t.Table, printing: bool = False):
    """The table's body rows: the first cell a row header (linked to the list behind it,
    except on paper), numbers right-aligned."""
    numeric = [column.is_numeric for column in table.columns]
    kinds = [column.kind for column in table.columns]
    rows = []
    for link, row in table.page_rows:
        cells = []
        for n, value in enumerate(row):
            shown = conditional_escape(dashboard_value(value, kinds[n]))
            if n == 0:
                if link and not printing:
                    shown = format_html('<a href="{}">{}</a>', link, shown)
                cells.append(format_html('<th scope="row">{}</th>', shown))
            else:
                cells.append(
                    f'<td class="text-end">{shown}</td>' if numeric[n] else f"<td>{shown}</td>"
                )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # Safe: every value went through conditional_escape or format_html above.
    return mark_safe("\n".join(rows))
