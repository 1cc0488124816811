"""The coordinator's wave calendar in Chromium: a wave the scheduler missed is shown with
what to do, a move to a time before the round's deadline is refused on the field, and a
valid move puts the wave back on the calendar. axe runs on each state of the page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from recruitment.models import OfferWave
from tests.browser.conftest import assert_accessible
from tests.browser.test_hiring import signed_in_as
from tests.recruitment.factories import ApplicationRoundFactory


def test_the_coordinator_moves_a_missed_wave(page, coordinator):
    page.emulate_media(reduced_motion="reduce")
    now = timezone.now()
    round = ApplicationRoundFactory(
        name="LIS1 vår 2028", opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1)
    )
    wave = OfferWave.objects.create(
        round=round,
        number=1,
        offers_at=now - timedelta(days=3),
        answer_by=now - timedelta(hours=2),
        marking_at=now - timedelta(hours=1),
    )
    signed_in_as(page, coordinator)
    page.goto(f"/manage/rounds/{round.pk}/waves/")
    expect(page.locator(f"#missed-{wave.pk}")).to_contain_text("was not released")
    expect(page.locator(f"#wave-{wave.pk}")).to_contain_text("Missed")
    assert_accessible(page, "wave calendar with a missed wave")

    page.get_by_role("link", name="Move Wave 1").click()
    expect(page.locator(f"#missed-{wave.pk}")).to_be_visible()
    before_close = timezone.localtime(round.closes_at - timedelta(hours=12))
    page.locator("#id_offers_at").fill(f"{before_close:%Y-%m-%dT%H:%M}")
    page.locator("#id_answer_by").fill(f"{before_close + timedelta(days=10):%Y-%m-%dT%H:%M}")
    page.locator("#id_marking_at").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_offers_at")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_offers_at_error")).to_contain_text(
        "offers can go out only from then on"
    )
    expect(page.locator("#id_answer_by")).to_have_value(
        f"{before_close + timedelta(days=10):%Y-%m-%dT%H:%M}"
    )
    assert_accessible(page, "wave form with an error")

    start = timezone.localtime(now + timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    page.locator("#id_offers_at").fill(f"{start:%Y-%m-%dT%H:%M}")
    page.locator("#id_answer_by").fill(f"{start + timedelta(days=3, hours=3):%Y-%m-%dT%H:%M}")
    page.keyboard.press("Enter")
    expect(page.locator(f"#wave-{wave.pk}")).to_contain_text("Scheduled")
    expect(page.locator(f"#missed-{wave.pk}")).to_have_count(0)
    wave.refresh_from_db()
    assert wave.answer_by == start + timedelta(days=3, hours=3)
    assert timezone.localtime(wave.marking_at).hour == 12  # noon the day after, by default
