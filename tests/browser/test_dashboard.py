"""The coordinator's dashboard end to end: filter by round and employer, open a chart's
table, download an XLSX; the employer's version and the printable page; axe on each."""

import io
import re

from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, totp_code
from tests.dashboard.region import build_region
from tests.factories import PASSWORD


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("E-post|Email")).fill(user.email)
    page.get_by_label(re.compile("Passord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in")).click()
    page.get_by_label(re.compile("Kode|Code|Authenticator code", re.I)).fill(totp_code(user))
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in|Bekreft|Confirm")).click()


def test_coordinator_filters_opens_a_chart_table_and_downloads_xlsx(
    page, coordinator, hospital, other_hospital, municipality
):
    call_command("seed_surveys", stdout=None)
    region = build_region(hospital, other_hospital, municipality)
    _log_in(page, coordinator)
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_accessible(page, "coordinator dashboard")

    page.locator("#id_round").select_option(label="LIS1 vår 2026")
    page.locator("#id_employer").select_option(label="Sykehuset Øst")
    page.locator("form[method=get] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"round={region.previous.pk}.*employer={hospital.pk}"))
    expect(page.locator("#round-heading")).to_contain_text("LIS1 vår 2026")

    table = page.locator("#table-employers")
    expect(table).to_be_hidden()
    summary = page.locator("details:has(#table-employers) > summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(table.locator("tbody th")).to_have_text(["Sykehuset Øst"])
    assert_accessible(page, "dashboard with a chart's table open")

    with page.expect_download() as download_info:
        table.locator("a[href*='employers.xlsx']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Sykehuset Øst"
    assert rows[1][1:7] == (1, 2, 3, 3, 2, 100)  # the previous round's one posting

    page.get_by_role("link", name=re.compile("Printable|Utskrift", re.I)).click()
    expect(page.locator("#table-employers")).to_be_visible()
    expect(page.locator("details")).to_have_count(0)
    assert_accessible(page, "printable dashboard")


def test_a_recruiter_reaches_their_own_dashboard_from_the_staff_bar(
    page, recruiter, coordinator, hospital, other_hospital, municipality
):
    call_command("seed_surveys", stdout=None)
    build_region(hospital, other_hospital, municipality)
    _log_in(page, recruiter)
    page.goto("/manage/postings/")
    page.locator("nav.staff-nav a[href='/dashboard/employer/']").click()
    expect(page).to_have_url(re.compile("/dashboard/employer/$"))
    expect(page.get_by_text("Sykehuset Vest")).to_have_count(0)
    assert_accessible(page, "employer dashboard")
    assert page.goto("/dashboard/").status == 404
