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


def test_autosave_leaves_focus_in_the_motivation_and_ranking_and_submit_work_by_keyboard(
    page, applicant, hospital, municipality
):
    from recruitment.applications import services
    from recruitment.models import Application
    from tests import factories
    from tests.browser.test_application import list_titles, log_in, settled
    from tests.recruitment.factories import (
        ApplicantProfileFactory,
        ApplicationRoundFactory,
    )

    first, second = (
        factories.PostingFactory(title=title, employer=hospital, municipality=municipality)
        for title in ("LIS1 Medisinsk klinikk", "LIS1 Kirurgisk klinikk")
    )
    round = ApplicationRoundFactory(name="LIS1 høst 2027", postings=[first, second])
    ApplicantProfileFactory(user=applicant)
    application = services.start_round_application(user=applicant, round=round)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, applicant)
    page.goto(application.get_absolute_url())

    # Add both postings and move the second to the top, with the keyboard only: focus
    # follows each of the person's own actions once.
    for posting in (first, second):
        page.locator(f"#add-{posting.pk}").focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"#choice-list h3:has-text('{posting.title}')")).to_be_focused()
        settled(page)
    choice = Application.objects.get().choices.get(posting=second)
    page.locator(f"#up-{choice.pk}").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#rank-status")).to_contain_text("number 1")
    settled(page)
    expect(page.locator(f"#down-{choice.pk}")).to_be_focused()
    assert list_titles(page) == [second.title, first.title]

    # Into the motivation (Tab from the list, as a keyboard user goes) and typing: the
    # autosave runs and focus stays in the field, each key landing in it.
    motivation = page.locator("#id_motivation")
    for _ in range(60):
        if page.evaluate("() => document.activeElement.id") == "id_motivation":
            break
        page.keyboard.press("Tab")
    expect(motivation).to_be_focused()
    page.keyboard.type("Jeg vokste opp her")
    expect(page.locator("#autosave-status")).to_contain_text(re.compile("Saved|Lagret"))
    expect(motivation).to_be_focused()
    # Any later redraw of the editor that the person did not ask for leaves focus alone.
    page.evaluate(
        """() => document.getElementById("application-editor")
            .dispatchEvent(new CustomEvent("htmx:afterSettle", {bubbles: true,
              detail: {elt: document.getElementById("application-editor")}}))"""
    )
    page.keyboard.type(" og vil tilbake.")
    expect(motivation).to_be_focused()
    expect(page.locator("#autosave-status")).to_contain_text(re.compile("Saved|Lagret"))
    assert list_titles(page) == [second.title, first.title]
    expect(motivation).to_have_value("Jeg vokste opp her og vil tilbake.")

    # On to "Submit application" with Tab, and Enter.
    for _ in range(60):
        if page.evaluate("() => document.activeElement.id") == "submit-application":
            break
        page.keyboard.press("Tab")
    expect(page.locator("#submit-application")).to_be_focused()
    page.keyboard.press("Enter")
    # A plain form submission and its redirect (not htmx): a whole new page to wait for.
    page.wait_for_load_state("load")
    expect(page.locator("#application-status")).to_contain_text(
        re.compile("Submitted|Sendt"), timeout=15_000
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.motivation == "Jeg vokste opp her og vil tilbake."
    assert [c.posting for c in application.choices.order_by("rank")] == [second, first]
    assert_accessible(page, "submitted by keyboard")


def test_a_refused_form_moves_focus_to_its_error_summary_whose_links_reach_the_fields(
    page, coordinator
):
    from tests.browser.test_application import log_in

    page.emulate_media(reduced_motion="reduce")
    log_in(page, coordinator, with_totp=True)
    page.goto("/manage/rounds/new/")
    page.locator("#id_name").fill("LIS1 vår 2028")
    page.locator("#id_opens_at").fill("2027-10-20T09:00")
    page.locator("#id_closes_at").fill("2027-10-01T09:00")
    page.locator("main form button[type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: .+ – Legeportalen$"))
    link = summary.locator("a[href='#id_closes_at']")
    expect(link).to_be_visible()
    field = page.locator("#id_closes_at")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby")
    assert described
    assert all(page.locator(f"#{part}").count() == 1 for part in described.split())
    assert_accessible(page, "round form with its error summary")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
