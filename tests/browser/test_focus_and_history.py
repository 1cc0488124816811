"""Keyboard, screen-reader and history behaviour of the htmx pages (issue 21 parts 2, 3)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_job_board import make_board


def test_back_after_filtering_and_opening_a_posting_restores_the_whole_board(
    page, hospital, municipality
):
    make_board(hospital, municipality)
    page.goto("/jobs/")
    page.get_by_label(re.compile("Sommerjobb|Summer job")).check()
    expect(page).to_have_url(re.compile(r"kind=summer_job"))
    expect(page.locator("#results article")).to_have_count(1)
    page.get_by_role("link", name="Sommervikar akuttmottak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sommervikar akuttmottak")

    page.go_back()
    expect(page).to_have_url(re.compile(r"kind=summer_job"))
    # The whole page: the site's header and styles, the filter form and the one result.
    expect(page.locator("header nav").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Job board|Stillinger"))
    expect(page.locator("#results article")).to_have_count(1)
    expect(page.get_by_label(re.compile("Sommerjobb|Summer job"))).to_be_checked()
    assert page.evaluate("() => document.styleSheets.length") >= 1
    assert_accessible(page, "board restored by Back")
    # No snapshot of the page is kept in the browser's storage (a shared computer).
    assert page.evaluate("() => localStorage.getItem('htmx-history-cache')") is None

    # Back once more, to the unfiltered board, and forward again: whole pages both times.
    page.go_back()
    expect(page.locator("#results article")).to_have_count(6)
    expect(page.locator("header nav").first).to_be_visible()
    page.go_forward()
    expect(page.locator("#results article")).to_have_count(1)
    expect(page.locator("header nav").first).to_be_visible()


def test_the_live_region_announces_the_new_result_count(page, hospital, municipality):
    make_board(hospital, municipality)
    page.goto("/jobs/")
    status = page.locator("#result-status")
    expect(status).to_have_attribute("role", "status")
    page.get_by_label(re.compile("Sommerjobb|Summer job")).check()
    expect(page.locator("#results article")).to_have_count(1)
    expect(status).to_have_text("1 posting found")
    page.get_by_label(re.compile("Sommerjobb|Summer job")).uncheck()
    expect(page.locator("#results article")).to_have_count(6)
    expect(status).to_have_text("6 postings found")
