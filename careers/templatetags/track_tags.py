"""Coupled tracks on other apps' pages: the notice on a LIS1 advert and the preference and
consent panel on an application. Both render nothing where no published track applies."""

from django import template

from careers.tracks import selectors
from careers.tracks.panels import consent_panels

register = template.Library()


def _panels(context, tracks) -> dict:
    request = context["request"]
    return {
        "panels": consent_panels(request, tracks) if tracks else [],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "user": request.user,
    }


@register.inclusion_tag("careers/tracks/_consent_panels.html", takes_context=True)
def track_consent_panels(context, application):
    return _panels(context, selectors.tracks_for_application(application))


@register.inclusion_tag("careers/tracks/_posting_notice.html", takes_context=True)
def track_notice(context, posting):
    """The advert informs about the track and asks the preference: a signed-in visitor
    answers here (the same panel as on the application, never pre-ticked); anyone else is
    told they are asked when applying."""
    if posting.kind != "lis1":
        return {"tracks": []}
    tracks = selectors.tracks_for_postings([posting.pk])
    request = context["request"]
    if not tracks or not request.user.is_authenticated:
        return {"tracks": tracks, "posting": posting, "panels": [], "user": request.user}
    return {"tracks": tracks, "posting": posting, **_panels(context, tracks)}
