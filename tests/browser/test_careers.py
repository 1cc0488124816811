import re
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from careers import services
from careers.models import ChecklistItem, Registration
from portal.models import Membership
from recruitment.models import PostingKind
from tests import factories
from tests.browser.conftest import assert_accessible, totp_code
from tests.careers.factories import EventFactory
from tests.factories import PASSWORD


def log_in(page, user, *, mfa=False):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("E-post|Email")).fill(user.email)
    page.get_by_label(re.compile("Passord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in")).click()
    if mfa:
        page.get_by_label(re.compile("Kode|Code|Authenticator code", re.I)).fill(totp_code(user))
        page.get_by_role(
            "button", name=re.compile("Logg inn|Sign In|Log in|Bekreft|Confirm")
        ).click()
    expect(page.get_by_role("button", name=re.compile("Logg ut|Log out"))).to_be_visible()


def test_student_finds_lis1_registers_for_an_information_evening_and_gets_the_ics(
    page, hospital, municipality
):
    services.seed_career_stages()
    student = factories.UserFactory(email="student@example.no", full_name="Siri Student")
    factories.PostingFactory(title="LIS1 ved Sykehuset Øst", employer=hospital)
    factories.PostingFactory(title="Sommervikar legevakt", kind=PostingKind.SUMMER_JOB)
    [evening, _later] = services.create_information_evenings(
        deadline=timezone.now() + timedelta(weeks=10),
        organisers=[hospital, municipality],
        place="Kulturhuset, sal 2",
    )
    log_in(page, student)

    page.goto("/careers/")
    assert_accessible(page, "careers index")
    page.get_by_role("link", name="LIS1", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LIS1")
    postings = page.locator("#postings-heading ~ article")
    expect(postings).to_have_count(1)
    expect(postings.first).to_contain_text("LIS1 ved Sykehuset Øst")
    assert_accessible(page, "LIS1 stage")

    page.get_by_role("link", name=evening.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(evening.title)
    assert_accessible(page, "event detail")
    page.get_by_role("button", name=re.compile("^(Meld deg på|Register)$")).click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile("påmeldt|registered"))
    assert Registration.objects.get(user=student, event=evening).status == "confirmed"
    assert_accessible(page, "event detail, registered")

    ics_link = page.get_by_role("link", name=re.compile("kalender|calendar", re.I)).first
    response = page.request.get(ics_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    [vevent] = Calendar.from_ical(response.body()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == evening.title

    page.goto("/onboarding/")
    expect(page.get_by_role("link", name=evening.title)).to_be_visible()
    assert_accessible(page, "my start page")


def test_employer_assigns_a_buddy_and_ticks_a_checklist_item(page, recruiter, hospital):
    colleague = factories.UserFactory(email="kollega@example.no", full_name="Kari Kollega")
    factories.MembershipFactory(
        user=colleague, organisation=hospital, role=Membership.Role.RECRUITER
    )
    newcomer = factories.UserFactory(email="ny@example.no", full_name="Nils Nykommer")
    onboarding = services.start_onboarding(
        hire_user=newcomer,
        organisation=hospital,
        start_date=timezone.localdate() + timedelta(days=10),
    )
    log_in(page, recruiter, mfa=True)

    page.goto("/manage/onboarding/")
    assert_accessible(page, "newcomers")
    page.get_by_role("link", name="Nils Nykommer").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nils Nykommer")
    assert_accessible(page, "onboarding detail")

    page.get_by_role("combobox", name=re.compile("Fadder|Buddy")).select_option(str(colleague.pk))
    page.get_by_role("textbox", name=re.compile("Hvordan|How to reach")).fill(
        "Tlf 900 00 000, kontor 3"
    )
    page.get_by_role("button", name=re.compile("Tildel fadder|Assign buddy")).click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile("fadder|buddy", re.I))
    onboarding.refresh_from_db()
    assert onboarding.buddy == colleague

    # Tick the first item by keyboard.
    first_item = onboarding.items.order_by("due_date", "order", "pk").first()
    button = page.locator(f"#item-{first_item.pk}").get_by_role("button")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#item-{first_item.pk}")).to_contain_text(re.compile("Utført|Done"))
    assert ChecklistItem.objects.get(pk=first_item.pk).done_by == recruiter
    assert_accessible(page, "onboarding detail after tick")

    # Without a checklist of its own the hospital sees the default one, and makes it its own.
    page.goto(f"/manage/onboarding/template/{hospital.pk}/")
    expect(page.get_by_role("table")).to_contain_text("Tilgang til EPJ")
    assert_accessible(page, "checklist template, the default")
    page.get_by_role("button", name=re.compile("Bruk standardsjekklisten|Use the default")).click()
    expect(
        page.get_by_role("button", name=re.compile("Lagre sjekkliste|Save checklist"))
    ).to_be_visible()
    assert hospital.checklist_template_items.count() == 7
    assert_accessible(page, "checklist template")


def test_newcomer_sees_buddy_and_progress(page, recruiter, hospital, applicant):
    colleague = factories.UserFactory(email="kollega@example.no", full_name="Kari Kollega")
    factories.MembershipFactory(
        user=colleague, organisation=hospital, role=Membership.Role.RECRUITER
    )
    onboarding = services.start_onboarding(
        hire_user=applicant,
        organisation=hospital,
        start_date=timezone.localdate() + timedelta(days=10),
    )
    services.assign_buddy(user=recruiter, onboarding=onboarding, buddy=colleague, contact="Tlf 9")
    services.set_item_done(user=recruiter, item=onboarding.items.first(), done=True)
    log_in(page, applicant)
    page.goto("/onboarding/")
    expect(page.get_by_text("Kari Kollega")).to_be_visible()
    expect(page.get_by_role("link", name="kollega@example.no")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "1")
    assert_accessible(page, "newcomer start page")


def test_coordinator_pages_are_accessible(page, coordinator, hospital):
    services.seed_career_stages()
    event = EventFactory(organisers=[hospital], capacity=1)
    services.register(user=factories.UserFactory(full_name="Først Påmeldt"), event=event)
    services.register(user=factories.UserFactory(full_name="Andre Venter"), event=event)
    log_in(page, coordinator, mfa=True)
    for url, name in [
        ("/careers/path/general-practice/", "general practice path"),
        ("/careers/path/hospital/", "hospital path"),
        ("/careers/lis1/edit/", "stage edit"),
        ("/events/", "event list"),
        ("/events/new/", "event form"),
        (f"/events/{event.pk}/edit/", "event edit"),
        (f"/events/{event.pk}/attendees/", "attendees"),
        ("/manage/events/", "our events"),
        ("/events/information-evenings/", "information evenings form"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, name)

    # A form with errors is accessible too, and keeps what was typed.
    page.goto("/events/information-evenings/")
    page.locator("#id_deadline").fill((timezone.localdate() + timedelta(days=5)).isoformat())
    page.locator("#id_place").fill("Kulturhuset")
    page.locator("#id_organisers").select_option(str(hospital.pk))
    page.get_by_role("button", name=re.compile("Opprett|Create")).click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("fortiden|in the past"))
    expect(page.locator("#id_place")).to_have_value("Kulturhuset")
    assert_accessible(page, "information evenings form with errors")
