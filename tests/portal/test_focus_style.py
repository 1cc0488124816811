"""The focus indicator keeps 3:1 on every background it appears on (WCAG 1.4.11).

Computed from the values in static/css/portal.css: the ring against the background around
it, and the halo (between the ring and the element) against the ring, so the ring stands
out from the element too."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()

# Backgrounds a focused element sits on: (what, CSS scope whose variables apply, colour).
BACKGROUNDS = [
    ("page", ":root", "#ffffff"),
    ("grey staff bar and footer (bg-body-tertiary, bg-light)", ":root", "#f8f9fa"),
    ("table stripes and form fields' grey", ":root", "#e9ecef"),
    ("dark header", ".bg-primary-dark", "#0b3d63"),
    ("account menu inside the dark header", ".bg-primary-dark .dropdown-menu", "#ffffff"),
]
# Colours of focused elements themselves: the halo sits between them and the ring.
ELEMENTS = ["#0d6efd", "#0a4fa8", "#6c757d", "#198754", "#dc3545", "#ffffff", "#0b3d63"]


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def focus_colours(scope: str) -> tuple[str, str]:
    """The ring and halo colours declared for a scope (the innermost rule that sets them)."""
    for rule in re.finditer(r"(?m)^" + re.escape(scope) + r"\s*\{([^}]*)\}", CSS):
        ring = re.search(r"--focus-ring:\s*(#[0-9a-fA-F]{6})", rule.group(1))
        halo = re.search(r"--focus-halo:\s*(#[0-9a-fA-F]{6})", rule.group(1))
        if ring and halo:
            return ring.group(1), halo.group(1)
    raise AssertionError(f"{scope} sets no focus colours in portal.css")


def test_the_indicator_is_drawn_from_the_variables():
    rule = re.search(r":focus-visible\s*\{([^}]*)\}", CSS).group(1)
    assert re.search(r"outline:\s*3px solid var\(--focus-ring\)", rule)
    assert re.search(r"box-shadow:\s*0 0 0 2px var\(--focus-halo\)", rule)
    assert "#ffbf47" not in CSS


@pytest.mark.parametrize(("what", "scope", "background"), BACKGROUNDS)
def test_the_ring_has_three_to_one_against_the_background(what, scope, background):
    ring, halo = focus_colours(scope)
    assert contrast(ring, background) >= 3, what
    assert contrast(halo, ring) >= 3, what


@pytest.mark.parametrize("element", ELEMENTS)
def test_ring_or_halo_stands_out_from_the_focused_element(element):
    for _what, scope, _background in BACKGROUNDS:
        ring, halo = focus_colours(scope)
        assert max(contrast(ring, element), contrast(halo, element)) >= 3, (scope, element)


def test_the_old_yellow_would_fail():
    """The check can fail: the former #ffbf47 ring has 1.6:1 on white."""
    assert contrast("#ffbf47", "#ffffff") < 3
    assert contrast("#ffbf47", "#f8f9fa") < 3
