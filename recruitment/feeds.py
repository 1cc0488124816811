"""Machine-readable views of the board: Atom feed, iCalendar of deadlines, JSON-LD."""

import json
from datetime import timedelta

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import _json_script_escapes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import calendar as ics
from portal.clock import arrived
from recruitment import selectors
from recruitment.models import Posting

FEED_SIZE = 50


class LatestPostingsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Legeportalen – new postings")
    subtitle = gettext_lazy("Doctor posts from the hospital trust and the municipalities")

    def link(self):
        return reverse("recruitment:board")

    def get_object(self, request, *args, **kwargs):
        # The feed's "object" is the moment the request arrived: every item is judged open
        # or not at that moment (a Feed instance serves every request, so nothing is
        # kept on it).
        return arrived(request)

    def items(self, now):
        return selectors.open_postings(now).order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Posting) -> str:
        return f"{item.title} – {item.employer.name}"

    def item_description(self, item: Posting) -> str:
        if item.is_restplass():
            return f"{item.summary} ({_('Leftover post (restplass): open until filled')})"
        deadline = timezone.localtime(item.application_deadline()).strftime("%d.%m.%Y %H:%M")
        return f"{item.summary} ({_('Deadline')}: {deadline})"

    def item_pubdate(self, item: Posting):
        return item.published_at

    def item_updateddate(self, item: Posting):
        return item.updated_at

    def item_author_name(self, item: Posting) -> str:
        return item.employer.name

    def item_categories(self, item: Posting):
        return [item.get_kind_display()]


def deadlines_ics(request) -> HttpResponse:
    """One event per open posting, at its application deadline (its round's, for a posting
    in a round). A restplass has no deadline, so no event."""
    stamp = arrived(request)
    postings = selectors.open_postings(stamp).filter(restplass_now=False)
    entries = []
    for posting in postings.order_by("application_deadline_at", "pk")[:1000]:
        deadline = posting.application_deadline()
        entries.append(
            ics.Entry(
                uid=f"posting-{posting.pk}-deadline",
                summary=_("Deadline: %(title)s") % {"title": posting.title},
                starts_at=deadline,
                ends_at=deadline + timedelta(minutes=15),
                url=request.build_absolute_uri(posting.get_absolute_url()),
                location=posting.location or posting.municipality.name,
                lines=[f"{posting.employer.name}. {posting.summary}"],
            )
        )
    content = ics.ics(entries, name=_("Application deadlines – Legeportalen"), stamp=stamp)
    return ics.response(content, "legeportalen-frister.ics", inline=True)


EMPLOYMENT_TYPES = {
    "summer_job": "TEMPORARY",
    "observership": "INTERN",
    "lis0": "TEMPORARY",
}


def job_posting_jsonld(request, posting: Posting) -> str:
    """schema.org JobPosting, escaped for embedding in a <script> element."""
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description,
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.employer.name,
            "value": str(posting.pk),
        },
        "datePosted": (posting.published_at or posting.created_at).date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(
            posting.kind, "FULL_TIME" if posting.is_permanent else "TEMPORARY"
        ),
        "hiringOrganization": {"@type": "Organization", "name": posting.employer.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": posting.location or posting.municipality.name,
                "addressRegion": posting.municipality.name,
                "addressCountry": "NO",
            },
        },
        "totalJobOpenings": posting.number_of_posts,
        "url": request.build_absolute_uri(posting.get_absolute_url()),
    }
    if not posting.is_restplass():  # a restplass is open until filled: no end to state
        data["validThrough"] = timezone.localtime(posting.application_deadline()).isoformat()
    if posting.employer.website:
        data["hiringOrganization"]["sameAs"] = posting.employer.website
    if posting.start_date:
        data["jobStartDate"] = posting.start_date.isoformat()
    if posting.specialty:
        data["occupationalCategory"] = posting.get_specialty_display()
    return json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
