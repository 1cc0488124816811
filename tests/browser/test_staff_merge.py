"""Two tabs on one staff edit form in Chromium (issue 18): the older tab's save of the
same field is refused with both values shown, axe finds nothing wrong with the choice,
and "Keep mine", chosen by keyboard, then saves. The rule: tests/recruitment/test_staff_merge.py."""

from playwright.sync_api import expect

from recruitment.models import ApplicationRound
from tests.browser.conftest import assert_accessible
from tests.browser.test_hiring import signed_in_as
from tests.recruitment.factories import ApplicationRoundFactory


def test_two_tabs_on_one_round_refuse_then_keep_mine(page, coordinator):
    page.emulate_media(reduced_motion="reduce")
    round = ApplicationRoundFactory(name="LIS1 høst 2028", max_choices=5)
    signed_in_as(page, coordinator)
    url = f"/manage/rounds/{round.pk}/edit/"
    other = page.context.new_page()
    page.goto(url)
    other.goto(url)

    other.locator("#id_name").fill("LIS1 høst 2028 – fra den andre fanen")
    other.get_by_role("button", name="Save round").click()
    other.wait_for_url(f"**/manage/rounds/{round.pk}/")

    page.locator("#id_name").fill("LIS1 høst 2028 – min")
    page.locator("#id_max_choices").fill("6")
    page.get_by_role("button", name="Save round").click()
    panel = page.locator("#merge-conflicts")
    expect(panel).to_contain_text("LIS1 høst 2028 – fra den andre fanen")
    expect(panel).to_contain_text("LIS1 høst 2028 – min")
    expect(page.locator("#id_name")).to_have_value("LIS1 høst 2028 – min")
    expect(page.locator("#id_max_choices")).to_have_value("6")
    assert_accessible(page, "round form with a conflict")

    page.get_by_label("Keep mine").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save round").click()
    page.wait_for_url(f"**/manage/rounds/{round.pk}/")
    round = ApplicationRound.objects.get(pk=round.pk)
    assert (round.name, round.max_choices) == ("LIS1 høst 2028 – min", 6)
