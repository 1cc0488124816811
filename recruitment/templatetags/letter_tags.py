"""The letters an applicant received, on their application's page."""

from django import template

from recruitment.letters import selectors

register = template.Library()


@register.inclusion_tag("recruitment/letters/_application_letters.html", takes_context=True)
def application_letters(context, application) -> dict:
    return {"letters": selectors.letters_for_application(context["request"].user, application)}
