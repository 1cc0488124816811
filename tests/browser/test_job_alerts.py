"""A visitor saves a board search as a job alert, confirms it from the e-mail, gets a
digest from the sweep and unsubscribes from the digest's link, never signed in."""

import re
from datetime import timedelta

from django.core import mail
from django.db import transaction
from playwright.sync_api import expect

from portal import notifications
from recruitment.models import JobAlert, PostingKind
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_hiring import fits_the_width


def path_of(message, prefix: str) -> str:
    link = re.search(rf"https?://\S+{re.escape(prefix)}\S+", message.body)[0]
    return re.sub(r"^https?://[^/]+", "", link)


def test_a_visitor_saves_a_search_confirms_gets_a_digest_and_unsubscribes(
    page, hospital, municipality
):
    factories.PostingFactory(
        title="Fastlege i Fjordby", kind=PostingKind.ALIS, employer=municipality
    )
    factories.PostingFactory(title="LIS1 medisin", employer=hospital)
    page.emulate_media(reduced_motion="reduce")

    page.goto("/jobs/")
    page.get_by_label(re.compile("ALIS")).check()
    expect(page).to_have_url(re.compile(r"kind=alis"))
    expect(page.locator("#results article")).to_have_count(1)
    page.get_by_role("link", name=re.compile("Get e-mails about new postings")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get e-mails about new postings")
    assert_accessible(page, "save a job alert")
    page.set_viewport_size({"width": 320, "height": 720})
    assert fits_the_width(page), "the job alert form scrolls sideways at 320 px"
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Your e-mail address").fill("ola@example.no")
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Save the job alert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page, "check your e-mail")

    [confirmation] = [m for m in mail.outbox if m.to == ["ola@example.no"]]
    page.goto(path_of(confirmation, "/jobs/alerts/confirm/"))
    assert_accessible(page, "confirm the job alert")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("confirmed")
    confirmed_at = JobAlert.objects.get(email="ola@example.no").confirmed_at
    assert confirmed_at is not None

    factories.PostingFactory(
        title="ALIS Nordby legekontor",
        kind=PostingKind.ALIS,
        employer=municipality,
        published_at=confirmed_at + timedelta(hours=2),
    )
    factories.PostingFactory(
        title="LIS1 kirurgi", employer=hospital, published_at=confirmed_at + timedelta(hours=2)
    )
    with transaction.atomic():  # the beat's sweep, a day later; delivery after the commit
        notifications.sweep(confirmed_at + timedelta(days=1, minutes=1))
    [digest] = [m for m in mail.outbox if m.to == ["ola@example.no"] and m is not confirmation]
    assert "ALIS Nordby legekontor" in digest.body
    assert "LIS1 kirurgi" not in digest.body
    assert "Fastlege i Fjordby" not in digest.body  # published before the alert
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(path_of(digest, "/unsubscribe/"))
    assert_accessible(page, "unsubscribe")
    assert JobAlert.objects.filter(email="ola@example.no").exists()  # opening it asks only
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("You are unsubscribed")
    assert_accessible(page, "unsubscribed")
    assert not JobAlert.objects.filter(email="ola@example.no").exists()


def test_an_applicant_saves_a_search_and_deletes_it_from_their_alerts_by_keyboard(
    page, applicant, hospital
):
    from tests.browser.test_hiring import log_in

    factories.PostingFactory(title="LIS1 medisin", employer=hospital)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, applicant)
    page.goto("/jobs/alerts/new/?kind=lis1&q=medisin")
    expect(page.get_by_label("Your e-mail address")).to_have_count(0)  # the account's
    assert_accessible(page, "save a job alert, signed in")
    page.get_by_label("Weekly").check()
    page.get_by_role("button", name="Save the job alert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your job alerts")
    expect(page.locator("main")).to_contain_text("medisin")
    assert_accessible(page, "your job alerts")
    page.set_viewport_size({"width": 320, "height": 720})
    assert fits_the_width(page), "the job alerts page scrolls sideways at 320 px"
    delete = page.get_by_role("button", name="Delete the job alert")
    delete.focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("You have no job alerts.")
    assert not JobAlert.objects.filter(user=applicant).exists()
