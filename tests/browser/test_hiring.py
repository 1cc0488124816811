"""The employer workflow in Chromium: the employer publishes interview times, the
candidate books one, an offer is declined and the next on the reserve list is offered with
one button and a confirmation, she accepts in two steps, and the posting shows "filled".
axe runs on every page of the way, and on the workflow's other pages. A post fallen vacant
is offered from the last list by keyboard on a phone-wide screen."""

import re
from datetime import timedelta

from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from recruitment.applications import services as application_services
from recruitment.hiring import services
from recruitment.models import (
    ChoiceStatus,
    ExemptionRequest,
    Offer,
    OfferWave,
    Posting,
    PostingKind,
)
from tests import factories
from tests.browser.conftest import assert_accessible, totp_code
from tests.factories import PASSWORD
from tests.recruitment.factories import ApplicantProfileFactory, ApplicationRoundFactory


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


def log_out(page):
    page.get_by_role("button", name=re.compile("Logg ut|Log out")).click()


def signed_in_as(page, user):
    """A session made on the server side, for the pages that only need looking at."""
    client = Client()
    client.force_login(type(user).objects.get(pk=user.pk))  # fresh: the session hash
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "domain": "localhost", "path": "/"}]
    )


def direct_applicant(posting, name, email):
    user = factories.UserFactory(full_name=name, email=email)
    ApplicantProfileFactory(user=user)
    application = application_services.start_direct_application(user=user, posting=posting)
    application_services.submit_application(user=user, application=application)
    return user, application.choices.get()


