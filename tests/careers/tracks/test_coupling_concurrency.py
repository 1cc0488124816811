"""Two tracks of one trust saved at the same moment, on real PostgreSQL connections: the
second waits for the first and then counts its places (careers.tracks.coupling)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from careers.models import Track
from careers.tracks import services
from tests import factories
from tests.careers.test_concurrency import in_thread
from tests.recruitment.factories import ApplicationRoundFactory


@pytest.fixture
def two_postings(transactional_db, trust_hospital, municipality):
    """Six LIS1 posts of the trust in one round: at most three coupled."""
    postings = [
        factories.PostingFactory(
            employer=trust_hospital, municipality=municipality, number_of_posts=n
        )
        for n in (3, 3)
    ]
    ApplicationRoundFactory(name="LIS1 vår 2027", postings=postings)
    return postings


def track(trust, name, places) -> Track:
    return Track(
        name=name,
        hospital_trust=trust,
        summary="LIS1 og så ALIS.",
        description="Et forutsigbart løp.",
        coupled_places=places,
    )


def test_a_second_track_waits_for_the_first_and_is_refused_once_it_commits(
    two_postings, trust, coordinator
):
    """Without the lock on the trust, each would see the other's places uncommitted, count
    two of three, and both would be saved: four coupled of six posts."""
    first_saved, release = threading.Event(), threading.Event()
    results = {}

    def hold_first():
        with transaction.atomic():
            saved = services.save_track(
                user=coordinator, track=track(trust, "Første", 2), postings=[two_postings[0]]
            )
            first_saved.set()
            release.wait(timeout=10)
        return saved

    holder = in_thread(hold_first, results, "first")
    holder.start()
    assert first_saved.wait(timeout=10)
    contender = in_thread(
        lambda: services.save_track(
            user=coordinator, track=track(trust, "Andre", 2), postings=[two_postings[1]]
        ),
        results,
        "second",
    )
    contender.start()
    contender.join(timeout=1)
    assert contender.is_alive(), "the second save must wait for the trust's lock"
    release.set()
    holder.join(timeout=10)
    contender.join(timeout=10)
    assert isinstance(results["first"], Track)
    assert isinstance(results["second"], ValidationError)
    assert (
        "Other tracks already couple 2, so this track can have at most 1 place."
        in (results["second"].message_dict["coupled_places"][0])
    )
    assert list(Track.objects.values_list("name", flat=True)) == ["Første"]
