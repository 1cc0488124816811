"""Charts: inline SVG images with a title and a description that says what the bars say."""

import re

from portal.dashboard import charts
from portal.tables import DECIMAL, INT, PERCENT, Column, Hidden, Table


def employers(*rows) -> Table:
    table = Table(
        key="employers",
        title="Fill rate",
        columns=[Column("employer", "Employer"), Column("fill_rate", "Fill rate (%)", PERCENT)],
    )
    for row in rows:
        table.add(list(row))
    return table


def test_a_bar_chart_is_an_image_described_in_words():
    svg = charts.bar_chart(
        employers(["Sykehuset Øst", 100.0], ["Fjordby <kommune>", 33.3], ["Tom", None]),
        chart_id="c1",
        title="Fill rate per employer",
        label_column="employer",
        value_columns=["fill_rate"],
        maximum=100,
        unit=" %",
    )
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Fill rate per employer</title>' in svg
    desc = re.search(r'<desc id="c1-desc">(.*?)</desc>', svg).group(1)
    assert desc == "Sykehuset Øst: 100.0 %; Fjordby &lt;kommune&gt;: 33.3 %; Tom: none"
    assert "<kommune>" not in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == [420.0, 139.9]  # no bar for a missing value
    assert "style=" not in svg


def test_hidden_figures_draw_no_bar_and_say_why():
    table = Table(
        key="t", title="t", columns=[Column("unit", "Unit"), Column("score", "Score", DECIMAL)]
    )
    table.add(["Akuttmottak", Hidden("few")])
    table.add(["Kirurgisk", Hidden("protect")])
    svg = charts.bar_chart(
        table, chart_id="c2", title="Scores", label_column="unit", value_columns=["score"]
    )
    assert "<rect" not in svg
    assert "Akuttmottak: Too few responses" in svg
    assert "Kirurgisk: Hidden to protect a smaller group" in svg


def test_long_tables_are_cut_and_the_description_says_so():
    table = employers(*[[f"Arbeidsgiver {n}", float(n)] for n in range(30)])
    svg = charts.bar_chart(
        table, chart_id="c3", title="t", label_column="employer", value_columns=["fill_rate"]
    )
    assert svg.count("<rect") == charts.MAX_BARS
    assert "The first 20 of 30; all are in the table." in svg


def test_two_series_have_a_legend_and_both_values_in_words():
    table = Table(
        key="kinds",
        title="Kinds",
        columns=[
            Column("kind", "Kind"),
            Column("open", "Open", INT),
            Column("filled", "Filled", INT),
        ],
    )
    table.add(["LIS1", 0, 3])
    svg = charts.bar_chart(
        table, chart_id="c4", title="t", label_column="kind", value_columns=["open", "filled"]
    )
    assert "LIS1: Open: 0, Filled: 3" in svg
    assert ">Open</text>" in svg
    assert ">Filled</text>" in svg


def test_the_funnel_sums_each_stage_over_the_tracks():
    table = Table(
        key="funnel_totals",
        title="Funnel",
        columns=[Column("track", "Track")]
        + [Column(s, s.title(), INT) for s in ("interested", "consented", "invited")],
    )
    table.add(["A", 5, 4, 2])
    table.add(["B", 1, 1, 0])
    svg = charts.funnel_chart(
        table, chart_id="c5", title="Funnel", stages=["interested", "consented", "invited"]
    )
    assert "Interested: 6; Consented: 5; Invited: 2" in svg


def test_a_line_chart_leaves_a_gap_for_hidden_scores():
    table = Table(
        key="trends",
        title="Trends",
        columns=[Column("campaign", "Campaign"), Column("score", "Supervision", DECIMAL)],
    )
    for row in (
        ["Vår 2025", 4.0],
        ["Høst 2025", Hidden("few")],
        ["Vår 2026", 4.5],
        ["Høst 2026", 3.5],
    ):
        table.add(row)
    svg = charts.line_chart(
        table,
        chart_id="c6",
        title="Trend",
        x_column="campaign",
        series_columns=["score"],
        rows=table.rows,
    )
    assert svg.count("<polyline") == 1  # Vår 2025 stands alone; Vår–Høst 2026 is joined
    assert "Supervision: Vår 2025 4.0, Høst 2025 Too few responses, Vår 2026 4.5" in svg
