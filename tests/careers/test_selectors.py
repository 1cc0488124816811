from datetime import timedelta

from django.utils import timezone

from careers import selectors, services
from careers.models import ChecklistItem
from recruitment.models import PostingKind
from tests import factories
from tests.careers.factories import EventFactory


def test_overdue_onboarding_items_are_open_items_past_their_due_date(
    onboarding, recruiter, hospital, other_hospital, applicant
):
    today = timezone.localdate()
    late, done_late, *rest = onboarding.items.order_by("pk")
    ChecklistItem.objects.filter(pk__in=[late.pk, done_late.pk]).update(
        due_date=today - timedelta(days=1)
    )
    services.set_item_done(user=recruiter, item=done_late, done=True)
    ChecklistItem.objects.filter(pk=rest[0].pk).update(due_date=today)  # due today: not late
    elsewhere = services.start_onboarding(
        hire_user=applicant, organisation=other_hospital, start_date=today + timedelta(days=2)
    )
    assert [i.pk for i in selectors.overdue_onboarding_items([hospital.pk])] == [late.pk]
    assert set(selectors.overdue_onboarding_items([other_hospital.pk])) == set(
        elsewhere.items.filter(due_date__lt=today)
    )
    assert list(selectors.overdue_onboarding_items([])) == []


def test_overdue_items_cost_one_query(onboarding, hospital, django_assert_num_queries):
    ChecklistItem.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    with django_assert_num_queries(1):
        rows = [
            (i.title, i.onboarding.newcomer.email, i.onboarding.organisation.name)
            for i in selectors.overdue_onboarding_items([hospital.pk])
        ]
    assert len(rows) == 7


def test_staff_see_events_of_their_organisations_and_the_units_under_them(
    recruiter, hospital, health_community, other_hospital, municipality
):
    ward = factories.OrganisationFactory(name="Sykehuset Øst avd. Moss", parent=hospital)
    own = EventFactory(organisers=[ward])
    joint = EventFactory(organisers=[hospital, municipality])
    EventFactory(organisers=[other_hospital])
    assert set(selectors.events_for_staff(recruiter)) == {own, joint}


def test_open_posting_counts_are_per_stage(stages):
    factories.PostingFactory(kind=PostingKind.LIS1)
    factories.PostingFactory(kind=PostingKind.LIS1)
    factories.PostingFactory(kind=PostingKind.CONSULTANT)
    assert selectors.open_posting_counts(["lis1", "alis", "consultant"], timezone.now()) == {
        "lis1": 2,
        "consultant": 1,
    }
