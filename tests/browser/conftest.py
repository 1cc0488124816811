"""Headless Chromium (Debian's) driven by Playwright, against the live test server.

axe-core is vendored and evaluated through the DevTools protocol, so the page's own
Content-Security-Policy stays in force during the tests; any CSP violation the page
reports fails the test.
"""

import os
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # to set up data are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server, transactional_db, request):
    # English, so the tests read the English source strings; a test marked
    # ``@pytest.mark.locale("nb-NO")`` sees the site as a Norwegian browser does.
    marker = request.node.get_closest_marker("locale")
    locale = marker.args[0] if marker else "en-GB"
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield page
    context.close()
    assert not problems, problems


def assert_accessible(page, context: str = "") -> None:
    """Run axe-core on the current page; fail with a readable list of violations.

    A click on a link returns before the next page has loaded: a check started then runs
    in the page being left, whose document goes away under it. So the check waits for the
    page to load, and starts again on the new page if a navigation still replaced it."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(AXE_SOURCE)
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                AXE_TAGS,
            )
            break
        except PlaywrightError as error:
            navigated = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigated or attempt == 2:
                raise
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {context or page.url}:\n" + "\n".join(violations)


def totp_code(user) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = authenticator.data["secret"]
    # The browser needs a moment to send the code: never hand out one about to expire
    # (allauth accepts only the current window, 30 seconds by default).
    from allauth.mfa import app_settings as mfa_settings

    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(secret, counter))
    # allauth refuses a code used once already in its 30-second window; a test that signs
    # the same person in twice stands for a person who waited for the next code.
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return code
