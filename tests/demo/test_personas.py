"""After ``seed_demo``, each persona's pages show every capability with real content.

The region is seeded once for the module (``seeded_demo``); each test logs a demo persona
in and reads the page that shows a capability, as that persona would.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from careers.models import Invitation, Onboarding, Placement, Track, TrackConsent
from careers.tracks import selectors as track_selectors
from demo.data import surveys as survey_data
from demo.data.rounds import OPEN_ROUND, PREVIOUS_ROUND, SUMMER_ROUND
from demo.data.users import APPLICANT_EMAIL
from feedback import selectors as feedback_selectors
from feedback.models import Campaign
from portal.models import Organisation, User
from recruitment.applications import services as application_services
from recruitment.hiring.models import Offer
from recruitment.letters.models import Letter
from recruitment.models import Application, ApplicationRound, JobAlert, Posting
from tests.recruitment.editor import editor_url

COORDINATOR = "coordinator@demo.legeportalen.no"
RECRUITER = "rekrutterer@demo.legeportalen.no"
MUNICIPAL_RECRUITER = "kommune@demo.legeportalen.no"
CHIEF_PHYSICIAN = "kommuneoverlege@demo.legeportalen.no"

Status = Invitation.Status


@pytest.fixture
def demo(seeded_demo, client):
    """Log a demo persona (or any seeded person) in by e-mail address."""

    def _as(email):
        client.force_login(User.objects.get(email=email))
        return client

    return _as


@pytest.fixture
def sarpsborg_pool(seeded_demo):
    track = Track.objects.get(slug="ostfoldlegen")
    chief = User.objects.get(email=CHIEF_PHYSICIAN)
    municipality = Organisation.objects.get(memberships__user=chief)
    return track, municipality


# --- Municipal chief physician (CT) -----------------------------------------------------


def test_the_chief_physician_sees_a_pool_of_consenting_lis1_hires(demo, sarpsborg_pool):
    track, municipality = sarpsborg_pool
    response = demo(CHIEF_PHYSICIAN).get(
        reverse("careers:track_pool", args=[track.pk, municipality.pk])
    )
    assert response.status_code == 200
    candidates = response.context["candidates"]
    assert len(candidates) >= 5
    for candidate in candidates:
        # Accepted a LIS1 post the track covers, and consented: the pool rule, as it is.
        assert candidate.lis1_posting
        assert TrackConsent.objects.filter(
            candidate_id=candidate.id, track=track, ended_at__isnull=True
        ).exists()
        assert candidate.name in response.content.decode()


def test_the_chief_physicians_invitations_are_in_every_state(demo, sarpsborg_pool):
    track, municipality = sarpsborg_pool
    response = demo(CHIEF_PHYSICIAN).get(
        reverse("careers:track_invitations", args=[track.pk, municipality.pk])
    )
    shown = {invitation.status for invitation in response.context["page"]}
    # A candidate who withdrew consent leaves the municipality's view at once; the
    # invitation ended with it is in the database, and nowhere on the page.
    assert shown == set(Status.values) - {Status.WITHDRAWN}
    withdrawn = Invitation.objects.get(track=track, status=Status.WITHDRAWN)
    assert withdrawn.candidate.full_name not in response.content.decode()
    assert Invitation.objects.filter(track=track, outcome=Invitation.Outcome.ACCEPTED).exists()


def test_the_chief_physician_sees_the_placement(demo, sarpsborg_pool):
    track, municipality = sarpsborg_pool
    response = demo(CHIEF_PHYSICIAN).get(reverse("careers:placements"))
    placements = list(response.context["page"])
    assert len(placements) == 1
    placement = placements[0]
    assert (placement.track, placement.municipality) == (track, municipality)
    assert placement.lis1_posting == track_selectors.accepted_lis1_posting(
        track, placement.candidate_id
    )
    assert placement.candidate.full_name in response.content.decode()


def test_the_placed_doctor_sees_the_whole_path(demo, sarpsborg_pool):
    placement = Placement.objects.get()
    response = demo(placement.candidate.email).get(reverse("careers:my_path"))
    assert response.status_code == 200
    page = response.content.decode()
    assert sarpsborg_pool[1].name in page
    assert placement.track.name in page


# --- Coordinator (DB, FB) ---------------------------------------------------------------


def survey_rows(client) -> list[list[str]]:
    response = client.get(reverse("dashboard:coordinator_export", args=["surveys", "csv"]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def is_figure(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_the_coordinators_dashboard_shows_results_over_k_and_hides_those_under(demo):
    client = demo(COORDINATOR)
    assert client.get(reverse("dashboard:coordinator")).status_code == 200
    rows = survey_rows(client)
    answered = 5  # column: how many answered (hidden under k)
    by_campaign: dict[str, list[list[str]]] = {}
    for row in rows:
        by_campaign.setdefault(row[0], []).append(row)
    assert set(by_campaign) == {plan.title for plan in survey_data.CAMPAIGNS}
    figures = {
        title: [is_figure(row[answered]) for row in campaign_rows]
        for title, campaign_rows in by_campaign.items()
    }
    # Each campaign's total as the k rule (feedback.selectors) decides it, read from there.
    for overview in feedback_selectors.survey_overview():
        total = overview.group(feedback_selectors.TOTAL)
        assert figures[overview.title][0] == (not total.answered.hidden)
    assert figures["LIS1-undersøkelsen høsten 2026"][0]  # results for the campaign
    assert not any(figures["Sluttundersøkelsen 2026"])  # too few answers, everywhere
    alis = figures["ALIS-undersøkelsen 2026"]
    assert any(alis)
    assert not all(alis)


def test_the_results_page_shows_figures_for_one_campaign_and_too_few_for_another(demo):
    client = demo(COORDINATOR)
    shown = Campaign.objects.get(title="LIS1-undersøkelsen høsten 2026")
    response = client.get(reverse("feedback:campaign_results", args=[shown.pk]))
    total = response.context["results"].group(feedback_selectors.TOTAL)
    assert not total.cell.hidden
    assert total.cell.n >= shown.k

    too_few = Campaign.objects.get(title="Sluttundersøkelsen 2026")
    response = client.get(reverse("feedback:campaign_results", args=[too_few.pk]))
    total = response.context["results"].group(feedback_selectors.TOTAL)
    assert total.cell.hidden
    assert response.context["selected"].cell.hidden


def test_the_coordinator_sees_the_coupled_track_funnel(demo):
    (totals,) = track_selectors.coupled_track_totals()
    assert totals.placed == 1
    assert totals.invited >= 6
    page = demo(COORDINATOR).get(reverse("careers:manage_tracks")).content.decode()
    assert "Østfoldlegen" in page


# --- Employers (EW, CR) -----------------------------------------------------------------


def test_the_recruiter_sees_offers_in_several_states_and_the_reserve_list(demo):
    previous = ApplicationRound.objects.get(name=PREVIOUS_ROUND)
    posting = Posting.objects.get(round=previous, employer__kind=Organisation.Kind.HOSPITAL)
    response = demo(RECRUITER).get(reverse("recruitment:hiring_offers", args=[posting.pk]))
    states = {offer.status for offer in response.context["offers"]}
    assert {Offer.Status.ACCEPTED, Offer.Status.DECLINED, Offer.Status.EXPIRED} <= states
    assert response.context["reserve"]
    assert response.context["fill"].free > 0


def test_the_coordinator_sees_the_open_rounds_wave_calendar(demo):
    open_round = ApplicationRound.objects.get(name=OPEN_ROUND)
    response = demo(COORDINATOR).get(reverse("recruitment:hiring_waves", args=[open_round.pk]))
    assert len(response.context["waves"]) == 5


def test_the_recruiter_sees_onboardings_under_way(demo):
    response = demo(RECRUITER).get(reverse("careers:manage_onboardings"))
    onboardings = list(response.context["page"])
    assert onboardings
    assert any(0 < o.done_count < o.item_count for o in onboardings)
    assert any(o.done_count == 0 for o in onboardings)


def test_the_municipal_recruiter_sees_buddies_assigned(demo):
    response = demo(MUNICIPAL_RECRUITER).get(reverse("careers:manage_onboardings"))
    onboardings = list(response.context["page"])
    assert onboardings
    assert all(o.buddy is not None for o in onboardings)
    newcomer = onboardings[0].newcomer
    page = demo(newcomer.email).get(reverse("careers:my_onboarding")).content.decode()
    assert onboardings[0].buddy.full_name in page


def test_letters_reached_the_applicants_who_got_no_offer(demo):
    letter = Letter.objects.select_related("choice__application").order_by("pk").first()
    assert letter is not None
    # "The post is filled" goes to those who hold no offer (one declined or expired is over).
    assert not Offer.objects.filter(choice=letter.choice, status__in=Offer.Status.live()).exists()
    application = letter.choice.application
    page = demo(application.applicant.email).get(application.get_absolute_url()).content.decode()
    assert letter.subject in page


# --- The demo applicant (AP, JB, CR) -----------------------------------------------------


def test_the_demo_applicant_can_submit(demo):
    client = demo(APPLICANT_EMAIL)
    draft = Application.objects.get(applicant__email=APPLICANT_EMAIL, round__name=SUMMER_ROUND)
    assert application_services.submission_problems(draft) == []
    client.post(editor_url(draft, "submit"), {"motivation": "Jeg søker."})
    draft.refresh_from_db()
    assert draft.status == Application.Status.SUBMITTED


def test_the_demo_applicant_has_an_offer_to_answer(demo):
    response = demo(APPLICANT_EMAIL).get(reverse("recruitment:my_offers"))
    (offer,) = response.context["open_offers"]
    assert offer.respond_by > offer.released_at
    assert offer.choice.posting.title in response.content.decode()


def test_the_demo_applicant_has_job_alerts_that_match_postings(demo):
    response = demo(APPLICANT_EMAIL).get(reverse("recruitment:my_alerts"))
    assert len(response.context["rows"]) == 2
    alerts = JobAlert.objects.filter(user__email=APPLICANT_EMAIL, confirmed_at__isnull=False)
    assert alerts.count() == 2


def test_the_demo_applicant_sees_events_to_register_for(demo):
    response = demo(APPLICANT_EMAIL).get(reverse("careers:event_list"))
    assert response.status_code == 200
    assert "Karrieredag for LIS1" in response.content.decode()


# --- The whole demo ----------------------------------------------------------------------


def test_seeding_mails_no_one_real(seeded_demo):
    """What the services sent while seeding went to demo logins and fictional people only."""
    recipients = {address for message in seeded_demo for address in message.recipients()}
    assert recipients
    assert all(
        address.endswith(("@demo.legeportalen.no", "@legeportalen.example"))
        for address in recipients
    )


def test_seeding_again_changes_nothing(seeded_demo):
    models = (Invitation, Placement, TrackConsent, Onboarding, Letter, JobAlert, Campaign, Offer)

    def counts():
        return {
            **{model.__name__: model.objects.count() for model in models},
            "buddies": Onboarding.objects.exclude(buddy=None).count(),
            "items done": Onboarding.objects.filter(items__done_at__isnull=False).count(),
            "invitation states": sorted(Invitation.objects.values_list("status", flat=True)),
        }

    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
