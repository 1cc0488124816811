import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recruitment.models import Posting, PostingKind
from tests import factories
from tests.browser.conftest import assert_accessible, totp_code
from tests.factories import PASSWORD


def make_board(hospital, municipality):
    factories.PostingFactory(
        title="Fastlege med ALIS-avtale",
        kind=PostingKind.ALIS,
        employer=municipality,
        municipality=municipality,
        description="Legekontoret har seks allmennleger og egen veileder.",
    )
    factories.PostingFactory(title="LIS1 medisinsk klinikk", employer=hospital)
    factories.PostingFactory(
        title="Sommervikar akuttmottak", kind=PostingKind.SUMMER_JOB, employer=hospital
    )
    for n in range(3):
        factories.PostingFactory(title=f"Overlege {n}", kind=PostingKind.CONSULTANT)


def test_visitor_filters_searches_and_opens_a_posting(page, hospital, municipality):
    make_board(hospital, municipality)
    page.goto("/")
    assert_accessible(page, "home")
    page.get_by_role("link", name=re.compile("ledige stillinger|open postings")).first.click()
    expect(page.locator("#results article")).to_have_count(6)
    assert_accessible(page, "board")

    page.get_by_label(re.compile("Sommerjobb|Summer job")).check()
    expect(page.locator("#results article")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"kind=summer_job"))
    page.get_by_label(re.compile("Sommerjobb|Summer job")).uncheck()
    expect(page.locator("#results article")).to_have_count(6)

    search = page.get_by_role("textbox", name=re.compile("Søk|Search"))
    search.fill("allmennlege")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=allmennlege"))
    expect(page.locator("#results article")).to_have_count(1)
    expect(page.locator(".htmx-request")).to_have_count(0)
    page.get_by_role("link", name="Fastlege med ALIS-avtale").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fastlege med ALIS-avtale")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert_accessible(page, "posting detail")


def test_keyboard_user_reaches_the_board_through_the_skip_link(page, posting):
    page.goto("/jobs/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile("Hopp til hovedinnhold|Skip to main content"))
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_recruiter_logs_in_with_two_factor_and_publishes_a_posting(
    page, recruiter, hospital, municipality
):
    page.goto("/accounts/login/")
    assert_accessible(page, "login")
    page.get_by_label(re.compile("E-post|Email")).fill(recruiter.email)
    page.get_by_label(re.compile("Passord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in")).click()
    page.get_by_label(re.compile("Kode|Code|Authenticator code", re.I)).fill(totp_code(recruiter))
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in|Bekreft|Confirm")).click()

    page.goto("/manage/postings/new/")
    assert_accessible(page, "posting form")
    deadline = timezone.localtime() + timedelta(days=21)
    page.locator("#id_title").fill("LIS1 ved kirurgisk klinikk")
    page.locator("#id_kind").select_option("lis1")
    page.locator("#id_employer").select_option(str(hospital.pk))
    page.locator("#id_municipality").select_option(str(municipality.pk))
    page.locator("#id_summary").fill("Tolv måneder i et godt miljø.")
    page.locator("#id_description").fill("Vi har god veiledning.")
    page.locator("#id_deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_start_date").fill((deadline + timedelta(days=60)).date().isoformat())
    page.locator("#id_number_of_posts").fill("3")
    page.locator("#id_contacts-0-name").fill("Kari Nordmann")
    page.locator("#id_contacts-0-email").fill("kari@example.no")
    page.get_by_role("button", name=re.compile("Lagre og publiser|Save and publish")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("LIS1 ved kirurgisk klinikk")
    assert Posting.objects.get(title="LIS1 ved kirurgisk klinikk").status == "published"
    page.goto("/jobs/")
    expect(page.get_by_role("link", name="LIS1 ved kirurgisk klinikk")).to_be_visible()


@pytest.mark.locale("nb-NO")
def test_language_switch_changes_the_page_language(page, posting):
    page.goto("/jobs/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Job board")
    assert_accessible(page, "board in English")
    page.get_by_role("button", name="Norsk (bokmål)").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")


def test_the_sign_in_link_of_a_throttled_address_is_accessible_and_signs_in(page, applicant):
    from portal.throttle import link_token

    page.goto(f"/sign-in/link/{link_token(applicant)}/")
    assert_accessible(page, "sign-in link")
    page.get_by_role("button", name=re.compile("^(Logg inn|Log in)$")).press("Enter")
    expect(page.get_by_role("button", name=re.compile("Logg ut|Log out|Sign out"))).to_be_visible()
