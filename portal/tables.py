"""A table is what a panel shows, what its chart is drawn from and what an export writes,
so the page, the chart's text alternative and the spreadsheet always agree."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

TEXT = "text"
INT = "int"
DECIMAL = "decimal"  # one decimal
PERCENT = "percent"  # a percentage with one decimal, e.g. 66.7
DATE = "date"
DATETIME = "datetime"
NUMERIC = frozenset({INT, DECIMAL, PERCENT})


class Absent:
    """A figure that is not there, said in words (``label``) on the page and in exports –
    never written as a number, least of all as 0."""

    @property
    def label(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Hidden(Absent):
    """A figure left out under the survey k rules. ``reason`` as in feedback: "few" (fewer
    than k answered) or "protect" (hidden so a smaller group cannot be worked out)."""

    reason: str = "few"

    @property
    def label(self) -> str:
        if self.reason == "protect":
            return _("Hidden to protect a smaller group")
        return _("Too few responses")


@dataclass(frozen=True)
class NotFilled(Absent):
    """A time to fill that cannot be measured yet: the posting is not filled, or (``many``,
    for a median) none of the postings is."""

    many: bool = False

    @property
    def label(self) -> str:
        return _("none filled") if self.many else _("not filled")


def days_to_fill(days: float | None, *, many: bool = False) -> "float | NotFilled":
    return NotFilled(many) if days is None else days


def cell(feedback_cell, attribute: str = "n"):
    """A feedback ``Cell`` as a table value: the figure, or Hidden."""
    if feedback_cell is None:
        return None
    if feedback_cell.hidden:
        return Hidden(feedback_cell.reason or "few")
    return getattr(feedback_cell, attribute)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC


Value = str | int | float | date | datetime | Absent | None


@dataclass
class Table:
    key: str  # in export URLs and element ids
    title: str
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)
    row_links: list[str] = field(default_factory=list)  # the first cell's link, "" for none
    link: str = ""  # the list behind the whole panel
    link_label: str = ""
    total: int | None = None  # when the rows are the first of more
    shown: int | None = 100  # on the page at most this many rows; exports write them all

    def add(self, values: list[Value], link: str = "") -> None:
        assert len(values) == len(self.columns), (self.key, values)
        self.rows.append(values)
        self.row_links.append(link)

    def index(self, key: str) -> int:
        return next(n for n, column in enumerate(self.columns) if column.key == key)

    def values(self, key: str) -> list[Value]:
        n = self.index(key)
        return [row[n] for row in self.rows]

    @property
    def has_hidden(self) -> bool:
        return any(isinstance(value, Hidden) for row in self.rows for value in row)

    @property
    def page_rows(self) -> list[tuple[str, list[Value]]]:
        pairs = list(zip(self.row_links, self.rows, strict=True))
        return pairs[: self.shown] if self.shown else pairs

    @property
    def is_cut(self) -> bool:
        return bool(self.shown) and len(self.rows) > self.shown
