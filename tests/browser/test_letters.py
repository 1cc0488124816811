"""Letters to applicants in Chromium: the recruiter ticks two applicants on the applicant
list, writes them a rejection, checks each letter, sends; the applicant reads hers under
her application. axe runs on every page of the way, and the pages fit a 320 px screen."""

import re

from django.core import mail
from playwright.sync_api import expect

from recruitment.letters.models import Letter
from recruitment.letters.services import OCCASION
from recruitment.models import PostingKind
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_hiring import direct_applicant, log_in, log_out


def fits_320(page) -> None:
    page.set_viewport_size({"width": 320, "height": 720})
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), f"sideways scroll at 320 px on {page.url}"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_recruiter_previews_and_sends_letters_and_the_applicant_reads_hers(
    page, hospital, municipality, recruiter
):
    page.emulate_media(reduced_motion="reduce")
    posting = factories.PostingFactory(
        title="Overlege indremedisin",
        kind=PostingKind.CONSULTANT,
        employer=hospital,
        municipality=municipality,
    )
    factories.ContactPersonFactory(posting=posting, name="Kari Nordmann")
    ola, _ola_choice = direct_applicant(posting, "Ola Søker", "ola@example.no")
    direct_applicant(posting, "Per Hansen", "per@example.no")
    direct_applicant(posting, "Eva Venter", "eva@example.no")

    log_in(page, recruiter, mfa=True)
    page.goto(f"/manage/postings/{posting.pk}/applicants/")
    page.get_by_label("Select Ola Søker").check()
    page.get_by_label("Select Per Hansen").check()
    page.get_by_role("button", name="Write a letter to the selected").click()

    # The letters page, with the two already ticked.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Letters to applicants")
    expect(page.get_by_label("Ola Søker")).to_be_checked()
    expect(page.get_by_label("Per Hansen")).to_be_checked()
    expect(page.get_by_label("Eva Venter")).not_to_be_checked()
    assert_accessible(page, "letters")
    fits_320(page)

    # Nothing chosen is said plainly, and the letter chosen is kept.
    page.get_by_role("combobox", name=re.compile("^Letter")).select_option("rejected_screening")
    page.get_by_label("Ola Søker").uncheck()
    page.get_by_label("Per Hansen").uncheck()
    page.get_by_role("button", name="Preview the letters").click()
    expect(page.get_by_role("alert")).to_contain_text("Select at least one applicant")
    expect(page.get_by_role("combobox", name=re.compile("^Letter"))).to_have_value(
        "rejected_screening"
    )
    page.get_by_label("Ola Søker").check()
    page.get_by_label("Per Hansen").check()
    page.get_by_role("button", name="Preview the letters").click()

    # Each person's letter, as it will be sent.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the letters")
    ola_letter = page.get_by_role("region", name="Ola Søker")
    expect(ola_letter).to_contain_text("Hei Ola Søker,")
    expect(ola_letter).to_contain_text("Kari Nordmann")
    expect(page.get_by_role("region", name="Per Hansen")).to_contain_text("Hei Per Hansen,")
    expect(page.get_by_role("region", name="Eva Venter")).to_have_count(0)
    assert_accessible(page, "letter preview")
    fits_320(page)
    page.get_by_role("button", name="Send 2 letters").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "2 letters were sent"
    )
    assert Letter.objects.count() == 2
    letters = [m for m in mail.outbox if m.extra_headers["X-Legeportalen-Occasion"] == OCCASION]
    assert sorted(m.to[0] for m in letters) == [
        "ola@example.no",
        "per@example.no",
    ]

    # The templates: the defaults, editable.
    page.goto(f"/manage/organisations/{hospital.pk}/letter-templates/")
    assert_accessible(page, "letter templates")
    page.get_by_role("link", name="Rejection after interview").click()
    expect(page.get_by_label(re.compile("subject \\(Bokmål\\)", re.I))).to_have_value(
        "Din søknad på {posting}"
    )
    assert_accessible(page, "letter template")
    fits_320(page)
    log_out(page)

    # Ola reads her letter under her application.
    log_in(page, ola)
    letter = Letter.objects.get(choice__application__applicant=ola)
    page.goto(letter.choice.application.get_absolute_url())
    section = page.get_by_role("region", name="Letters from employers")
    expect(section).to_contain_text(letter.subject)
    expect(section).to_contain_text("Hei Ola Søker,")
    expect(section).not_to_contain_text("Per Hansen")
    assert_accessible(page, "application with a letter")
