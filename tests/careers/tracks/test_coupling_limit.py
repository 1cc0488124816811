"""The coupling limit (DESIGN.md CT, issue 16): in a round, the LIS1 places that tracks
couple of one hospital trust are at most TRACK_COUPLING_LIMIT_PERCENT (50) per cent of that
trust's LIS1 posts in the round, rounded down. Tried at the boundary, across tracks and
trusts, and from the round's side (a posting removed, added or made smaller).

The round "LIS1 vår 2027" holds six LIS1 posts of Sykehuset Øst HF (four at its hospital
Kalnes, two employed by the trust itself), ten of another trust, four of a municipality
and a summer job of Kalnes: only the six count for Sykehuset Øst HF."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from careers.models import Track
from careers.tracks import coupling, services
from portal.models import Membership, Organisation
from recruitment import services as posting_services
from recruitment.applications import services as round_services
from recruitment.models import Posting
from tests import factories
from tests.careers.tracks.factories import make_track
from tests.conftest import with_mfa
from tests.recruitment.factories import ApplicationRoundFactory, put_in_round

HALF_OF_SIX = (
    "Sykehuset Øst HF has 6 LIS1 posts in “LIS1 vår 2027”; at most 3 may be coupled (50%)."
)


@pytest.fixture
def kalnes_posting(trust_hospital, municipality):
    return factories.PostingFactory(
        title="LIS1 Kalnes indremedisin",
        employer=trust_hospital,
        municipality=municipality,
        number_of_posts=4,
    )


@pytest.fixture
def trust_posting(trust, municipality):
    """Employed by the trust itself, not by one of its hospitals."""
    return factories.PostingFactory(
        title="LIS1 Sykehuset Øst psykiatri",
        employer=trust,
        municipality=municipality,
        number_of_posts=2,
    )


@pytest.fixture
def other_trust(health_community):
    return factories.OrganisationFactory(
        name="Sykehuset Vest HF", kind=Organisation.Kind.HOSPITAL_TRUST, parent=health_community
    )


@pytest.fixture
def other_trust_posting(other_trust, municipality):
    hospital = factories.OrganisationFactory(name="Sykehuset Vest Ås", parent=other_trust)
    return factories.PostingFactory(
        title="LIS1 Ås", employer=hospital, municipality=municipality, number_of_posts=10
    )


@pytest.fixture
def spring(kalnes_posting, trust_posting, other_trust_posting, trust_hospital, municipality):
    municipal = factories.PostingFactory(
        title="LIS1 Fjordby legekontor",
        employer=municipality,
        municipality=municipality,
        number_of_posts=4,
    )
    summer = factories.PostingFactory(
        title="Sommerjobb Kalnes",
        kind="summer_job",
        employer=trust_hospital,
        municipality=municipality,
        number_of_posts=9,
    )
    return ApplicationRoundFactory(
        name="LIS1 vår 2027",
        postings=[kalnes_posting, trust_posting, other_trust_posting, municipal, summer],
    )


def new_track(user, trust, postings, places, name="Østlegen") -> Track:
    track = Track(
        name=name,
        hospital_trust=trust,
        summary="LIS1 og så ALIS.",
        description="Et forutsigbart løp.",
        coupled_places=places,
        status=Track.Status.DRAFT,
    )
    return services.save_track(user=user, track=track, postings=postings)


def refusal(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.message_dict["coupled_places"]


def figures(trust, round) -> coupling.Coupling:
    (found,) = [c for c in coupling.couplings(trust_ids=[trust.pk]) if c.round_id == round.pk]
    return found


# --- What counts -----------------------------------------------------------------------------


def test_a_trusts_posts_are_its_own_and_its_hospitals_lis1_posts_in_the_round(
    trust, spring, other_trust
):
    mine = figures(trust, spring)
    assert (mine.trust_name, mine.round_name, mine.lis1_posts, mine.allowed) == (
        "Sykehuset Øst HF",
        "LIS1 vår 2027",
        6,  # 4 at Kalnes + 2 of the trust; not the municipality's 4, not the summer job
        3,
    )
    assert figures(other_trust, spring).lis1_posts == 10


def test_a_municipalitys_lis1_posts_and_a_hospital_without_a_trust_count_for_no_trust(
    spring, hospital, municipality
):
    # "Sykehuset Øst" (the shared fixture) has the health community as its parent, no trust.
    put_in_round(
        spring,
        [factories.PostingFactory(employer=hospital, municipality=municipality, number_of_posts=5)],
    )
    assert {c.trust_name for c in coupling.couplings(round_ids=[spring.pk])} == {
        "Sykehuset Øst HF",
        "Sykehuset Vest HF",
    }


def test_the_trust_of_an_employer(trust, trust_hospital, hospital, municipality):
    assert coupling.trust_of(trust) == trust
    assert coupling.trust_of(trust_hospital) == trust
    assert coupling.trust_of(hospital) is None
    assert coupling.trust_of(municipality) is None


def test_the_figures_take_three_queries_however_many_rounds_trusts_and_tracks(
    coordinator,
    trust,
    other_trust,
    spring,
    kalnes_posting,
    other_trust_posting,
    trust_hospital,
    django_assert_num_queries,
):
    new_track(coordinator, trust, [kalnes_posting], places=2)
    new_track(coordinator, other_trust, [other_trust_posting], places=2, name="Vestlegen")
    for n in range(3):
        posting = factories.PostingFactory(employer=trust_hospital, number_of_posts=4)
        ApplicationRoundFactory(name=f"LIS1 høst {2030 + n}", postings=[posting])
        new_track(coordinator, trust, [posting], places=1, name=f"Høstlegen {n}")
    with django_assert_num_queries(3):
        found = coupling.couplings()
    assert len(found) == 5


# --- Saving a track --------------------------------------------------------------------------


def test_exactly_half_may_be_coupled(coordinator, trust, spring, kalnes_posting, trust_posting):
    track = new_track(coordinator, trust, [kalnes_posting, trust_posting], places=3)
    assert figures(trust, spring).coupled == 3
    assert Track.objects.get(pk=track.pk).coupled_places == 3


def test_one_more_than_half_is_refused_with_the_numbers(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    with pytest.raises(ValidationError) as error:
        new_track(coordinator, trust, [kalnes_posting, trust_posting], places=4)
    assert refusal(error) == [f"{HALF_OF_SIX} This track can have at most 3 places."]
    assert not Track.objects.exists()


def test_the_issues_twenty_places_on_six_posts_are_refused(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    with pytest.raises(ValidationError, match="at most 3 places"):
        new_track(coordinator, trust, [kalnes_posting, trust_posting], places=20)


def test_an_odd_number_of_posts_rounds_down(coordinator, trust, spring, kalnes_posting):
    Posting.objects.filter(pk=kalnes_posting.pk).update(number_of_posts=5)  # 5 + 2 = 7
    assert figures(trust, spring).allowed == 3
    with pytest.raises(ValidationError) as error:
        new_track(coordinator, trust, [kalnes_posting], places=4)
    assert refusal(error) == [
        "Sykehuset Øst HF has 7 LIS1 posts in “LIS1 vår 2027”; at most 3 may be coupled "
        "(50%). This track can have at most 3 places."
    ]
    new_track(coordinator, trust, [kalnes_posting], places=3)


def test_tracks_of_one_trust_in_one_round_share_the_limit(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    new_track(coordinator, trust, [trust_posting], places=1, name="Psykiatrilegen")
    with pytest.raises(ValidationError) as error:
        new_track(coordinator, trust, [kalnes_posting], places=3)
    assert refusal(error) == [
        f"{HALF_OF_SIX} Other tracks already couple 1, so this track can have at most 2 places."
    ]
    new_track(coordinator, trust, [kalnes_posting], places=2)
    assert figures(trust, spring).coupled == 3


def test_when_other_tracks_use_the_whole_limit_the_track_cannot_cover_the_round(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    new_track(coordinator, trust, [kalnes_posting], places=3, name="Kalneslegen")
    with pytest.raises(ValidationError) as error:
        new_track(coordinator, trust, [trust_posting], places=1)
    assert refusal(error) == [
        f"{HALF_OF_SIX} Other tracks already couple 3, so this track cannot cover postings "
        "of this round."
    ]


def test_a_single_post_cannot_be_coupled_at_half(coordinator, trust, trust_hospital):
    lone = factories.PostingFactory(employer=trust_hospital, number_of_posts=1)
    ApplicationRoundFactory(name="LIS1 høst 2027", postings=[lone])
    with pytest.raises(ValidationError) as error:
        new_track(coordinator, trust, [lone], places=1)
    assert refusal(error) == [
        "Sykehuset Øst HF has 1 LIS1 post in “LIS1 høst 2027”; at most 0 may be coupled "
        "(50%). This track therefore cannot cover postings of this round."
    ]


def test_another_trusts_posts_and_tracks_do_not_count(
    coordinator, trust, other_trust, spring, kalnes_posting, other_trust_posting
):
    # Sixteen trust posts in the round, but only six are Sykehuset Øst HF's.
    new_track(coordinator, other_trust, [other_trust_posting], places=5, name="Vestlegen")
    with pytest.raises(ValidationError, match="at most 3 places"):
        new_track(coordinator, trust, [kalnes_posting], places=4)
    new_track(coordinator, trust, [kalnes_posting], places=3)  # Vestlegen's 5 are not ours


def test_a_track_couples_no_more_than_it_covers_in_the_round(
    coordinator, trust, spring, trust_posting
):
    # Ten places over a two-post posting couple two posts of this round.
    new_track(coordinator, trust, [trust_posting], places=10)
    assert figures(trust, spring).coupled == 2


def test_the_limit_is_a_setting(settings, coordinator, trust, spring, kalnes_posting):
    settings.TRACK_COUPLING_LIMIT_PERCENT = 40  # 40 % of 6 is 2.4: two
    with pytest.raises(ValidationError) as error:
        new_track(coordinator, trust, [kalnes_posting], places=3)
    assert refusal(error) == [
        "Sykehuset Øst HF has 6 LIS1 posts in “LIS1 vår 2027”; at most 2 may be coupled "
        "(40%). This track can have at most 2 places."
    ]
    new_track(coordinator, trust, [kalnes_posting], places=2)


def test_changing_a_tracks_postings_is_held_to_the_limit(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    new_track(coordinator, trust, [kalnes_posting], places=2, name="Kalneslegen")
    track = new_track(coordinator, trust, [], places=2)  # in no round yet
    track.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.save_track(user=coordinator, track=track, postings=[trust_posting])
    assert refusal(error) == [
        f"{HALF_OF_SIX} Other tracks already couple 2, so this track can have at most 1 place."
    ]
    assert not Track.objects.get(pk=track.pk).postings.exists()
    track.coupled_places = 1
    services.save_track(user=coordinator, track=track, postings=[trust_posting])
    assert figures(trust, spring).coupled == 3


def test_each_round_a_track_covers_is_checked(coordinator, trust, spring, trust_hospital):
    autumn_posting = factories.PostingFactory(employer=trust_hospital, number_of_posts=2)
    ApplicationRoundFactory(name="LIS1 høst 2027", postings=[autumn_posting])
    with pytest.raises(ValidationError) as error:
        new_track(coordinator, trust, [autumn_posting], places=2)
    assert refusal(error) == [
        "Sykehuset Øst HF has 2 LIS1 posts in “LIS1 høst 2027”; at most 1 may be coupled "
        "(50%). This track can have at most 1 place."
    ]


def test_postings_outside_any_round_are_not_limited(coordinator, trust, trust_hospital):
    direct = factories.PostingFactory(employer=trust_hospital, number_of_posts=2)
    assert new_track(coordinator, trust, [direct], places=2).pk


def test_a_round_over_the_limit_from_before_may_be_edited_but_not_made_worse(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    """Figures saved before the rule (or in the admin) stay until someone lowers them; the
    coordinator's list shows them, and no change may add to the excess."""
    track = make_track(trust=trust, postings=[kalnes_posting], coupled_places=4)
    assert figures(trust, spring).over_limit
    track.summary = "Ny tekst."
    services.save_track(user=coordinator, track=track, postings=[kalnes_posting])
    track.coupled_places = 5
    with pytest.raises(ValidationError, match="at most 3 places"):
        services.save_track(user=coordinator, track=track, postings=[kalnes_posting, trust_posting])
    track.coupled_places = 3
    services.save_track(user=coordinator, track=track, postings=[kalnes_posting])
    assert not figures(trust, spring).over_limit


