"""Reminders of the application portal: unsent drafts before the deadline, and the
employer's summary when a posting's deadline has passed. Time travels by sweeping at a
later ``now``; e-mail goes to the locmem outbox."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from portal import notifications
from portal.models import Membership, Notification, NotificationSetting
from recruitment.applications import services
from tests import factories
from tests.conftest import with_mfa
from tests.recruitment.factories import ApplicantProfileFactory, ApplicationRoundFactory
from tests.reminders import (
    materialise_at,
    messages_to,
    other_than_receipts,
    rows,
    sent,
    sweep_at,
)

FIRST, LAST, CLOSED = "draft_deadline_first", "draft_deadline_last", "posting_deadline_passed"
MINUTE = timedelta(minutes=1)


@pytest.fixture
def closes_at():
    return timezone.now() + timedelta(days=10)


@pytest.fixture
def round_closing(closes_at, hospital_postings):
    return ApplicationRoundFactory(
        name="LIS1 vår 2028", closes_at=closes_at, postings=hospital_postings
    )


def person(email, **kwargs):
    user = factories.UserFactory(email=email, **kwargs)
    ApplicantProfileFactory(user=user)
    return user


def draft(user, round, postings=()):
    application = services.start_round_application(user=user, round=round)
    for posting in postings:
        services.add_choice(user=user, application=application, posting=posting)
    return application


# --- Unsent drafts -------------------------------------------------------------------------


def test_drafts_are_reminded_seven_days_and_one_day_before_and_no_one_else(
    round_closing, closes_at, hospital_postings
):
    drafter = person("utkast@example.no")
    draft(drafter, round_closing, hospital_postings[:1])
    submitter = person("sendt@example.no")
    services.submit_application(
        user=submitter, application=draft(submitter, round_closing, hospital_postings)
    )
    withdrawer = person("trukket@example.no")
    application = draft(withdrawer, round_closing, hospital_postings[:1])
    services.submit_application(user=withdrawer, application=application)
    services.withdraw_application(user=withdrawer, application=application)
    deleter = person("slettet@example.no")
    services.delete_draft(user=deleter, application=draft(deleter, round_closing))
    closed_account = person("lukket@example.no")
    draft(closed_account, round_closing)
    closed_account.is_active = False
    closed_account.save()
    later_round = ApplicationRoundFactory(closes_at=closes_at + timedelta(days=30))
    draft(person("senere@example.no"), later_round)

    sweep_at(closes_at - timedelta(days=7) - MINUTE)
    assert other_than_receipts() == []
    sweep_at(closes_at - timedelta(days=7) + MINUTE)
    assert sent(FIRST) == ["utkast@example.no"]
    sweep_at(closes_at - timedelta(days=3))
    sweep_at(closes_at - timedelta(days=1) - MINUTE)
    assert sent(FIRST) == ["utkast@example.no"]
    assert sent(LAST) == []
    sweep_at(closes_at - timedelta(days=1) + MINUTE)
    sweep_at(closes_at - timedelta(hours=2))
    assert sent(LAST) == ["utkast@example.no"]
    sweep_at(closes_at + MINUTE)
    assert len(other_than_receipts()) == 2


def test_a_draft_started_in_the_last_days_gets_each_reminder_once(round_closing, closes_at):
    late = person("sen@example.no")
    sweep_at(closes_at - timedelta(days=3))
    draft(late, round_closing)
    for hours in (71, 70, 30):
        sweep_at(closes_at - timedelta(hours=hours))
    assert sent(FIRST) == ["sen@example.no"]
    sweep_at(closes_at - timedelta(hours=2))
    assert sent(LAST) == ["sen@example.no"]


def test_a_direct_application_draft_is_reminded_before_the_posting_deadline(hospital):
    posting = factories.PostingFactory(
        employer=hospital, deadline=timezone.now() + timedelta(days=4)
    )
    user = person("direkte@example.no")
    services.start_direct_application(user=user, posting=posting)
    sweep_at()
    assert sent(FIRST) == ["direkte@example.no"]
    assert sent(LAST) == []


def test_a_draft_sent_after_it_was_found_due_is_not_reminded(round_closing, closes_at, profile):
    application = draft(profile.user, round_closing, list(round_closing.postings.all())[:1])
    materialise_at(closes_at - timedelta(days=6))
    row = rows(FIRST).get()
    services.submit_application(user=profile.user, application=application)
    assert notifications.deliver(row.pk) == "obsolete"
    row.refresh_from_db()
    assert row.status == Notification.Status.OBSOLETE
    assert mail.outbox == []


def test_an_applicant_who_turned_the_reminder_off_gets_nothing(round_closing, closes_at, profile):
    draft(profile.user, round_closing)
    notifications.set_preferences(profile.user, enabled_keys={LAST})
    sweep_at(closes_at - timedelta(days=6))
    sweep_at(closes_at - timedelta(hours=3))
    assert rows(FIRST).get().status == Notification.Status.SKIPPED
    assert sent(FIRST) == []
    assert sent(LAST) == [profile.user.email]


def test_the_reminder_says_what_is_missing_links_to_the_draft_and_says_why(
    round_closing, closes_at, applicant, hospital_postings
):
    applicant.language = "en"
    applicant.save()
    application = services.start_round_application(user=applicant, round=round_closing)
    services.add_choice(user=applicant, application=application, posting=hospital_postings[1])
    sweep_at(closes_at - timedelta(days=6))
    (message,) = mail.outbox
    assert message.subject == "Reminder: your application “LIS1 vår 2028” has not been sent"
    assert message.extra_headers["Content-Language"] == "en"
    body = message.body
    assert "1. LIS1 Sykehuset Øst 2 – Sykehuset Øst" in body
    assert "Your profile is missing: Phone number." in body  # no profile yet
    assert application.get_absolute_url() in body
    assert reverse("notification_settings") in body
    assert "you have started an application" in body
    with translation.override("en"):
        assert date_format(timezone.localtime(closes_at), "DATETIME_FORMAT") in body
    html = message.alternatives[0].content
    assert f'href="http://127.0.0.1:8000{application.get_absolute_url()}"' in html
    assert '<html lang="en">' in html


def test_the_reminder_is_in_norwegian_for_norwegian_applicants(round_closing, closes_at, profile):
    draft(profile.user, round_closing)
    sweep_at(closes_at - timedelta(days=6))
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "nb"
    with translation.override("nb"):
        assert date_format(timezone.localtime(closes_at), "DATETIME_FORMAT") in message.body
    assert '<html lang="nb">' in message.alternatives[0].content


def test_the_inbox_shows_the_reminder(login, round_closing, closes_at, profile):
    application = draft(profile.user, round_closing)
    sweep_at(closes_at - timedelta(days=6))
    page = login(profile.user).get(reverse("notification_inbox")).content.decode()
    assert "LIS1 vår 2028" in page
    assert application.get_absolute_url() in page


# --- Posting deadline passed ---------------------------------------------------------------


@pytest.fixture
def deadline():
    return timezone.now() + timedelta(hours=1)


@pytest.fixture
def closing_posting(hospital, municipality, recruiter, deadline):
    return factories.PostingFactory(
        title="Overlege indremedisin",
        employer=hospital,
        municipality=municipality,
        created_by=recruiter,
        deadline=deadline,
    )


def apply_to(posting, email, *, submit=True, withdraw=False):
    user = person(email, full_name=f"Navn {email}")
    application = services.start_direct_application(user=user, posting=posting)
    if submit:
        services.submit_application(user=user, application=application)
    if withdraw:
        services.withdraw_application(user=user, application=application)
    return user


def test_the_employers_recruiters_get_a_summary_when_the_deadline_passes(
    closing_posting, deadline, hospital, recruiter, outsider_recruiter, coordinator
):
    recruiter.language = "en"  # mail speaks each recipient's language; Norwegian by default
    recruiter.save()
    colleague = with_mfa(factories.UserFactory(email="kollega@example.no"))
    factories.MembershipFactory(
        user=colleague, organisation=hospital, role=Membership.Role.RECRUITER
    )
    sent_by = [apply_to(closing_posting, f"soker{n}@example.no") for n in range(3)]
    apply_to(closing_posting, "angret@example.no", withdraw=True)
    apply_to(closing_posting, "utkast@example.no", submit=False)

    sweep_at(deadline - MINUTE)
    assert sent(CLOSED) == []
    sweep_at(deadline + MINUTE)
    sweep_at(deadline + timedelta(hours=5))
    assert sent(CLOSED) == ["kollega@example.no", "rekrutterer@example.no"]
    message = messages_to(recruiter.email, CLOSED)[0]
    assert message.subject == "Deadline passed: “Overlege indremedisin” has 3 applicants"
    assert "Applications received: 4" in message.body
    assert "Withdrawn since: 1" in message.body
    assert "Applicants to consider: 3" in message.body
    applicants_url = reverse("recruitment:posting_applicants", kwargs={"pk": closing_posting.pk})
    assert applicants_url in message.body
    assert "you recruit for the employer" in message.body
    for user in sent_by:  # counts only: no applicant's name or address in an e-mail
        assert user.full_name not in message.body
        assert user.email not in message.body


def test_nobody_applied_is_said_plainly(closing_posting, deadline, recruiter):
    recruiter.language = "en"
    recruiter.save()
    sweep_at(deadline + MINUTE)
    (message,) = mail.outbox
    assert "has 0 applicants" in message.subject
    assert "Nobody applied before the deadline." in message.body


def test_old_deadlines_are_not_announced_when_reminders_start(hospital, recruiter):
    factories.PostingFactory(
        employer=hospital, created_by=recruiter, deadline=timezone.now() - timedelta(days=5)
    )
    sweep_at()
    assert rows(CLOSED).count() == 0


def test_drafts_of_postings_are_not_announced(hospital, recruiter, deadline):
    factories.PostingFactory(
        employer=hospital,
        created_by=recruiter,
        deadline=deadline,
        status="draft",
        published_at=None,
    )
    sweep_at(deadline + MINUTE)
    assert rows(CLOSED).count() == 0


def test_a_creator_who_left_the_employer_is_not_told(hospital, municipality, recruiter, deadline):
    former = factories.UserFactory(email="sluttet@example.no")
    factories.PostingFactory(
        employer=hospital, municipality=municipality, created_by=former, deadline=deadline
    )
    sweep_at(deadline + MINUTE)
    assert sent(CLOSED) == [recruiter.email]


def test_the_coordinator_who_created_a_posting_is_told(
    hospital, municipality, recruiter, coordinator, deadline
):
    factories.PostingFactory(
        employer=hospital, municipality=municipality, created_by=coordinator, deadline=deadline
    )
    sweep_at(deadline + MINUTE)
    assert sent(CLOSED) == [coordinator.email, recruiter.email]


def test_without_recruiters_the_municipalitys_staff_are_told(municipality, deadline):
    chief = with_mfa(factories.UserFactory(email="kommuneoverlege@example.no"))
    factories.MembershipFactory(
        user=chief, organisation=municipality, role=Membership.Role.CHIEF_PHYSICIAN
    )
    factories.PostingFactory(employer=municipality, municipality=municipality, deadline=deadline)
    sweep_at(deadline + MINUTE)
    assert sent(CLOSED) == ["kommuneoverlege@example.no"]


def test_without_staff_at_a_hospital_the_trusts_recruiters_are_told(
    health_community, municipality, deadline
):
    trust = factories.OrganisationFactory(
        name="Helseforetaket", kind="hospital_trust", parent=health_community
    )
    hospital = factories.OrganisationFactory(name="Lokalsykehuset", parent=trust)
    trust_recruiter = with_mfa(factories.UserFactory(email="foretak@example.no"))
    factories.MembershipFactory(user=trust_recruiter, organisation=trust)
    factories.PostingFactory(employer=hospital, municipality=municipality, deadline=deadline)
    sweep_at(deadline + MINUTE)
    assert sent(CLOSED) == ["foretak@example.no"]


# --- Preferences ---------------------------------------------------------------------------


def test_staff_see_the_staff_reminder_and_applicants_do_not(login, applicant, recruiter):
    applicant_page = login(applicant).get(reverse("notification_settings")).content.decode()
    assert f'value="{FIRST}"' in applicant_page
    assert f'value="{CLOSED}"' not in applicant_page
    staff_page = login(recruiter).get(reverse("notification_settings")).content.decode()
    assert f'value="{CLOSED}"' in staff_page


def test_saving_an_applicants_settings_leaves_staff_kinds_alone(applicant):
    notifications.set_preferences(applicant, enabled_keys=set())
    assert not NotificationSetting.objects.filter(user=applicant, occasion=CLOSED).exists()
    assert NotificationSetting.objects.get(user=applicant, occasion=FIRST).enabled is False
