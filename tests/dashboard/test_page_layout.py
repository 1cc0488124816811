"""The dashboard as a coordinator reads it: the current round's key figures first, then an
in-page navigation to every section, then the filters; each section's tables folded under
their title (the first open) and still exportable; the printable page unfolded."""

import re

from django.urls import reverse


def _html(client, name="dashboard:coordinator") -> str:
    return client.get(reverse(name)).content.decode()


def test_key_figures_come_first_then_the_navigation_then_the_filters(login, coordinator, region):
    html = _html(login(coordinator))
    figures = html.index('class="row row-cols-2')
    navigation = html.index('class="dash-toc')
    filters = html.index('id="dash-filters"')
    first_section = html.index('aria-labelledby="employers-heading"')
    assert figures < navigation < filters < first_section


def test_every_link_of_the_navigation_reaches_a_section(login, coordinator, region):
    html = _html(login(coordinator))
    toc = html[html.index('class="dash-toc') : html.index("</nav>", html.index('class="dash-toc'))]
    targets = re.findall(r'href="#([\w-]+)"', toc)
    assert len(targets) >= 7
    for target in targets:
        assert f'id="{target}"' in html, target


def test_each_table_folds_the_first_open_and_each_keeps_its_exports(login, coordinator, region):
    html = _html(login(coordinator))
    folded = re.findall(r'<details class="dash-collapsible"( open)?>', html)
    assert folded[:2] == [" open", " open"]
    assert len(folded) > 4
    assert " open" not in folded[2:]
    for key in ("rounds", "postings", "deadlines"):
        for fmt in ("csv", "xlsx"):
            assert reverse("dashboard:coordinator_export", args=[key, fmt]) in html


def test_the_printable_page_unfolds_everything(login, coordinator, region):
    html = _html(login(coordinator), "dashboard:coordinator_print")
    assert "<details" not in html
    assert 'class="dash-toc' not in html


def test_charts_scroll_in_a_named_focusable_region(login, coordinator, region):
    html = _html(login(coordinator))
    for chart in ("chart-employers", "chart-kinds", "chart-funnel"):
        assert f'role="region" aria-labelledby="{chart}-kind {chart}-title"' in html
        assert f'id="{chart}-title"' in html
