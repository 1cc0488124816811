"""Machine-readable views of the board: Atom feed, iCalendar of deadlines, JSON-LD."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import _json_script_escapes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from recruitment import selectors
from recruitment.models import Posting

FEED_SIZE = 50


class LatestPostingsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Legeportalen – new postings")
    subtitle = gettext_lazy("Doctor posts from the hospital trust and the municipalities")

    def link(self):
        return reverse("recruitment:board")

    def items(self):
        return selectors.open_postings().order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Posting) -> str:
        return f"{item.title} – {item.employer.name}"

    def item_description(self, item: Posting) -> str:
        deadline = timezone.localtime(item.deadline).strftime("%d.%m.%Y %H:%M")
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
    """One all-day-agnostic event per open posting, at its deadline."""
    calendar = Calendar()
    calendar.add("prodid", "-//Legeportalen//Application deadlines//NB")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Application deadlines – Legeportalen"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for posting in selectors.open_postings().order_by("deadline", "pk")[:1000]:
        event = Event()
        event.add("uid", f"posting-{posting.pk}-deadline@legeportalen")
        event.add("dtstamp", stamp)
        event.add("summary", _("Deadline: %(title)s") % {"title": posting.title})
        event.add("dtstart", timezone.localtime(posting.deadline))
        event.add("dtend", timezone.localtime(posting.deadline) + timedelta(minutes=15))
        event.add("description", f"{posting.employer.name}. {posting.summary}")
        event.add("url", request.build_absolute_uri(posting.get_absolute_url()))
        event.add("location", posting.location or posting.municipality.name)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="legeportalen-frister.ics"'
    return response


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
        "validThrough": timezone.localtime(posting.deadline).isoformat(),
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
    if posting.employer.website:
        data["hiringOrganization"]["sameAs"] = posting.employer.website
    if posting.start_date:
        data["jobStartDate"] = posting.start_date.isoformat()
    if posting.specialty:
        data["occupationalCategory"] = posting.get_specialty_display()
    return json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
