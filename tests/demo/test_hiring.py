"""The employer workflow's demo data: every rule holds, and a second run adds nothing."""

from datetime import timedelta

from django.utils import timezone

from demo.hiring import seed_hiring_demo
from recruitment.hiring import selectors, services
from recruitment.hiring.models import InterviewBooking, Offer, PublicApplicantList
from recruitment.models import ApplicationRound
from tests import factories
from tests.recruitment.factories import ApplicationRoundFactory


def test_seed_hiring_demo(
    recruiter, hospital, municipality, lis1_round, candidates, make_application
):
    candidates(3)  # in the open round
    previous = factories.PostingFactory(
        title="LIS1 høsten 2026", employer=hospital, municipality=municipality, number_of_posts=4
    )
    autumn = ApplicationRoundFactory(name="LIS1 høst 2026", postings=[previous])
    for n in range(8):
        user = factories.UserFactory(full_name=f"Høst {n}")
        make_application(user, [previous], submit=True, round=autumn)
    past = timezone.now() - timedelta(days=150)
    ApplicationRound.objects.filter(pk=autumn.pk).update(
        opens_at=past - timedelta(days=50), closes_at=past
    )

    created = seed_hiring_demo(open_round=lis1_round.name, previous_round=autumn.name)

    assert created == {"waves": 5, "slots": 6, "offers": 4}
    assert lis1_round.offer_waves.count() == 5
    for wave in lis1_round.offer_waves.all():
        services.validate_wave_calendar(wave)  # the coordinator's rule holds, as saved
        assert wave.offers_at >= lis1_round.closes_at
        assert wave.marking_at == services.default_marking_at(wave.answer_by)
    assert InterviewBooking.objects.filter(cancelled_at__isnull=True).count() == 2
    fill = selectors.fill_state(previous)
    assert (fill.accepted, fill.free) == (2, 2)
    assert selectors.reserve_list(previous).exists()
    assert PublicApplicantList.objects.get(posting=previous).published_at is not None
    assert Offer.objects.filter(released_at__gt=timezone.now() - timedelta(days=30)).count() == 0
    assert seed_hiring_demo(open_round=lis1_round.name, previous_round=autumn.name) == {
        "waves": 0,
        "slots": 0,
        "offers": 0,
    }
