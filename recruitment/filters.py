import functools

import django_filters
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.widgets import QuickSelect
from recruitment import selectors
from recruitment.models import Posting, PostingKind, Specialty


class PostingFilter(django_filters.FilterSet):
    """The job board's filters. Every value lives in the query string, so a filtered
    board is a URL that can be shared."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind of post"),
        choices=PostingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # no join, so no duplicates: DISTINCT would only sort every row
    )
    employer = django_filters.ModelChoiceFilter(
        label=_("Employer"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.HEALTH_COMMUNITY),
        empty_label=_("All employers"),
        widget=QuickSelect,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY),
        empty_label=_("All municipalities"),
        widget=QuickSelect,
    )
    specialty = django_filters.ChoiceFilter(
        label=_("Specialty"),
        choices=[c for c in Specialty.choices if c[0]],
        empty_label=_("All specialties"),
    )
    start_from = django_filters.DateFilter(
        label=_("Starting from"),
        field_name="start_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start_to = django_filters.DateFilter(
        label=_("Starting by"),
        field_name="start_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    restplass = django_filters.BooleanFilter(
        label=_("Only leftover posts (restplasser)"),
        method="filter_restplass",
        widget=forms.CheckboxInput,
    )
    include_closed = django_filters.BooleanFilter(
        label=_("Include postings past their deadline"),
        method="filter_include_closed",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        choices=[
            ("deadline", _("Deadline, soonest first")),
            ("-published_at", _("Newest first")),
            ("start_date", _("Start date")),
            ("title", _("Title")),
        ],
        # "deadline" in the address, the application deadline (its round's) in the query.
        fields=[("application_deadline_at", "deadline")],
        empty_label=None,
    )

    class Meta:
        model = Posting
        fields = []

    def __init__(self, data=None, *args, now, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.now = now
        self.form.fields["sort"].initial = "deadline"
        # Hundreds of organisations nationally: their names come from the cache rather
        # than two queries per page view. Validating a chosen one still asks the database.
        for name in ("employer", "municipality"):
            field = self.form.fields[name]
            # A callable: asked only when the form is drawn (not for a cached board).
            field.widget.choices = functools.partial(_choices, name, field.empty_label)

    def filter_search(self, queryset, name, value):
        return queryset  # applied last in filter_queryset: its fallback looks at the result

    def filter_restplass(self, queryset, name, value):
        return queryset.filter(restplass_now=True) if value else queryset

    def filter_include_closed(self, queryset, name, value):
        return queryset  # applied in filter_queryset so that it also works when absent

    def filter_queryset(self, queryset):
        # The queryset comes from selectors.board_postings(now): it says for each posting
        # whether it is open at the moment the request arrived.
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_closed"):
            queryset = queryset.filter(open_now=True)
        if self.form.cleaned_data.get("q"):
            queryset = selectors.search_postings(queryset, self.form.cleaned_data["q"])
        if not self.form.cleaned_data.get("sort"):
            if self.form.cleaned_data.get("q") and "rank" in queryset.query.annotations:
                queryset = queryset.order_by("-rank", "application_deadline_at", "pk")
            else:
                queryset = queryset.order_by("application_deadline_at", "pk")
        return queryset


def board_filter(data, now, request=None) -> PostingFilter:
    """The board's filter over everything the board may list at ``now``: the one code
    path for the board (recruitment.views.board) and for job alerts (recruitment.alerts)."""
    return PostingFilter(data, queryset=selectors.board_postings(now), request=request, now=now)


ORGANISATION_CHOICES_KEY = "recruitment:board-organisation-choices:v1"
ORGANISATION_CHOICES_SECONDS = 10 * 60


def organisation_choices() -> dict[str, list[tuple[int, str]]]:
    """(id, name) of the employers and municipalities the board filters on. Organisations
    change a few times a year, so a new one may take some minutes to appear here."""

    def load() -> dict[str, list[tuple[int, str]]]:
        organisations = Organisation.objects.exclude(
            kind=Organisation.Kind.HEALTH_COMMUNITY
        ).values_list("pk", "name", "kind")
        return {
            "employer": [(pk, name) for pk, name, _kind in organisations],
            "municipality": [
                (pk, name)
                for pk, name, kind in organisations
                if kind == Organisation.Kind.MUNICIPALITY
            ],
        }

    return cache.get_or_set(ORGANISATION_CHOICES_KEY, load, ORGANISATION_CHOICES_SECONDS)


def _choices(name: str, empty_label) -> list:
    return [("", empty_label), *organisation_choices()[name]]
