"""Restplasser in Chromium: after a round's last offer wave a candidate filters the board
for leftover posts, reads the round's list of them and the posting, and applies directly.
axe runs on each page of the way, and each fits a 320 px wide screen."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from recruitment.models import Application, OfferWave, PostingKind
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_hiring import signed_in_as
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationRoundFactory,
    DocumentFactory,
)


def assert_fits_320_px(page, context: str) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size(size)
    assert overflow <= 0, f"{context} scrolls sideways at 320 px by {overflow} px"


def test_a_candidate_finds_a_restplass_on_the_board_and_applies(page, hospital, municipality):
    page.emulate_media(reduced_motion="reduce")
    now = timezone.now()
    surgery = factories.PostingFactory(
        title="LIS1 Kirurgisk klinikk", employer=hospital, municipality=municipality
    )
    medicine = factories.PostingFactory(
        title="LIS1 Medisinsk klinikk", employer=hospital, municipality=municipality
    )
    factories.PostingFactory(
        title="Overlege psykiatri", kind=PostingKind.CONSULTANT, employer=hospital
    )
    lis1 = ApplicationRoundFactory(
        name="LIS1 høst 2027",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=30),
        postings=[surgery, medicine],
    )
    for number, days in ((1, 28), (2, 6)):
        offers_at = now - timedelta(days=days)
        OfferWave.objects.create(
            round=lis1,
            number=number,
            offers_at=offers_at,
            answer_by=offers_at + timedelta(days=3),
            # The second wave's marking was a minute ago: its free posts are restplasser.
            marking_at=now - timedelta(minutes=1) if number == 2 else offers_at + timedelta(days=4),
            released_at=offers_at,
        )
    nora = factories.UserFactory(email="nora@example.no", full_name="Nora Nyhet")
    ApplicantProfileFactory(user=nora)
    DocumentFactory(owner=nora, title="nora-cv.pdf")

    page.goto("/jobs/")
    expect(page.locator("#results article")).to_have_count(3)
    page.get_by_label(re.compile("Only leftover posts|Bare restplasser")).check()
    expect(page).to_have_url(re.compile(r"restplass=on"))
    expect(page.locator("#results article")).to_have_count(2)
    expect(page.locator("#results")).not_to_contain_text("Overlege psykiatri")
    card = page.locator("#results article", has_text="LIS1 Kirurgisk klinikk")
    expect(card).to_contain_text("Leftover post (restplass)")
    expect(card).to_contain_text("Apply now: open until filled")
    expect(page.locator(".htmx-request")).to_have_count(0)
    assert_accessible(page, "board filtered for restplasser")
    assert_fits_320_px(page, "board filtered for restplasser")

    page.goto(f"/rounds/{lis1.pk}/apply/")
    section = page.locator("section", has=page.locator("#restplasser-heading"))
    expect(section.get_by_role("listitem")).to_have_count(2)
    expect(section).to_contain_text("LIS1 Kirurgisk klinikk – Sykehuset Øst (2 posts free)")
    assert_accessible(page, "round page with its restplasser")
    assert_fits_320_px(page, "round page with its restplasser")

    signed_in_as(page, nora)
    section.get_by_role("link", name="LIS1 Kirurgisk klinikk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LIS1 Kirurgisk klinikk")
    expect(page.get_by_role("status").first).to_contain_text("A leftover post (restplass)")
    assert_accessible(page, "restplass posting")
    assert_fits_320_px(page, "restplass posting")

    page.get_by_role("link", name="Apply for this post").click()
    expect(page.locator("main")).to_contain_text("open until filled")
    assert_accessible(page, "apply for a restplass")
    page.get_by_role("button", name="Start your application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LIS1 Kirurgisk klinikk")
    expect(page.locator("main")).to_contain_text("Leftover post (restplass): open until filled.")
    page.get_by_label(re.compile("nora-cv.pdf")).check()
    page.locator("#id_motivation").fill("Jeg kan begynne med en gang.")
    page.locator("#submit-application").click()
    expect(page.locator("#application-status")).to_contain_text(re.compile("Submitted|Sendt"))
    assert_accessible(page, "submitted application to a restplass")
    application = Application.objects.get(applicant=nora)
    assert (application.round, application.posting, application.status) == (
        None,
        surgery,
        Application.Status.SUBMITTED,
    )
