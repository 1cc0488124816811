"""Coupled tracks on other apps' pages: the notice on a LIS1 advert and the preference and
consent panel on an application. Both render nothing where no published track applies."""

from django import template

from careers.tracks import selectors
from careers.tracks.panels import consent_panels

register = template.Library()


@register.inclusion_tag("careers/tracks/_consent_panels.html", takes_context=True)
def track_consent_panels(context, application):
    request = context["request"]
    tracks = selectors.tracks_for_application(application)
    return {
        "panels": consent_panels(request, tracks) if tracks else [],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("careers/tracks/_posting_notice.html")
def track_notice(posting):
    if posting.kind != "lis1":
        return {"tracks": []}
    return {"tracks": selectors.tracks_for_postings([posting.pk]), "posting": posting}
