"""Charts as inline SVG, drawn on the server from a dashboard table: no external service and
no script. Each chart is an image with a title and a text description (``role="img"``),
and the page puts the table it was drawn from right beside it, so nothing is only in the
picture. Colours keep at least 3:1 contrast on white and series differ in marker shape too.
"""

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from portal.tables import INT, Absent, Column, Table

COLOURS = ("#0b3d63", "#a35200", "#2e6b30", "#7b2d8e")
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#adb5bd"
WIDTH = 720
LABEL_WIDTH = 220
VALUE_WIDTH = 80
BAR = 16
GAP = 10
LEGEND = 28
MAX_BARS = 20


def _number(value) -> str:
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, use_l10n=True)
    return number_format(value, use_l10n=True)


def _display(value, unit: str) -> str:
    if isinstance(value, Absent):
        return value.label
    if value is None:
        return _("none")
    return f"{_number(value)}{unit}"


def _short(text: str, length: int = 32) -> str:
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> SafeString:
    # Safe: every text inside went through escape(); the rest are numbers.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dash-chart-svg" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{TEXT_COLOUR}" font-size="12" '
        f'text-anchor="{anchor}" dominant-baseline="middle"{extra}>{escape(text)}</text>'
    )


def _marker(n: int, x: float, y: float) -> str:
    colour = COLOURS[n % len(COLOURS)]
    shape = n % 4
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
    if shape == 1:
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == 2:
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _legend(names: Sequence[str], y: float = 12) -> list[str]:
    body, x = [], 0.0
    for n, name in enumerate(names):
        body.append(_marker(n, x + 6, y))
        body.append(_text(x + 16, y, name))
        x += 24 + 7.5 * len(name)
    return body


def bar_chart(
    table: Table,
    *,
    chart_id: str,
    title: str,
    label_column: str,
    value_columns: Sequence[str],
    maximum: float | None = None,
    unit: str = "",
    rows: Sequence[Sequence] | None = None,
) -> SafeString:
    """Horizontal bars, one group per row and one bar per value column."""
    rows = list(table.rows if rows is None else rows)
    shown = rows[:MAX_BARS]
    label_at = table.index(label_column)
    series = [(table.index(key), table.columns[table.index(key)].label) for key in value_columns]
    numbers = [row[n] for row in shown for n, _label in series if isinstance(row[n], int | float)]
    top = maximum or max([*numbers, 1])
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    group = len(series) * BAR + GAP
    offset = LEGEND if len(series) > 1 else 4
    height = offset + max(len(shown), 1) * group + 4
    body = _legend([label for _n, label in series]) if len(series) > 1 else []
    body.append(
        f'<line x1="{LABEL_WIDTH}" y1="{offset - 2}" x2="{LABEL_WIDTH}" y2="{height - 2}" '
        f'stroke="{GRID_COLOUR}"/>'
    )
    described = []
    for r, row in enumerate(shown):
        y0 = offset + r * group
        body.append(
            _text(LABEL_WIDTH - 8, y0 + len(series) * BAR / 2, _short(row[label_at]), anchor="end")
        )
        parts = []
        for s, (n, label) in enumerate(series):
            value = row[n]
            y = y0 + s * BAR
            width = 0.0
            if isinstance(value, int | float) and top:
                width = max(area * min(value, top) / top, 0)
                colour = COLOURS[s % len(COLOURS)]
                body.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y + 1:.1f}" width="{width:.1f}" '
                    f'height="{BAR - 3}" fill="{colour}"/>'
                )
            body.append(_text(LABEL_WIDTH + width + 6, y + BAR / 2, _display(value, unit)))
            parts.append(
                f"{label}: {_display(value, unit)}" if len(series) > 1 else _display(value, unit)
            )
        described.append(f"{row[label_at]}: {', '.join(parts)}")
    if not shown:
        body.append(_text(LABEL_WIDTH + 8, offset + group / 2, _("No figures yet.")))
    desc = "; ".join(described) or _("No figures yet.")
    if len(rows) > len(shown):
        desc += " " + _("(The first %(shown)d of %(total)d; all are in the table.)") % {
            "shown": len(shown),
            "total": len(rows),
        }
    return _svg(chart_id, title, desc, int(height), body)


def funnel_chart(table: Table, *, chart_id: str, title: str, stages: Sequence[str]) -> SafeString:
    """The stages summed over the table's rows (the tracks), as decreasing bars."""
    totals = Table(
        key=f"{table.key}-totals",
        title=title,
        columns=[Column("stage", _("Stage")), Column("people", _("People"), INT)],
    )
    for stage in stages:
        label = table.columns[table.index(stage)].label
        totals.add([label, sum(value or 0 for value in table.values(stage))])
    return bar_chart(
        totals, chart_id=chart_id, title=title, label_column="stage", value_columns=["people"]
    )


def line_chart(
    table: Table,
    *,
    chart_id: str,
    title: str,
    x_column: str,
    series_columns: Sequence[str],
    rows: Sequence[Sequence],
    y_min: float = 1,
    y_max: float = 5,
) -> SafeString:
    """One line per series over the rows in order (a trend), on a fixed scale. Hidden
    values leave a gap in the line."""
    # Room on the left for the first campaign's slanted label.
    left, right, top, bottom = 150, 24, LEGEND + 10, 76
    height = 300
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    x_at = table.index(x_column)
    series = [(table.index(key), table.columns[table.index(key)].label) for key in series_columns]

    def x_of(i: int) -> float:
        return left + (plot_w / 2 if len(rows) == 1 else plot_w * i / (len(rows) - 1))

    def y_of(value: float) -> float:
        return top + plot_h * (y_max - value) / (y_max - y_min)

    body = _legend([label for _n, label in series])
    tick = y_min
    while tick <= y_max:
        y = y_of(tick)
        body.append(
            f'<line x1="{left - 20}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-dasharray="2 3"/>'
        )
        body.append(_text(left - 26, y, _number(tick), anchor="end"))
        tick += 1
    for i, row in enumerate(rows):
        x = x_of(i)
        body.append(
            _text(
                x,
                height - bottom + 14,
                _short(row[x_at], 18),
                anchor="end",
                extra=f' transform="rotate(-30 {x:.1f} {height - bottom + 14:.1f})"',
            )
        )
    described = []
    for s, (n, label) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        segment: list[str] = []
        segments = [segment]
        for i, row in enumerate(rows):
            value = row[n]
            if isinstance(value, int | float):
                segment.append(f"{x_of(i):.1f},{y_of(value):.1f}")
                body.append(_marker(s, x_of(i), y_of(value)))
            else:
                segment = []
                segments.append(segment)
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"/>'
                )
        values = ", ".join(f"{row[x_at]} {_display(row[n], '')}" for row in rows)
        described.append(f"{label}: {values}")
    return _svg(chart_id, title, "; ".join(described) or _("No figures yet."), height, body)
