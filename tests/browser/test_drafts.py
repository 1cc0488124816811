"""Nothing typed is lost (issue 18, parts 1 and 2), in Chromium: one draft open in two
browsers at once, a save that fails and is retried, and a session that ends while the
applicant is away – warned first, told clearly, and the text put back after signing in."""

import re

from playwright.sync_api import expect

from recruitment.applications import services
from recruitment.models import Application, ExemptionRequest
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_application import log_in
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationRoundFactory,
    DocumentFactory,
)

SAVED = re.compile("Saved at|Lagret kl")


def a_draft(applicant, hospital, municipality) -> Application:
    posting = factories.PostingFactory(
        title="LIS1 Medisinsk klinikk", employer=hospital, municipality=municipality
    )
    round = ApplicationRoundFactory(name="LIS1 høst 2027", postings=[posting])
    ApplicantProfileFactory(user=applicant)
    application = services.start_round_application(user=applicant, round=round)
    services.add_choice(user=applicant, application=application, posting=posting)
    return application


def test_two_tabs_on_one_draft_merge_and_a_conflict_is_chosen(
    page, browser, live_server, applicant, hospital, municipality
):
    application = a_draft(applicant, hospital, municipality)
    cv = DocumentFactory(owner=applicant, title="ola-cv.pdf")
    choice = application.choices.get()
    page.emulate_media(reduced_motion="reduce")
    other = browser.new_context(base_url=live_server.url, locale="en-GB")
    tab_b = other.new_page()
    tab_b.set_default_timeout(10_000)
    try:
        # Tab B is opened first and left alone.
        log_in(tab_b, applicant)
        tab_b.goto(application.get_absolute_url())

        # Tab A writes the motivation; the first save fails on the way (a 500), which
        # the page says, and the retry saves it.
        tab_a = page
        log_in(tab_a, applicant)
        tab_a.goto(application.get_absolute_url())
        failures = []

        def fail_once(route):
            if not failures:
                failures.append(route.request.url)
                route.fulfill(status=500, body="Server Error")
            else:
                route.continue_()

        tab_a.route("**/autosave/", fail_once)
        tab_a.locator("#id_motivation").fill("Jeg vokste opp her og vil tilbake.")
        expect(tab_a.locator("#autosave-status")).to_contain_text("Not saved")
        expect(tab_a.locator("#autosave-status")).to_contain_text(SAVED)
        assert failures
        # ... attaches the CV and asks to be left off the public list.
        tab_a.get_by_label(re.compile("ola-cv.pdf")).check()
        expect(tab_a.locator("#autosave-status")).to_contain_text(SAVED)
        tab_a.locator("#id_public_exemption").check()
        tab_a.locator("#id_public_exemption_reason").fill("Jeg er ansatt et annet sted.")
        expect(tab_a.locator("#autosave-status")).to_contain_text(SAVED)
        expect(tab_a.locator("#autosave-status")).to_contain_text(SAVED)

        # The old tab B writes a note on the choice: saved, and nothing of A's undone.
        tab_b.locator(f"#id_motivation_{choice.pk}").fill("Særlig indremedisin.")
        expect(tab_b.locator("#autosave-status")).to_contain_text(SAVED)
        application.refresh_from_db()
        choice.refresh_from_db()
        assert application.motivation == "Jeg vokste opp her og vil tilbake."
        assert list(application.documents.all()) == [cv]
        assert ExemptionRequest.objects.get(application=application).reason.startswith("Jeg er")
        assert choice.motivation == "Særlig indremedisin."

        # Tab B also writes a motivation: A's came first, so B is shown both texts.
        tab_b.locator("#id_motivation").fill("Jeg vil jobbe i indremedisin.")
        panel = tab_b.locator("#draft-conflicts-panel")
        expect(panel).to_contain_text("Jeg vokste opp her og vil tilbake.")
        expect(panel).to_contain_text("Jeg vil jobbe i indremedisin.")
        expect(tab_b.locator("#autosave-status")).not_to_contain_text(SAVED)
        assert_accessible(tab_b, "draft conflict")
        tab_b.set_viewport_size({"width": 320, "height": 800})
        assert tab_b.evaluate("document.documentElement.scrollWidth") <= 320
        tab_b.set_viewport_size({"width": 1280, "height": 800})
        application.refresh_from_db()
        assert application.motivation == "Jeg vokste opp her og vil tilbake."
        tab_b.get_by_role("button", name=re.compile("^Keep mine")).click()
        expect(panel).to_have_count(0)
        expect(tab_b.locator("#autosave-status")).to_contain_text(SAVED)
        application.refresh_from_db()
        assert application.motivation == "Jeg vil jobbe i indremedisin."
        assert list(application.documents.all()) == [cv]
        assert ExemptionRequest.objects.filter(application=application).exists()
    finally:
        other.close()


def test_a_session_that_ends_while_away_warns_and_keeps_the_text(
    page, applicant, hospital, municipality, settings
):
    settings.SESSION_IDLE_TIMEOUT = 10
    settings.SESSION_WARNING_SECONDS = 6
    application = a_draft(applicant, hospital, municipality)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, applicant)
    page.goto(application.get_absolute_url())
    expect(page.locator("#deadline-countdown")).to_contain_text("Time left until the deadline")

    # The warning comes before the end, and "Stay signed in" keeps the session.
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=10_000)
    expect(page.locator("#session-stay")).to_be_focused()
    assert_accessible(page, "session warning")
    page.locator("#session-stay").click()
    expect(warning).to_be_hidden()

    # Left alone, it ends: the page says so.
    ended = page.locator("#session-ended")
    expect(ended).to_be_visible(timeout=15_000)
    assert_accessible(page, "session ended")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    # Text typed now cannot be saved: the page says why, and keeps it in the browser.
    page.locator("#id_motivation").fill("Skrevet etter at økten gikk ut.")
    expect(page.locator("#autosave-status")).to_contain_text("signed out")
    expect(page.locator("#autosave-status")).not_to_contain_text(SAVED)
    assert "<form" not in page.locator("#autosave-status").inner_html()

    # Signing in again brings the person back to the draft with the text put back.
    settings.SESSION_IDLE_TIMEOUT = 3600
    page.locator("#session-sign-in").click()
    page.get_by_label(re.compile("E-post|Email")).fill(applicant.email)
    from tests.factories import PASSWORD

    page.get_by_label(re.compile("Passord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in")).click()
    expect(page).to_have_url(re.compile(f"/applications/{application.pk}/"))
    expect(page.locator("#id_motivation")).to_have_value("Skrevet etter at økten gikk ut.")
    expect(page.locator("#autosave-status")).to_contain_text(SAVED)
    application.refresh_from_db()
    assert application.motivation == "Skrevet etter at økten gikk ut."
