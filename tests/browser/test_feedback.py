"""Anonymous feedback end to end: a doctor answers by keyboard; the coordinator reads
results where small units are hidden; every page passes axe."""

import re
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from feedback import sealing
from feedback.models import Campaign, Participation, PendingResponse
from tests import factories
from tests.browser.conftest import assert_accessible, totp_code
from tests.factories import PASSWORD
from tests.feedback.conftest import released, token_for
from tests.feedback.factories import CampaignFactory, InvitationFactory


def _units(hospital):
    return [
        factories.UnitFactory(organisation=hospital, name=name)
        for name in ("Medisinsk klinikk", "Kirurgisk klinikk", "Akuttmottak")
    ]


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("E-post|Email")).fill(user.email)
    page.get_by_label(re.compile("Passord|Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in")).click()
    page.get_by_label(re.compile("Kode|Code|Authenticator code", re.I)).fill(totp_code(user))
    page.get_by_role("button", name=re.compile("Logg inn|Sign In|Log in|Bekreft|Confirm")).click()


def test_doctor_answers_by_keyboard_and_is_told_how_anonymity_is_kept(page, hospital):
    call_command("seed_surveys", stdout=None)
    units = _units(hospital)
    campaign = CampaignFactory(units=units)
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    url = f"/survey/{token_for(invitation)}/"

    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("LIS1"))
    expect(
        page.get_by_role("heading", name=re.compile("anonymitet|anonymity", re.I))
    ).to_be_visible()
    assert_accessible(page, "survey")

    questions = {q.key: q for q in campaign.version.questions.all()}
    first = questions["supervision_regular"]
    page.locator(f"#id_q{first.pk}_0").focus()
    page.keyboard.press("Space")  # 1
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # … to 4
    page.keyboard.press("Tab")  # into the next question
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 5
    expect(page.locator(f"#id_q{first.pk}_3")).to_be_checked()
    expect(page.locator(f"#id_q{questions['supervision_useful'].pk}_4")).to_be_checked()

    page.locator(f"#id_q{questions['text_good'].pk}").focus()
    page.keyboard.type("Trygg vakt og god veileder.")
    page.get_by_role("button", name=re.compile("Send inn svar|Submit answers")).focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Takk|Thank you"))
    expect(
        page.get_by_text(re.compile("database administrator|databaseadministrator"))
    ).to_be_visible()
    assert_accessible(page, "thank-you page")
    pending = PendingResponse.objects.get()
    held = sealing.open_sealed(
        pending.sealed, campaign_id=pending.campaign_id, unit_id=pending.unit_id
    )
    assert held[str(first.pk)] == 4
    assert held[str(questions["supervision_useful"].pk)] == 5
    assert Participation.objects.filter(invitation=invitation).exists()

    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("allerede svart|already answered")
    )
    assert_accessible(page, "used link")


def test_coordinator_sees_small_units_hidden_and_the_rest_shown(page, hospital, coordinator):
    call_command("seed_surveys", stdout=None)
    medical, surgical, emergency = _units(hospital)
    campaign = CampaignFactory(units=[medical, surgical, emergency], title="LIS1 høst 2026")
    released(campaign, medical, 6)
    released(campaign, surgical, 9)
    released(campaign, emergency, 2)

    _log_in(page, coordinator)
    page.goto("/feedback/")
    assert_accessible(page, "campaign list")
    page.get_by_role("link", name="LIS1 høst 2026", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("LIS1 høst 2026")
    assert_accessible(page, "campaign detail")
    page.get_by_role("link", name=re.compile("Se resultater|See results")).click()
    assert_accessible(page, "results")

    overview = page.locator("#overview")
    expect(overview.locator(f'tr[data-group="{emergency.pk}"]')).to_contain_text(
        re.compile("Too few responses|For få svar")
    )
    expect(overview.locator(f'tr[data-group="{medical.pk}"]')).to_contain_text(
        re.compile("Hidden to protect a smaller group|beskytte")
    )
    surgical_row = overview.locator(f'tr[data-group="{surgical.pk}"]')
    expect(surgical_row.locator("td").first).to_have_text("9")
    expect(overview.locator('tr[data-group="total"] td').first).to_have_text("17")

    page.get_by_role("link", name="Kirurgisk klinikk").click()
    expect(page.get_by_role("heading", name=re.compile("Kirurgisk klinikk"))).to_be_visible()
    assert_accessible(page, "results for one unit")

    for path, what in [
        ("/feedback/campaigns/new/", "campaign form"),
        ("/feedback/templates/", "template list"),
        (f"/feedback/templates/{campaign.version.template_id}/", "template detail"),
        (f"/feedback/templates/{campaign.version.template_id}/edit/", "template form"),
        (f"/feedback/templates/{campaign.version.template_id}/trends/", "trends"),
    ]:
        page.goto(path)
        assert_accessible(page, what)


def test_the_unit_page_shows_lis1_scores_once_k_have_answered(page, hospital):
    call_command("seed_surveys", stdout=None)
    medical = _units(hospital)[0]
    today = timezone.localdate()
    campaign = CampaignFactory(
        units=[medical], opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=30)
    )
    Campaign.objects.filter(pk=campaign.pk).update(finalised=True)
    released(campaign, medical, 5)

    page.goto(f"/units/{medical.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Medisinsk klinikk")
    expect(page.get_by_text(re.compile("5 respondent"))).to_be_visible()
    assert_accessible(page, "unit page")
    page.goto("/survey/not-a-real-link/")
    assert_accessible(page, "unknown link")
