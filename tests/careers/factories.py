from datetime import timedelta

import factory
from django.utils import timezone

from careers.models import Event, EventKind, Registration


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.INFORMATION_EVENING
    title = factory.Sequence(lambda n: f"Informasjonskveld {n}")
    description = "Om LIS1, sommerjobb og hospitering i regionen."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Sykehuset Øst, auditoriet"
    capacity = 20

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.set(extracted)

    @factory.post_generation
    def target_stages(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_stages.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