def test_interview_offer_decline_reserve_accept_and_filled(page, hospital, municipality, recruiter):
    page.emulate_media(reduced_motion="reduce")
    posting = factories.PostingFactory(
        title="Overlege indremedisin",
        kind=PostingKind.CONSULTANT,
        employer=hospital,
        municipality=municipality,
        number_of_posts=1,
    )
    ola, ola_choice = direct_applicant(posting, "Ola Søker", "ola@example.no")
    per, per_choice = direct_applicant(posting, "Per Hansen", "per@example.no")

    # The employer publishes an interview time and invites both.
    log_in(page, recruiter, mfa=True)
    page.goto(f"/manage/postings/{posting.pk}/")
    assert_accessible(page, "posting manage")
    page.locator("main").get_by_role("link", name=re.compile("^(Interviews|Intervjuer)$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(posting.title)
    assert_accessible(page, "interviews (empty)")
    start = timezone.localtime(timezone.now() + timedelta(days=4)).replace(hour=9, minute=0)
    page.locator("#id_starts_at").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_count").fill("2")
    page.locator("#id_place").fill("Kalnes, møterom 3")
    page.locator("#publish-slots").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert posting.interview_slots.count() == 2
    page.get_by_label("Ola Søker").check()
    page.get_by_label("Per Hansen").check()
    page.locator("#invite").click()
    expect(page.locator(".alert-success")).to_contain_text("2")
    assert_accessible(page, "interviews with invitations")

    # Ola goes on the reserve list; Per is offered the post.
    page.get_by_role("link", name=re.compile("Offers and reserve list")).first.click()
    assert_accessible(page, "offers (empty)")
    page.locator("#reserve-add").select_option(label="Ola Søker")
    page.locator("form:has(#reserve-add) button").click()
    expect(page.locator("#reserve-list")).to_contain_text("Ola Søker")
    page.locator("#id_choice").select_option(label="Per Hansen")
    page.locator("#make-offer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Offer Per Hansen the post")
    assert not Offer.objects.exists()  # asking sends nothing
    assert_accessible(page, "offer confirmation")
    page.locator("#confirm-action").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page, "offers with an open offer")
    log_out(page)

    # Ola books her interview herself.
    log_in(page, ola)
    page.goto("/applications/")
    expect(page.locator("#hiring-summary")).to_contain_text(posting.title)
    assert_accessible(page, "my applications with an invitation")
    page.locator("#hiring-summary").get_by_role("link", name=re.compile("book a time")).click()
    assert_accessible(page, "book an interview")
    page.locator("input[name=slot]").first.check()
    page.locator("#book-slot").click()
    expect(page.locator("#hiring")).to_contain_text(re.compile("Booked for|Booket"))
    assert_accessible(page, "application with a booked interview")
    assert ola_choice.interview_bookings.filter(cancelled_at__isnull=True).count() == 1
    log_out(page)

    # Per declines; the employer offers the post to the next on the reserve list, Ola.
    services.decline_offer(user=per, offer=Offer.objects.get(choice=per_choice))
    log_in(page, recruiter, mfa=True)
    page.goto(f"/manage/postings/{posting.pk}/offers/")
    expect(page.locator("#next-reserve")).to_contain_text("Ola Søker")
    assert_accessible(page, "offers with the next reserve")
    page.locator("#offer-next-reserve").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Offer Ola Søker the post")
    page.locator("#confirm-action").click()
    expect(page.locator(".alert-success")).to_contain_text("Ola Søker")
    assert_accessible(page, "offers after offering the reserve")
    log_out(page)

    # Ola compares and accepts in two steps.
    log_in(page, ola)
    page.goto("/offers/")
    expect(page.locator("#compare-offers")).to_contain_text(posting.title)
    assert_accessible(page, "my offers")
    page.get_by_role("link", name=re.compile("Accept")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(posting.title)
    assert_accessible(page, "accept confirmation")
    page.locator("#confirm-answer").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page, "my offers after accepting")
    ola_choice.refresh_from_db()
    assert ola_choice.status == ChoiceStatus.ACCEPTED

    # The posting is filled, for everyone to see.
    page.goto(posting.get_absolute_url())
    expect(page.locator("#posting-fill")).to_contain_text(re.compile("Filled|Besatt"))
    assert_accessible(page, "filled posting")
    posting.refresh_from_db()
    assert posting.status == Posting.Status.CLOSED


def test_the_other_workflow_pages_are_accessible(
    page, settings, hospital, municipality, recruiter, coordinator, applicant
):
    """The pages the journey above does not pass through, each checked with axe."""
    page.emulate_media(reduced_motion="reduce")
    postings = [
        factories.PostingFactory(title=f"LIS1 Sykehuset Øst {n}", employer=hospital) for n in (1, 2)
    ]
    lis1 = ApplicationRoundFactory(name="LIS1 vår 2028", postings=postings)
    ApplicantProfileFactory(user=applicant)
    application = application_services.start_round_application(user=applicant, round=lis1)
    for posting in postings:
        application_services.add_choice(user=applicant, application=application, posting=posting)
    application_services.submit_application(user=applicant, application=application)
    ExemptionRequest.objects.create(application=application, reason="Ansatt annet sted")
    choice = application.choices.get(posting=postings[0])
    slot = services.create_slots(
        user=recruiter,
        posting=postings[0],
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=30,
        place="Kalnes",
        interviewers=[recruiter],
    )[0]
    services.invite_to_interview(user=recruiter, posting=postings[0], choices=[choice])
    choice.refresh_from_db()
    services.book_slot(user=applicant, invitation=choice.interview_invitation, slot=slot)
    OfferWave.objects.create(
        round=lis1,
        number=1,
        offers_at=timezone.now() + timedelta(days=20),
        answer_by=timezone.now() + timedelta(days=23),
        marking_at=timezone.now() + timedelta(days=24),
    )
    services.make_offer(
        user=recruiter, choice=application.choices.get(posting=postings[1])
    )  # prepared for the wave

    page.goto("/")
    signed_in_as(page, recruiter)
    for path, what in [
        ("/manage/interviews/", "staff interviews"),
        (f"/manage/choices/{choice.pk}/assessment/", "assessment"),
        (f"/manage/postings/{postings[1].pk}/offers/", "offers with a prepared offer"),
        (f"/manage/postings/{postings[0].pk}/last-list/", "hire from the last list"),
        (f"/manage/postings/{postings[0].pk}/public-list/", "public list management"),
        (f"/manage/postings/{postings[0].pk}/applicants/", "applicant list"),
    ]:
        page.goto(path)
        assert page.url.endswith(path), page.url  # not sent to the login page
        assert_accessible(page, what)

    signed_in_as(page, coordinator)
    page.goto(f"/manage/rounds/{lis1.pk}/waves/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(lis1.name)
    assert_accessible(page, "wave calendar")
    page.goto(f"/manage/waves/{lis1.offer_waves.get().pk}/edit/")
    assert_accessible(page, "wave form")

    # The decision, publication and the public list.
    past = timezone.now() - timedelta(hours=1)
    lis1.__class__.objects.filter(pk=lis1.pk).update(closes_at=past)
    postings[0].refresh_from_db()
    services.decide_exemption(user=recruiter, choice=choice, granted=True, reason="Vernet")
    settings.HIRING_EXEMPTION_NOTICE_HOURS = 0
    services.publish_public_list(user=recruiter, posting=postings[0])
    page.goto(f"/jobs/{postings[0].slug}/applicant-list/")
    expect(page.locator("#public-list-totals")).to_contain_text("1")
    assert_accessible(page, "public applicant list")

    wave = lis1.offer_waves.get()
    services.release_due_waves(now=wave.offers_at + timedelta(minutes=1))
    offer = Offer.objects.get(status=Offer.Status.OPEN)
    signed_in_as(page, applicant)
    page.goto(f"/offers/{offer.pk}/decline/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(postings[1].title)
    assert_accessible(page, "decline confirmation")
    page.goto(application.get_absolute_url())
    expect(page.locator("#hiring")).to_contain_text("Vernet")
    assert_accessible(page, "application with a decision")
    page.goto(f"/interviews/{choice.interview_invitation.pk}/book/")
    assert_accessible(page, "rebook an interview")


def tab_to(page, locator, limit=60):
    """Press Tab until ``locator`` has the focus: proof it is reachable by keyboard."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(element) => document.activeElement === element", target):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {locator}")


def fits_the_width(page) -> bool:
    page.wait_for_load_state("load")  # measured with the stylesheet applied
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_vacant_post_is_offered_from_the_last_list_by_keyboard_on_a_narrow_screen(
    page, hospital, municipality, recruiter
):
    page.emulate_media(reduced_motion="reduce")
    posting = factories.PostingFactory(
        title="Overlege psykiatri",
        kind=PostingKind.CONSULTANT,
        employer=hospital,
        municipality=municipality,
        number_of_posts=1,
    )
    kari, kari_choice = direct_applicant(posting, "Kari Nordmann", "kari@example.no")

    log_in(page, recruiter, mfa=True)
    page.set_viewport_size({"width": 320, "height": 720})  # the menu folds away
    page.goto(f"/manage/postings/{posting.pk}/last-list/")
    assert fits_the_width(page), "the last list scrolls sideways at 320 px"
    offer_button = page.get_by_role("button", name=re.compile("^Offer the post.*: Kari Nordmann$"))
    tab_to(page, offer_button)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Offer Kari Nordmann the post “Overlege psykiatri”?"
    )
    expect(page.locator("#what-happens")).to_contain_text("must answer by")
    expect(page.locator("#what-happens")).to_contain_text("is told by e-mail")
    assert not Offer.objects.exists()
    assert_accessible(page, "offer confirmation at 320 px")
    assert fits_the_width(page), "the confirmation scrolls sideways at 320 px"

    tab_to(page, page.locator("#confirm-action"))
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Kari Nordmann")
    assert fits_the_width(page), "the offers page scrolls sideways at 320 px"
    offer = Offer.objects.get()
    assert (offer.choice, offer.status) == (kari_choice, Offer.Status.OPEN)
    assert offer.application.applicant == kari
