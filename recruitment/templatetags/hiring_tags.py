"""Pieces of the employer workflow shown on pages of the job board and the application
portal: a posting's fill state, and a candidate's interviews, offers and decisions."""

from django import template

from recruitment.hiring import selectors

register = template.Library()


@register.inclusion_tag("recruitment/hiring/_posting_fill.html")
def posting_fill(posting, public: bool = True) -> dict:
    """ "Filled", or how many of the posts are taken; and the public applicant list's link
    once it is published."""
    return {
        "posting": posting,
        "fill": selectors.fill_state(posting),
        "published": selectors.published_list(posting),
        "public": public,
    }


@register.inclusion_tag("recruitment/hiring/_application_hiring.html", takes_context=True)
def application_hiring(context, application) -> dict:
    """Interview invitations, offers and exemption decisions on the application's page."""
    user = context["request"].user
    return {
        "application": application,
        "hiring": selectors.applicant_hiring(user, application),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("recruitment/hiring/_my_hiring_summary.html", takes_context=True)
def my_hiring_summary(context) -> dict:
    """Open offers and interviews still to book, at the top of "My applications"."""
    return {"summary": selectors.applicant_summary(context["request"].user)}
