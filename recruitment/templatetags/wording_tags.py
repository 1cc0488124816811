"""The texts of recruitment/wording.py in templates, for the page's reader:

    {{ choice.status|choice_status:"candidate" }}
    {{ offer.status|offer_status:audience }}
    {{ event.reason_code|status_reason:audience }}

Candidate pages name their audience; staff pages ask ``{% staff_audience as audience %}``
(the coordinator reads neutral texts, an employer's staff the employer's)."""

from django import template

from recruitment import wording

register = template.Library()


@register.filter
def choice_status(status: str, audience: str) -> str:
    return wording.choice_status(status, audience)


@register.filter
def offer_status(status: str, audience: str) -> str:
    return wording.offer_status(status, audience)


@register.filter
def status_reason(code: str, audience: str) -> str:
    return wording.reason(code, audience)


@register.simple_tag(takes_context=True)
def staff_audience(context) -> str:
    return wording.staff_audience(context["request"].user)
