"""The coordinator's dashboard (the whole region; everyone else gets 404) and the employer's
(the organisations the staff member acts for), each with a printable version and exports of
every table. Views are thin: scope and filters in, ``data.dashboard_for`` out."""

from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import audit, exports, notifications, permissions
from portal.clock import arrived
from portal.dashboard import charts, data
from portal.dashboard.filters import read_filters
from portal.tables import Table
from recruitment import selectors as recruitment_selectors
from recruitment.enums import PostingKind

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Urls:
    page: str
    print: str
    export: str
    export_all: str


REGION_URLS = Urls(
    "dashboard:coordinator",
    "dashboard:coordinator_print",
    "dashboard:coordinator_export",
    "dashboard:coordinator_export_all",
)
EMPLOYER_URLS = Urls(
    "dashboard:employer",
    "dashboard:employer_print",
    "dashboard:employer_export",
    "dashboard:employer_export_all",
)


def _load(request, scope: data.Scope):
    rounds = recruitment_selectors.statistics_rounds()
    employers, municipalities = data.organisations(scope)
    form, filters = read_filters(
        request.GET,
        rounds=rounds,
        employers=employers,
        municipalities=municipalities,
        today=timezone.localdate(),
    )
    dashboard = data.dashboard_for(scope, filters, rounds=rounds, employers=employers)
    return form, filters, dashboard, (employers, municipalities)


def _charts(dashboard: data.Dashboard) -> dict:
    tables = dashboard.tables
    drawn: dict[str, Any] = {
        "employers": charts.bar_chart(
            tables["employers"],
            chart_id="chart-employers",
            title=_("Fill rate per employer, current round"),
            label_column="employer",
            value_columns=["fill_rate"],
            maximum=100,
            unit=" %",
        ),
        "kinds": charts.bar_chart(
            tables["kinds"],
            chart_id="chart-kinds",
            title=_("Postings by kind: open and filled"),
            label_column="kind",
            value_columns=["open", "filled"],
        ),
    }
    if "funnel_totals" in tables:
        drawn["funnel"] = charts.funnel_chart(
            tables["funnel_totals"],
            chart_id="chart-funnel",
            title=_("Coupled tracks: from interest to placement"),
            stages=data.FUNNEL_STAGES,
        )
    if "trends" in tables:
        drawn["trends"] = _trend_charts(tables["trends"])
    return drawn


def _trend_charts(table: Table) -> list[tuple[Any, SafeString]]:
    """One line chart of scores per survey, each with the survey's name."""
    surveys = list(dict.fromkeys(table.values("survey")))
    return [
        (
            survey,
            charts.line_chart(
                table,
                chart_id=f"chart-trend-{n}",
                title=_("Score trend: %(survey)s") % {"survey": survey},
                x_column="campaign",
                series_columns=[c.key for c in table.columns if c.key.startswith("score_")],
                rows=[row for row in table.rows if row[0] == survey],
            ),
        )
        for n, survey in enumerate(surveys)
    ]


def _active_filters(filters, dashboard: data.Dashboard, organisations) -> list[tuple[str, str]]:
    """What the printed page was filtered by, in words."""
    employers, municipalities = organisations
    names = {o.pk: o.name for o in [*employers, *municipalities]}
    kinds = dict(PostingKind.choices)
    period = " – ".join(
        date_format(day, "SHORT_DATE_FORMAT") if day else "…"
        for day in (filters.period_from, filters.period_to)
    )
    return [
        (_("Round"), dashboard.current.name if dashboard.current else _("none")),
        (_("Deadlines"), period),
        (_("Employer"), names.get(filters.employer_id, _("All employers"))),
        (_("Municipality"), names.get(filters.municipality_id, _("All municipalities"))),
        (_("Kind of post"), str(kinds.get(filters.kind, _("All kinds")))),
    ]


def _page(request, scope: data.Scope, urls: Urls, *, printing: bool):
    form, filters, dashboard, organisations = _load(request, scope)
    employers = organisations[0]
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "dashboard": dashboard,
            "tables": dashboard.tables,
            "charts": _charts(dashboard),
            "is_region": scope.is_region,
            "urls": urls,
            "query": request.GET.urlencode(),
            "printing": printing,
            "active_filters": _active_filters(filters, dashboard, organisations),
            "scope_names": [o.name for o in employers] if not scope.is_region else [],
            # Live, unlike the cached figures: staff must see a pause while it lasts.
            "sending_paused_until": notifications.paused_until(arrived(request))
            if scope.is_region and not printing
            else None,
        },
    )


def _export(request, scope: data.Scope, table: str, fmt: str):
    permissions.require_export_format(fmt, FORMATS)
    _form, _filters, dashboard, _organisations = _load(request, scope)
    chosen = permissions.export_table(dashboard.tables, table)
    _record_export(request, f"{table}.{fmt}")
    filename = f"dashboard-{table}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return exports.csv_response(chosen, filename)
    return exports.xlsx_response([chosen], filename)


def _export_all(request, scope: data.Scope):
    _form, _filters, dashboard, _organisations = _load(request, scope)
    _record_export(request, "all.xlsx")
    filename = f"dashboard-{timezone.localdate():%Y-%m-%d}"
    return exports.xlsx_response(dashboard.tables.values(), filename)


def _record_export(request, what: str) -> None:
    # Aggregates only – no personal data – but exports leave the portal, so they are logged.
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        detail=f"dashboard {request.path.split('/export/')[0]} {what}",
        request=request,
    )


def coordinator_only(view):
    """Everyone but the coordinator gets 404, whatever the method."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        permissions.require_coordinator(request.user)
        return view(request, *args, **kwargs)

    return wrapper


REGION = data.Scope.region()


@permissions.staff_required
@coordinator_only
@require_safe
def coordinator(request):
    return _page(request, REGION, REGION_URLS, printing=False)


@permissions.staff_required
@coordinator_only
@require_safe
def coordinator_print(request):
    return _page(request, REGION, REGION_URLS, printing=True)


@permissions.staff_required
@coordinator_only
@require_safe
def coordinator_export(request, table: str, fmt: str):
    return _export(request, REGION, table, fmt)


@permissions.staff_required
@coordinator_only
@require_safe
def coordinator_export_all(request):
    return _export_all(request, REGION)


@permissions.staff_required
@require_safe
def employer(request):
    return _page(request, data.Scope.for_staff(request.user), EMPLOYER_URLS, printing=False)


@permissions.staff_required
@require_safe
def employer_print(request):
    return _page(request, data.Scope.for_staff(request.user), EMPLOYER_URLS, printing=True)


@permissions.staff_required
@require_safe
def employer_export(request, table: str, fmt: str):
    return _export(request, data.Scope.for_staff(request.user), table, fmt)


@permissions.staff_required
@require_safe
def employer_export_all(request):
    return _export_all(request, data.Scope.for_staff(request.user))
