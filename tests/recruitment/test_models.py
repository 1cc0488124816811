import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from recruitment.models import Posting
from tests import factories


@pytest.mark.parametrize(
    ("field", "value"),
    [("number_of_posts", 0), ("duration_months", 0)],
)
def test_posting_numbers_must_be_positive(db, field, value):
    posting = factories.PostingFactory()
    setattr(posting, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        posting.save()


def test_published_posting_needs_a_publication_time(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PostingFactory(status=Posting.Status.PUBLISHED, published_at=None)


def test_closed_posting_needs_a_closing_time(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PostingFactory(status=Posting.Status.CLOSED, closed_at=None)


def test_unknown_kind_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PostingFactory(kind="astronaut")


def test_slug_is_generated_and_unique(db):
    first = factories.PostingFactory(title="LIS1 ved Kalnes")
    second = factories.PostingFactory(title="LIS1 ved Kalnes")
    assert first.slug.startswith("lis1-ved-kalnes-")
    assert first.slug != second.slug


def test_contact_person_needs_phone_or_email(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ContactPersonFactory(phone="", email="")


def test_unit_names_are_unique_within_an_organisation(db, hospital):
    factories.UnitFactory(organisation=hospital, name="Akuttmottak")
    factories.UnitFactory(name="Akuttmottak")  # another organisation may use the name
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.UnitFactory(organisation=hospital, name="Akuttmottak")


def test_membership_role_is_unique_per_organisation(db, recruiter, hospital):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.MembershipFactory(user=recruiter, organisation=hospital)


def test_open_queryset_excludes_drafts_closed_and_past_deadline(db):
    now = timezone.now()
    open_posting = factories.PostingFactory()
    factories.PostingFactory(status=Posting.Status.DRAFT, published_at=None)
    factories.PostingFactory(status=Posting.Status.CLOSED, closed_at=now)
    factories.PostingFactory(deadline=now - timezone.timedelta(days=1))
    assert list(Posting.objects.open(now)) == [open_posting]


def test_search_vector_has_a_gin_index_and_is_kept_by_the_trigger(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'recruitment_posting_search_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition
    posting = factories.PostingFactory(title="Overlege i psykiatri")
    posting.refresh_from_db()
    assert "psykiatri" in posting.search_vector
    Posting.objects.filter(pk=posting.pk).update(title="Overlege i radiologi")
    posting.refresh_from_db()
    assert "radiologi" in posting.search_vector
