"""Reads of recruitment data that other views and apps may use."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from portal import permissions
from recruitment.models import Posting

SEARCH_CONFIG = "norwegian"


def search_postings(queryset: QuerySet[Posting], text: str) -> QuerySet[Posting]:
    """Full-text search in Norwegian (stemmed: "allmennlege" finds "allmennleger").

    On PostgreSQL this uses the trigger-maintained ``search_vector`` and its GIN index; the
    embedded SQLite default falls back to a plain substring match.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    words = text.split()
    for word in words:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(employer__name__icontains=word)
        )
    return queryset


def board_postings() -> QuerySet[Posting]:
    """Everything the public board may list (published, open or past deadline)."""
    return Posting.objects.published().with_related()


def public_posting(slug: str) -> Posting:
    """A posting's public page: published or closed postings answer; drafts do not."""
    return get_object_or_404(
        Posting.objects.publicly_visible().with_related().prefetch_related("contacts"), slug=slug
    )


def open_postings() -> QuerySet[Posting]:
    return Posting.objects.open().with_related()


def postings_for_staff(user) -> QuerySet[Posting]:
    """Postings the user may manage: their organisations' own, or all for the coordinator."""
    if permissions.is_coordinator(user):
        return Posting.objects.with_related()
    return Posting.objects.with_related().filter(
        employer__in=permissions.acting_organisations(user)
    )


def posting_for_staff(user, pk: int) -> Posting:
    """404 for anyone who may not manage the posting."""
    return get_object_or_404(postings_for_staff(user).prefetch_related("contacts"), pk=pk)
