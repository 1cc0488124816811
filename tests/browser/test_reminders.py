"""The coordinator's reminders page while the mail server is failing: the pause, what
waits, and sending a given-up message again by keyboard, on a narrow screen; axe on each."""

import re
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from portal.models import MailServerState, Notification
from recruitment.models import Posting
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_dashboard import _log_in
from tests.browser.test_hiring import fits_the_width


def test_the_coordinator_sees_the_pause_and_sends_a_given_up_reminder_again_by_keyboard(
    page, coordinator, hospital, recruiter
):
    posting = factories.PostingFactory(employer=hospital, created_by=recruiter)
    kind = ContentType.objects.get_for_model(Posting)
    waiting, given_up = (
        Notification.objects.create(
            recipient=user,
            occasion="posting_deadline_passed",
            content_type=kind,
            object_id=posting.pk,
            status=status,
            next_attempt_at=timezone.now() + timedelta(minutes=1) if status == "deferred" else None,
            last_error=error,
        )
        for user, status, error in (
            (recruiter, "deferred", "Refused: SMTPRecipientsRefused: 550 5.7.1 Relaying denied"),
            (coordinator, "failed", "Refused: SMTPRecipientsRefused: 550 5.1.1 No such user"),
        )
    )
    MailServerState.objects.create(
        pk=1,
        failures=3,
        pauses=1,
        paused_until=timezone.now() + timedelta(minutes=1),
        last_error="Refused: SMTPRecipientsRefused: 550 5.7.1 Relaying denied",
    )
    page.set_viewport_size({"width": 320, "height": 720})
    _log_in(page, coordinator)
    page.goto("/notifications/overview/")
    expect(page.locator("#delivery-paused")).to_contain_text(
        "Sending is paused: the mail server is failing"
    )
    expect(page.get_by_text("5.7.1 Relaying denied")).to_have_count(2)
    assert_accessible(page, "reminders overview, sending paused, at 320 px")
    assert fits_the_width(page), "the reminders overview scrolls sideways at 320 px"

    page.locator(f"#send-again-{given_up.pk}").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=re.compile("Send the selected again")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 notifications will be sent again.")).to_be_visible()
    given_up.refresh_from_db()
    waiting.refresh_from_db()
    assert (given_up.status, waiting.status) == ("pending", "deferred")
    assert_accessible(page, "reminders overview after sending again")
