"""Factories for the application portal (rounds, profiles, documents, applications)."""

import zlib
from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from recruitment.models import (
    ApplicantProfile,
    Application,
    ApplicationRound,
    Choice,
    Document,
    LanguageLevel,
    LicenceStatus,
    Posting,
)
from tests.factories import UserFactory


def pdf_bytes(extra: bytes = b"", stream: bytes | None = None) -> bytes:
    """A small, valid one-page PDF; ``extra`` goes into the catalogue dictionary and
    ``stream`` (if given) is stored Flate-compressed, as object streams are."""
    objects = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + extra + b" >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n",
    ]
    if stream is not None:
        packed = zlib.compress(stream)
        objects.append(
            b"4 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream\nendobj\n"
        )
    return b"%PDF-1.7\n" + b"".join(objects) + b"trailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n"


class ApplicationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"LIS1 høst {2027 + n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    max_choices = 5
    documents_required = False

    @factory.post_generation
    def postings(self, create, extracted, **kwargs):
        """The postings join the round and take its deadline, as on the round page."""
        if create and extracted:
            put_in_round(self, extracted)


def put_in_round(round: ApplicationRound, postings) -> None:
    postings = list(postings)
    Posting.objects.filter(pk__in=[p.pk for p in postings]).update(round=round, deadline=None)
    for posting in postings:
        posting.round, posting.deadline = round, None


class ApplicantProfileFactory(factory.django.DjangoModelFactory):
    """A profile with everything required for submitting filled in."""

    class Meta:
        model = ApplicantProfile

    user = factory.SubFactory(UserFactory)
    phone = "+47 900 00 000"
    university = "Universitetet i Oslo"
    education_country = "Norge"
    graduation_date = date(2027, 6, 15)
    licence_status = LicenceStatus.STUDENT
    norwegian_level = LanguageLevel.NATIVE


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    owner = factory.SubFactory(UserFactory)
    kind = Document.Kind.CV
    title = "cv.pdf"
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="upload.pdf"))
    size = factory.LazyAttribute(lambda d: d.file.size)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applicant = factory.SubFactory(UserFactory)
    round = factory.SubFactory(ApplicationRoundFactory)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    application = factory.SubFactory(ApplicationFactory)
    rank = factory.Sequence(lambda n: n + 1)
