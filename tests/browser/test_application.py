"""The application journey in Chromium: sign up, verify, profile, CV, rank, submit, and a
recruiter shortlisting the candidate. axe runs on every page of the way."""

import re

from django.core import mail
from playwright.sync_api import expect

from recruitment.models import Application, ChoiceStatus
from tests import factories
from tests.browser.conftest import assert_accessible, totp_code
from tests.factories import PASSWORD
from tests.recruitment.factories import ApplicationRoundFactory, pdf_bytes

NEW_PASSWORD = "a-long-and-unusual-passphrase-2027"


def settled(page):
    """Wait until htmx has swapped and processed the new list (a key press before that
    would submit the form the plain way, which also works but reloads the page)."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    page.wait_for_function(f"() => !document.querySelector('{busy}')")


def list_titles(page):
    return page.locator("#choice-list > li h3").all_inner_texts()


def test_applicant_applies_in_a_round_and_a_recruiter_shortlists(
    page, hospital, municipality, recruiter
):
    medicine = factories.PostingFactory(
        title="LIS1 Medisinsk klinikk", employer=hospital, municipality=municipality
    )
    surgery = factories.PostingFactory(
        title="LIS1 Kirurgisk klinikk", employer=hospital, municipality=municipality
    )
    gp = factories.PostingFactory(
        title="LIS1 Fjordby legekontor", employer=municipality, municipality=municipality
    )
    lis1 = ApplicationRoundFactory(
        name="LIS1 høst 2027", postings=[medicine, surgery, gp], documents_required=True
    )

    # Without animations axe measures the colours buttons end up with, not a frame of
    # Bootstrap's focus transition.
    page.emulate_media(reduced_motion="reduce")

    # Sign up and verify the e-mail address with the link from the e-mail.
    page.goto("/accounts/signup/")
    assert_accessible(page, "signup")
    page.locator("#id_email").fill("nora@example.no")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "verification sent")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body)[0]
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    assert_accessible(page, "confirm e-mail")
    page.locator("main form button[type=submit]").click()

    # Complete the profile.
    page.goto("/profile/")
    assert_accessible(page, "profile (empty)")
    page.locator("#id_full_name").fill("Nora Nyhet")
    page.locator("#id_phone").fill("+47 911 22 333")
    page.locator("#id_university").fill("Universitetet i Bergen")
    page.locator("#id_education_country").fill("Norge")
    page.locator("#id_graduation_date").fill("2027-06-15")
    page.locator("#id_licence_status").select_option("student")
    page.locator("#id_norwegian_level").select_option("native")
    page.locator("#id_grew_up_in_region").check()
    page.locator("input[name=interests][value=allmennmedisin]").check()
    page.locator("#id_career_preference_1").check()
    page.locator("#id_clinical_experience").fill("Sommervikar ved legevakten.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "89")
    assert_accessible(page, "profile (saved)")

    # Upload a CV once.
    page.goto("/profile/documents/")
    assert_accessible(page, "documents")
    page.locator("#id_kind").select_option("cv")
    page.locator("#id_file").set_input_files(
        files=[{"name": "nora-cv.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.get_by_role("link", name="nora-cv.pdf", exact=True)).to_be_visible()
    assert_accessible(page, "documents with a CV")

    # Start the one application in the round.
    page.goto(f"/rounds/{lis1.pk}/apply/")
    assert_accessible(page, "round")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LIS1 høst 2027")
    assert_accessible(page, "empty application")

    # Add three postings from two employers, with the keyboard only.
    for posting in (surgery, gp, medicine):
        page.locator(f"#add-{posting.pk}").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#choice-list")).to_contain_text(posting.title)
        expect(page.locator(f"#choice-list h3:has-text('{posting.title}')")).to_be_focused()
        settled(page)
    assert list_titles(page) == [surgery.title, gp.title, medicine.title]

    # Medicine is the one she wants most: two presses of "Move up".
    medicine_choice = Application.objects.get().choices.get(posting=medicine)
    up = page.locator(f"#up-{medicine_choice.pk}")
    expect(up).to_have_accessible_name(re.compile(f": {medicine.title}$"))
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#rank-status")).to_contain_text("number 2")
    settled(page)
    expect(up).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#rank-status")).to_contain_text("number 1")
    settled(page)
    expect(page.locator(f"#down-{medicine_choice.pk}")).to_be_focused()  # no "up" at the top
    assert list_titles(page) == [medicine.title, surgery.title, gp.title]
    assert_accessible(page, "ranked list")

    # Attach the CV, write a motivation (saved as she types) and submit.
    page.get_by_label(re.compile("nora-cv.pdf")).check()
    page.locator("#id_motivation").fill("Jeg vokste opp her og vil tilbake.")
    expect(page.locator("#autosave-status")).to_contain_text(re.compile("Saved|Lagret"))
    page.locator("#submit-application").dblclick()
    expect(page.locator("#application-status")).to_contain_text(re.compile("Submitted|Sendt"))
    assert_accessible(page, "submitted application")
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    assert application.choices.filter(status=ChoiceStatus.SUBMITTED).count() == 3
    assert [c.posting for c in application.choices.order_by("rank")] == [medicine, surgery, gp]
    receipts = [m for m in mail.outbox if "nora@example.no" in m.to and "Receipt" in m.subject]
    assert len(receipts) == 1
    assert "1. LIS1 Medisinsk klinikk" in receipts[0].body

    page.goto("/applications/")
    expect(page.locator("main")).to_contain_text("LIS1 Fjordby legekontor")
    assert_accessible(page, "my applications")
    page.locator("form[action='/accounts/logout/'] button").click()

    # A recruiter at the hospital logs in with two factors and shortlists her.
    log_in(page, recruiter, with_totp=True)

    page.goto(f"/manage/postings/{medicine.pk}/applicants/")
    assert_accessible(page, "applicant list")
    page.get_by_role("link", name="Nora Nyhet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nora Nyhet")
    expect(page.locator("main")).not_to_contain_text("Fjordby legekontor")  # not her choice
    assert_accessible(page, "candidate")
    choice = application.choices.get(posting=medicine)
    page.locator(f"#id_c{choice.pk}-status").select_option("shortlisted")
    page.locator(f"#id_c{choice.pk}-note").fill("Sterk lokal tilknytning.")
    save = page.locator(f"form[action='/manage/choices/{choice.pk}/status/'] button")
    expect(save).to_have_accessible_name(re.compile(f": {medicine.title}$"))
    save.click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page, "candidate shortlisted")
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.SHORTLISTED


def log_in(page, user, *, with_totp=False):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("E-post|Email")).fill(user.email)
    page.get_by_label(re.compile("Passord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in")).click()
    if with_totp:
        page.get_by_label(re.compile("Kode|Code|Authenticator code", re.I)).fill(totp_code(user))
        page.get_by_role(
            "button", name=re.compile("Logg inn|Sign In|Log in|Bekreft|Confirm")
        ).click()
    expect(page.locator("form[action='/accounts/logout/']")).to_be_attached()


def test_coordinator_sets_up_a_round(page, coordinator, posting):
    page.emulate_media(reduced_motion="reduce")
    log_in(page, coordinator, with_totp=True)
    page.get_by_role("link", name=re.compile("^(Rounds|Runder)$")).click()
    assert_accessible(page, "rounds")
    page.get_by_role("link", name=re.compile("New round|Ny runde")).click()
    page.locator("#id_name").fill("LIS1 vår 2028")
    page.locator("#id_opens_at").fill("2027-10-20T09:00")
    page.locator("#id_closes_at").fill("2027-10-01T09:00")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_closes_at")).to_have_class(re.compile("is-invalid"))
    assert_accessible(page, "round form with an error")
    page.locator("#id_closes_at").fill("2027-11-01T23:59")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LIS1 vår 2028")
    assert_accessible(page, "round detail")
    page.get_by_role("link", name=re.compile("Add postings|Legg til")).click()
    assert_accessible(page, "add postings")
    page.get_by_label(re.compile(posting.title)).check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main table").first).to_contain_text(posting.title)


def test_applicant_manages_documents_and_withdraws(page, applicant, hospital, municipality):
    from recruitment.applications import services
    from tests.recruitment.factories import ApplicantProfileFactory, DocumentFactory

    page.emulate_media(reduced_motion="reduce")
    ApplicantProfileFactory(user=applicant)
    document = DocumentFactory(owner=applicant, title="gammel-cv.pdf")
    a, b = (
        factories.PostingFactory(title=f"LIS1 {name}", employer=hospital, municipality=municipality)
        for name in ("Indremedisin", "Kirurgi")
    )
    lis1 = ApplicationRoundFactory(postings=[a, b])
    application = services.start_round_application(user=applicant, round=lis1)
    for posting in (a, b):
        services.add_choice(user=applicant, application=application, posting=posting)
    services.submit_application(user=applicant, application=application)
    summer = factories.PostingFactory(title="Sommervikar legevakt", employer=municipality)
    log_in(page, applicant)

    page.goto(f"/profile/documents/{document.uuid}/replace/")
    assert_accessible(page, "replace document")
    page.goto(f"/profile/documents/{document.uuid}/delete/")
    assert_accessible(page, "delete document")

    page.goto(summer.get_absolute_url())
    page.get_by_role("link", name=re.compile("Apply|Søk")).first.click()
    assert_accessible(page, "direct application")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(summer.title)
    assert_accessible(page, "direct application draft")
    page.get_by_role("link", name=re.compile("Delete draft|Slett utkast")).click()
    assert_accessible(page, "delete draft")
    page.locator("main form button[type=submit]").click()

    page.goto(application.get_absolute_url())
    page.get_by_role("link", name=re.compile(f": {a.title}$")).click()
    assert_accessible(page, "withdraw one choice")
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#choice-list")).not_to_contain_text(a.title)
    page.get_by_role("link", name=re.compile("Withdraw the whole|Trekk hele")).click()
    assert_accessible(page, "withdraw application")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#application-status")).to_contain_text(re.compile("Withdrawn|Trukket"))
    assert_accessible(page, "withdrawn application")
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert not Application.objects.filter(posting=summer).exists()