# --- The round's side ------------------------------------------------------------------------


def test_removing_a_posting_that_would_push_the_round_over_is_refused(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    new_track(coordinator, trust, [kalnes_posting], places=3)
    with pytest.raises(ValidationError) as error:
        round_services.remove_posting_from_round(
            user=coordinator, round=spring, posting=trust_posting
        )
    assert error.value.messages == [
        "Sykehuset Øst HF would then have 4 LIS1 posts in “LIS1 vår 2027”; at most 2 may be "
        "coupled (50%), but its tracks couple 3 (Østlegen). Lower their coupled places first."
    ]
    assert Posting.objects.get(pk=trust_posting.pk).round_id == spring.pk


def test_removing_a_posting_within_the_limit_is_allowed(
    coordinator, trust, spring, kalnes_posting, trust_posting
):
    new_track(coordinator, trust, [kalnes_posting], places=2)
    round_services.remove_posting_from_round(user=coordinator, round=spring, posting=trust_posting)
    assert figures(trust, spring).allowed == 2


def test_adding_a_coupled_posting_that_would_push_the_round_over_is_refused(
    coordinator, trust, spring, kalnes_posting, trust_hospital, municipality
):
    new_track(coordinator, trust, [kalnes_posting], places=3)
    extra = factories.PostingFactory(
        employer=trust_hospital, municipality=municipality, number_of_posts=2
    )
    new_track(coordinator, trust, [extra], places=2, name="Ekstralegen")  # in no round yet
    with pytest.raises(ValidationError, match=r"would then have 8 LIS1 posts .* couple 5"):
        round_services.add_postings_to_round(user=coordinator, round=spring, postings=[extra])
    assert Posting.objects.get(pk=extra.pk).round_id is None


@pytest.fixture
def kalnes_recruiter(trust_hospital):
    user = with_mfa(factories.UserFactory(email="rekrutterer@kalnes.no"))
    factories.MembershipFactory(
        user=user, organisation=trust_hospital, role=Membership.Role.RECRUITER
    )
    return user


def test_lowering_a_postings_number_of_posts_past_the_limit_is_refused(
    coordinator, kalnes_recruiter, trust, spring, kalnes_posting, trust_posting
):
    new_track(coordinator, trust, [trust_posting], places=2)
    kalnes_posting.number_of_posts = 3  # 3 + 2 = 5 posts: at most 2 coupled; still fine
    posting_services.save_posting(user=kalnes_recruiter, posting=kalnes_posting)
    kalnes_posting.number_of_posts = 1  # 1 + 2 = 3 posts: at most 1
    with pytest.raises(ValidationError, match=r"would then have 3 LIS1 posts .* couple 2"):
        posting_services.save_posting(user=kalnes_recruiter, posting=kalnes_posting)
    assert Posting.objects.get(pk=kalnes_posting.pk).number_of_posts == 3


# --- Pages -----------------------------------------------------------------------------------


def test_the_track_form_shows_the_limit_and_keeps_what_was_typed(
    login, coordinator, trust, spring, kalnes_posting, trust_posting
):
    response = login(coordinator).post(
        reverse("careers:track_create"),
        {
            "name": "Østlegen",
            "hospital_trust": trust.pk,
            "summary": "LIS1 og så ALIS i kommunen.",
            "description": "Et forutsigbart løp fra LIS1 til spesialist.",
            "postings": [kalnes_posting.pk, trust_posting.pk],
            "coupled_places": 4,
            "status": "draft",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{HALF_OF_SIX} This track can have at most 3 places." in html
    assert 'name="coupled_places" value="4"' in html
    assert 'value="LIS1 og så ALIS i kommunen."' in html
    assert "Et forutsigbart løp fra LIS1 til spesialist." in html
    assert re.search(rf'value="{kalnes_posting.pk}"[^>]*checked', html)
    assert not Track.objects.exists()


def test_the_posting_form_shows_the_limit_and_keeps_what_was_typed(
    login, coordinator, kalnes_recruiter, trust, spring, kalnes_posting, trust_posting
):
    new_track(coordinator, trust, [trust_posting], places=2)
    form = {
        "title": kalnes_posting.title,
        "kind": kalnes_posting.kind,
        "employer": kalnes_posting.employer_id,
        "municipality": kalnes_posting.municipality_id,
        "summary": "Endret ingress.",
        "description": kalnes_posting.description,
        "start_date": kalnes_posting.start_date.isoformat(),
        "duration_months": 12,
        "number_of_posts": 1,
        "contacts-TOTAL_FORMS": 0,
        "contacts-INITIAL_FORMS": 0,
    }
    response = login(kalnes_recruiter).post(
        reverse("recruitment:edit_posting", args=[kalnes_posting.pk]), form
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "would then have 3 LIS1 posts in “LIS1 vår 2027”" in html
    assert "Endret ingress." in html
    assert Posting.objects.get(pk=kalnes_posting.pk).number_of_posts == 4


def test_the_coordinators_list_shows_a_round_over_the_limit(
    login, coordinator, trust, spring, kalnes_posting
):
    make_track(trust=trust, postings=[kalnes_posting], coupled_places=4)  # saved before the rule
    html = login(coordinator).get(reverse("careers:manage_tracks")).content.decode()
    assert (
        "Sykehuset Øst HF couples 4 of its 6 LIS1 posts in “LIS1 vår 2027”; at most 3 may be "
        "coupled (50%)."
    ) in html


def test_the_track_page_shows_each_rounds_figures(
    login, coordinator, trust, spring, kalnes_posting
):
    track = new_track(coordinator, trust, [kalnes_posting], places=2)
    html = login(coordinator).get(reverse("careers:manage_track", args=[track.pk])).content
    assert (
        "LIS1 vår 2027, Sykehuset Øst HF: 2 of 6 LIS1 posts coupled; the limit is 3 (50%)."
    ) in html.decode()
