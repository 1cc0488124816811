"""A coupled track end to end in Chromium: the candidate consents while applying and
accepts a LIS1 offer; the municipality's chief physician finds them in the pool and
invites them; the candidate accepts a time; then withdraws the consent and is gone from
the pool at once. axe runs on every page of the way."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from careers.models import Invitation, TrackConsent
from portal.models import Membership, Organisation
from recruitment.applications import services as application_services
from recruitment.hiring import services as hiring
from recruitment.models import ChoiceStatus
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_application import log_in
from tests.careers.tracks.factories import make_track
from tests.conftest import with_mfa
from tests.recruitment.factories import ApplicantProfileFactory, ApplicationRoundFactory


def test_a_candidate_meets_a_municipality_through_a_coupled_track(
    page, browser, live_server, health_community
):
    trust = factories.OrganisationFactory(
        name="Sykehuset Øst HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=health_community
    )
    kalnes = factories.OrganisationFactory(name="Sykehuset Øst Kalnes", parent=trust)
    fjordby = factories.MunicipalityFactory(name="Fjordby kommune", parent=health_community)
    elvdal = factories.MunicipalityFactory(name="Elvdal kommune", parent=health_community)
    posting = factories.PostingFactory(
        title="LIS1 Kalnes medisin", employer=kalnes, municipality=fjordby
    )
    lis1 = ApplicationRoundFactory(name="LIS1 høst 2027", postings=[posting])
    track = make_track(
        trust=trust,
        name="Østlegen",
        slug="ostlegen",
        postings=[posting],
        municipalities=[fjordby, elvdal],
    )
    nora = factories.UserFactory(email="nora@example.no", full_name="Nora Nyhet")
    ApplicantProfileFactory(user=nora, grew_up_in_region=True)
    application = application_services.start_round_application(user=nora, round=lis1)
    application_services.add_choice(user=nora, application=application, posting=posting)
    recruiter = with_mfa(factories.UserFactory(email="rekrutterer@kalnes.no"))
    factories.MembershipFactory(user=recruiter, organisation=kalnes, role="recruiter")
    chief = with_mfa(factories.UserFactory(email="kol@fjordby.no", full_name="Kari Overlege"))
    factories.MembershipFactory(
        user=chief, organisation=fjordby, role=Membership.Role.CHIEF_PHYSICIAN
    )
    page.emulate_media(reduced_motion="reduce")

    # The LIS1 advert informs about the track, without promising the coupled post.
    page.goto(posting.get_absolute_url())
    expect(page.locator(f"#track-notice-{track.pk}")).to_be_visible()
    assert_accessible(page, "LIS1 advert with the track")

    # Nora states her preference and consents while applying; then she submits.
    log_in(page, nora)
    page.goto(application.get_absolute_url())
    consent = page.locator(f"#id_track{track.pk}_consent")
    expect(consent).not_to_be_checked()  # never pre-ticked
    expect(page.locator(f"#id_track{track.pk}_share_documents")).not_to_be_checked()
    assert_accessible(page, "application with the track panel")
    page.locator(f"#track-panel-{track.pk} input[name=preference][value=primary_care]").check()
    consent.check()
    page.locator(f"#track{track.pk}-save").click()
    expect(page.locator(f"#track{track.pk}-consent-status")).to_be_visible()
    assert_accessible(page, "application after consenting")
    page.locator("#submit-application").click()
    expect(page.locator("#application-status")).to_contain_text(re.compile("Submitted|Sendt"))
    assert TrackConsent.objects.get(candidate=nora).text.version == 1

    # The hospital offers her the post; she accepts it on her offers page.
    choice = application.choices.get()
    offer = hiring.make_offer(user=recruiter, choice=choice)
    page.goto("/offers/")
    assert_accessible(page, "offers")
    page.locator(f"#accept-{offer.pk}").click()
    assert_accessible(page, "accept the offer")
    page.locator("#confirm-answer").click()
    expect(page.locator(".alert-success")).to_be_visible()
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.ACCEPTED

    # The chief physician of Fjordby finds her in the pool and invites her.
    municipal = browser.new_context(base_url=live_server.url, locale="nb-NO")
    chief_page = municipal.new_page()
    chief_page.set_default_timeout(10_000)
    problems = []  # what the page fixture checks for the candidate's page, here too
    chief_page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    chief_page.on("pageerror", lambda error: problems.append(str(error)))
    chief_page.emulate_media(reduced_motion="reduce")
    log_in(chief_page, chief, with_totp=True)
    chief_page.locator(".staff-nav a[href='/manage/tracks/']").click()
    assert_accessible(chief_page, "tracks for the chief physician")
    chief_page.locator(
        f"main a[href='/manage/tracks/{track.pk}/municipalities/{fjordby.pk}/pool/']"
    ).click()
    expect(chief_page.locator("#pool")).to_contain_text("Nora Nyhet")
    assert_accessible(chief_page, "pool")
    chief_page.get_by_role("link", name="Nora Nyhet").click()
    expect(chief_page.get_by_role("heading", level=1)).to_have_text("Nora Nyhet")
    pool_candidate_url = chief_page.url
    assert_accessible(chief_page, "pool candidate")
    chief_page.locator("input[name=kind][value=interview]").check()
    chief_page.locator("#id_message").fill("Vi vil gjerne møte deg på legekontoret i Fjordby.")
    soon = timezone.localtime(timezone.now() + timedelta(days=7)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    chief_page.locator("#id_time_1").fill(soon.strftime("%Y-%m-%dT%H:%M"))
    chief_page.locator("#id_time_2").fill((soon + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    chief_page.locator("#send-invitation").click()
    expect(chief_page.locator("#invitation-status")).to_be_visible()
    assert_accessible(chief_page, "invitation sent")
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.SENT
    assert any("nora@example.no" in m.to for m in mail.outbox)

    # Nora sees her path, accepts the first time; the municipality is told.
    page.locator("#main-nav a[href='/my-path/']").click()  # in the menu since she consented
    expect(page.locator(f"#invitation-{invitation.pk}")).to_contain_text("legekontoret i Fjordby")
    assert_accessible(page, "your path with an invitation")
    page.locator(f"#id_inv{invitation.pk}_answer_0").check()
    page.locator(f"#id_inv{invitation.pk}_time_0").check()
    page.locator(f"#invitation-{invitation.pk}-send").click()
    expect(page.locator(f"#invitation-{invitation.pk} .alert-success")).to_be_visible()
    assert_accessible(page, "your path with an agreed time")
    invitation.refresh_from_db()
    assert invitation.chosen_time == invitation.times.earliest("starts_at")
    assert any("kol@fjordby.no" in m.to for m in mail.outbox)
    chief_page.reload()
    expect(chief_page.locator("#invitation-outcome")).to_be_visible()  # shown once agreed
    assert_accessible(chief_page, "invitation answered")

    # Nora withdraws her consent with one click; the next request shows her gone.
    page.locator(f"#withdraw-{track.pk}").click()
    expect(page.locator(f"#withdraw-{track.pk}")).to_have_count(0)
    assert_accessible(page, "your path after withdrawing")
    assert not TrackConsent.objects.filter(candidate=nora, ended_at__isnull=True).exists()
    chief_page.goto(f"/manage/tracks/{track.pk}/municipalities/{fjordby.pk}/pool/")
    expect(chief_page.locator("#pool")).not_to_contain_text("Nora Nyhet")
    assert_accessible(chief_page, "pool after the withdrawal")
    response = chief_page.goto(pool_candidate_url)
    assert response.status == 404
    municipal.close()
    assert not problems, problems


def test_the_coordinator_is_told_the_coupling_limit_on_the_track_form(
    page, coordinator, health_community, municipality
):
    """Six LIS1 posts of the trust in the round: four coupled places are refused with the
    numbers, next to the field, and nothing typed is lost; three are saved."""
    trust = factories.OrganisationFactory(
        name="Sykehuset Østfold HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=health_community
    )
    kalnes = factories.OrganisationFactory(name="Sykehuset Østfold Kalnes", parent=trust)
    postings = [
        factories.PostingFactory(
            title=title, employer=kalnes, municipality=municipality, number_of_posts=posts
        )
        for title, posts in (("LIS1 Kalnes medisin", 4), ("LIS1 Kalnes kirurgi", 2))
    ]
    ApplicationRoundFactory(name="LIS1 vår 2027", postings=postings)
    page.emulate_media(reduced_motion="reduce")
    log_in(page, coordinator, with_totp=True)
    page.goto("/manage/tracks/new/")
    page.locator("#id_name").fill("Østfoldlegen")
    page.locator("#id_hospital_trust").select_option(label=trust.name)
    page.locator("#id_summary").fill("LIS1 på Kalnes, så ALIS i en av kommunene.")
    page.locator("#id_description").fill("Et forutsigbart løp fra LIS1 til allmennmedisin.")
    for posting in postings:
        page.get_by_label(re.compile(posting.title)).check()
    page.locator("#id_coupled_places").fill("4")
    page.locator("main form button[type=submit]").click()

    places = page.locator("#id_coupled_places")
    expect(places).to_have_class(re.compile("is-invalid"))
    expect(places).to_have_value("4")
    expect(page.locator("main form")).to_contain_text(
        "Sykehuset Østfold HF has 6 LIS1 posts in “LIS1 vår 2027”; at most 3 may be coupled "
        "(50%). This track can have at most 3 places."
    )
    expect(page.locator("#id_summary")).to_have_value("LIS1 på Kalnes, så ALIS i en av kommunene.")
    for posting in postings:
        expect(page.get_by_label(re.compile(posting.title))).to_be_checked()
    assert_accessible(page, "track form with the coupling limit")

    places.fill("3")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Østfoldlegen")
    expect(page.locator("main")).to_contain_text(
        "LIS1 vår 2027, Sykehuset Østfold HF: 3 of 6 LIS1 posts coupled; the limit is 3 (50%)."
    )
    assert_accessible(page, "track saved within the limit")
