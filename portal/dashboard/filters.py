"""The dashboards' filters: round, period, employer, municipality and kind of post. Every
value lives in the query string, so a filtered dashboard – and its exports – is a URL."""

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django import forms
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from recruitment.enums import PostingKind

# Without any filter the posting figures cover deadlines in the last year and the year ahead.
DEFAULT_PERIOD_DAYS = 365


@dataclass(frozen=True)
class Filters:
    round_id: int | None = None
    period_from: date | None = None
    period_to: date | None = None
    employer_id: int | None = None
    municipality_id: int | None = None
    kind: str = ""

    @property
    def key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:24]

    def as_dict(self) -> dict:
        """For a task's arguments: JSON only."""
        data = asdict(self)
        for name in ("period_from", "period_to"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Filters":
        data = dict(data)
        for name in ("period_from", "period_to"):
            data[name] = date.fromisoformat(data[name]) if data[name] else None
        return cls(**data)


@dataclass(frozen=True)
class OrganisationChoice:
    pk: int
    name: str
    kind: str
    parent_id: int | None


def descendants(organisations: list[OrganisationChoice], pk: int) -> set[int]:
    """An organisation and those under it (a trust and its hospitals), as far as known."""
    found = {pk}
    while True:
        more = {o.pk for o in organisations if o.parent_id in found} - found
        if not more:
            return found
        found |= more


class QuickSelect(forms.Select):
    """A select rendered in Python: a national dashboard offers hundreds of employers and
    municipalities, and rendering each option through the widget templates takes longer
    than all the figures."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class DashboardFilterForm(forms.Form):
    round = forms.TypedChoiceField(
        label=_("Application round"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=QuickSelect,
    )
    period_from = forms.DateField(
        label=_("Deadlines from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period_to = forms.DateField(
        label=_("Deadlines to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    employer = forms.TypedChoiceField(
        label=_("Employer"), coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    municipality = forms.TypedChoiceField(
        label=_("Municipality"), coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    kind = forms.ChoiceField(
        label=_("Kind of post"),
        required=False,
        choices=[("", _("All kinds")), *PostingKind.choices],
        widget=QuickSelect,
    )

    def __init__(self, *args, rounds, employers, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [
            ("", _("Current round")),
            *[(r.pk, r.name) for r in rounds],
        ]
        self.fields["employer"].choices = [
            ("", _("All employers")),
            *[(o.pk, o.name) for o in employers],
        ]
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *[(o.pk, o.name) for o in municipalities],
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The period must end on or after its start."))
        return data


def read_filters(
    query: QueryDict, *, rounds, employers, municipalities, today: date
) -> tuple[DashboardFilterForm, Filters]:
    """The form to show and the filters to apply. Unknown or out-of-scope values (another
    organisation's id typed into the URL) fail validation and are simply not applied."""
    options = {"rounds": rounds, "employers": employers, "municipalities": municipalities}
    if not any(name in query for name in DashboardFilterForm.base_fields):
        default_from = today - timedelta(days=DEFAULT_PERIOD_DAYS)
        default_to = today + timedelta(days=DEFAULT_PERIOD_DAYS)
        form = DashboardFilterForm(
            initial={"period_from": default_from, "period_to": default_to}, **options
        )
        return form, Filters(period_from=default_from, period_to=default_to)
    form = DashboardFilterForm(query, **options)
    form.is_valid()
    data = form.cleaned_data
    return form, Filters(
        round_id=data.get("round"),
        period_from=data.get("period_from"),
        period_to=data.get("period_to"),
        employer_id=data.get("employer"),
        municipality_id=data.get("municipality"),
        kind=data.get("kind") or "",
    )
