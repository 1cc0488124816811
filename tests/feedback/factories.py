from datetime import timedelta

import factory
from django.utils import timezone

from feedback.models import Campaign, Invitation, SurveyTemplate
from tests.factories import UnitFactory


def latest_version(slug: str):
    return SurveyTemplate.objects.get(slug=slug).versions.order_by("-number").first()


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign of the seeded LIS1 template."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    version = factory.LazyFunction(lambda: latest_version("lis1-rotation"))
    title = factory.Sequence(lambda n: f"LIS1 høst {2020 + n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create:
            self.units.set(extracted if extracted is not None else [UnitFactory()])


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    campaign = factory.SubFactory(CampaignFactory)
    unit = factory.LazyAttribute(lambda o: o.campaign.units.first())
    email = factory.Sequence(lambda n: f"lege{n}@example.no")
