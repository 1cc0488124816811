from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from portal.models import Membership, Organisation, Unit, User
from recruitment.models import ContactPerson, Posting, PostingKind

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Faker("name", locale="no_NO")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisasjon {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.HOSPITAL


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Kommune {n}")
    kind = Organisation.Kind.MUNICIPALITY


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Avdeling {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.RECRUITER


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    title = factory.Sequence(lambda n: f"Lege i spesialisering {n}")
    kind = PostingKind.LIS1
    employer = factory.SubFactory(OrganisationFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    summary = "Vi søker leger til et godt fagmiljø."
    description = "Stillingen er en del av et helhetlig utdanningsløp i helsefellesskapet."
    round = None
    # A posting in a round takes the round's deadline and has none of its own.
    deadline = factory.LazyAttribute(
        lambda o: None if o.round else timezone.now() + timedelta(days=30)
    )
    start_date = factory.LazyAttribute(
        lambda o: ((o.deadline or o.round.closes_at) + timedelta(days=60)).date()
    )
    duration_months = 12
    number_of_posts = 2
    status = Posting.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    posting = factory.SubFactory(PostingFactory)
    name = "Kari Nordmann"
    phone = "+47 69 86 00 00"
