"""Every persona's pages at every width: no sideways scroll from 320 to 1440 px, a header
whose every control stays on screen, and axe (WCAG 2.1 A/AA) at 1280 and 320 px, in Bokmål
and English.

The pages come from the access matrix (tests/security/matrix.py) over its world
(tests/security/conftest.py): a representative set by default, every page a persona may
open with ``LAYOUT_EVERY_PAGE=1``, or the ones named in ``LAYOUT_PAGES`` (comma-separated
URL names). One browser context per persona and language; the
viewport is resized rather than pages opened again, so the whole walk stays short."""

import os

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from portal.models import Membership
from tests import factories
from tests.browser.conftest import AXE_SOURCE, AXE_TAGS, assert_accessible
from tests.conftest import with_mfa
from tests.recruitment.factories import ApplicantProfileFactory
from tests.security.conftest import (  # noqa: F401 (fixtures)
    chief_physician,
    chief_physician_without_consent,
    other_applicant,
    other_municipality,
    world,
)
from tests.security.matrix import MATRIX

WIDTHS = (320, 1024, 1280, 1366, 1440)
AXE_WIDTHS = (1280, 320)
LANGUAGES = ("nb", "en")
# The board, a posting, an application, the staff's posting list, an applicant list, the
# dashboards, a coupled track's pool and a survey's results.
REPRESENTATIVE = (
    "home",
    "recruitment:board",
    "recruitment:posting_detail",
    "recruitment:application_detail",
    "recruitment:manage_postings",
    "recruitment:posting_applicants",
    "dashboard:coordinator",
    "dashboard:employer",
    "careers:track_pool",
    "feedback:campaign_results",
)
# Pages outside the matrix (allauth's) that everyone meets before signing in.
SIGN_IN_PAGES = ("account_login", "account_signup", "account_reset_password")
PERSONAS = ("anonymous", "applicant", "recruiter", "chief_physician", "coordinator", "several")
# "several" holds every staff role and applies too: the widest header there is.
SAME_PAGES_AS = {"several": "coordinator"}

OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const scrolls = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .slice(0, 4)
    .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className
        ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
  return `scrollWidth ${root.scrollWidth} > ${width}: ${wide.join(', ')}`;
}"""

OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('header a, header button')]
    .filter((el) => el.offsetParent !== null && !el.closest('.dropdown-menu'))
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.left < 0 || r.right > width + 1;
    })
    .map((el) => el.textContent.trim() || el.getAttribute('aria-label'));
}"""


@pytest.fixture
def several(db, hospital, municipality, health_community):
    """Staff with every role – recruiter, chief physician, coordinator – who also apply."""
    user = with_mfa(factories.UserFactory(email="mange.roller.og.en.lang.adresse@example.no"))
    for organisation, role in (
        (hospital, Membership.Role.RECRUITER),
        (municipality, Membership.Role.CHIEF_PHYSICIAN),
        (health_community, Membership.Role.COORDINATOR),
    ):
        factories.MembershipFactory(user=user, organisation=organisation, role=role)
    ApplicantProfileFactory(user=user)
    return user


def _pages(the_world, persona: str, names) -> list[tuple[str, str]]:
    who = SAME_PAGES_AS.get(persona, persona)
    pages = []
    for name in names:
        entry = MATRIX.get(name)
        if entry is None:  # a sign-in page: for visitors only
            if persona == "anonymous":
                pages.append((name, reverse(name)))
            continue
        if entry.post_only or entry.expected[who] != 200:
            continue
        url = reverse(name, kwargs=entry.kwargs(the_world))
        response = the_world.client(who).get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((name, url))
    return pages


def _context(browser, live_server, user, language):
    context = browser.new_context(base_url=live_server.url)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
        cookies.append({"name": "sessionid", "value": session, "url": live_server.url})
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


CHART_LABELS = """() => [...document.querySelectorAll('svg.dash-chart-svg')].flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')]
    .map((t) => parseFloat(t.getAttribute('font-size')) * scale);
})"""
# (page, language, width) already checked with axe in this process: a page's content is the
# same whoever looks, so for the next persona only the header (theirs) is checked again.
_AXE_DONE: set[tuple[str, str, int]] = set()


def _header_accessible(page, where: str) -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async (tags) => await axe.run(
            {include: [['header']]}, {runOnly: {type: 'tag', values: tags}})""",
        AXE_TAGS,
    )
    violations = [f"{v['id']}: {v['help']}" for v in result["violations"]]
    assert not violations, f"axe violations in the header, {where}: {violations}"


def _header_fits(page, problems: list[str], where: str) -> None:
    """Open the collapsed menus, then every link and button of the header is on screen."""
    for menu in ("#main-nav", "#staff-nav"):
        button = page.locator(f"[data-bs-target='{menu}']")
        if (
            button.count()
            and button.is_visible()
            and button.get_attribute("aria-expanded") != "true"
        ):
            button.click()
            page.locator(f"{menu}.show:not(.collapsing)").wait_for()
    if off := page.evaluate(OFF_SCREEN):
        problems.append(f"{where}: header controls off screen: {off}")
    if overflow := page.evaluate(OVERFLOW):
        problems.append(f"{where} (menu open): {overflow}")
    logout = page.locator("header form[action$='/logout/'] button")
    if logout.count() and not logout.is_visible():
        problems.append(f"{where}: no visible way to log out")


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_fit_every_width_and_pass_axe(
    persona, browser, live_server, transactional_db, several, request
):
    the_world = request.getfixturevalue("world")
    if chosen := os.environ.get("LAYOUT_PAGES"):  # e.g. LAYOUT_PAGES=home,careers:index
        names = chosen.split(",")
    elif os.environ.get("LAYOUT_EVERY_PAGE") == "1":
        names = [*sorted(MATRIX), *SIGN_IN_PAGES]
    else:
        names = [*REPRESENTATIVE, *SIGN_IN_PAGES]
    pages = _pages(the_world, persona, names)
    user = several if persona == "several" else the_world.users[persona]
    problems: list[str] = []
    for language in LANGUAGES:
        context, page = _context(browser, live_server, user, language)
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        try:
            for index, (name, url) in enumerate(pages):
                page.set_viewport_size({"width": WIDTHS[0], "height": 800})
                page.goto(url)
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    where = f"{persona} {language} {width}px {name}"
                    if overflow := page.evaluate(OVERFLOW):
                        problems.append(f"{where}: {overflow}")
                    if width == WIDTHS[0] and (
                        small := [s for s in page.evaluate(CHART_LABELS) if s < 11.9]
                    ):
                        problems.append(f"{where}: chart labels {min(small):.1f} px tall")
                    key = (name, language, width)
                    if width not in AXE_WIDTHS:
                        continue
                    try:
                        if key not in _AXE_DONE:
                            _AXE_DONE.add(key)
                            assert_accessible(page, where)
                        elif index == 0:
                            _header_accessible(page, where)
                    except (AssertionError, PlaywrightError) as failure:
                        problems.append(str(failure))
                if index == 0:
                    # Widest first: the menus opened at 1024 px stay open at 320 px.
                    for width in sorted(WIDTHS, reverse=True):
                        page.set_viewport_size({"width": width, "height": 800})
                        _header_fits(page, problems, f"{persona} {language} {width}px {name}")
        finally:
            context.close()
        problems += [f"{persona} {language}: JavaScript error: {e}" for e in errors]
    assert pages, f"{persona} sees none of the pages"
    assert not problems, "\n".join(problems)
