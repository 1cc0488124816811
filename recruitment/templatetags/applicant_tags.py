from django import template

from recruitment import wording
from recruitment.applications import rows

register = template.Library()


@register.simple_tag(takes_context=True)
def applicant_rows(context, choices, show_rank):
    """``{% applicant_rows page show_rank as rows %}``: the applicant list's table rows,
    each drawn once for what it shows (recruitment/applications/rows.py), in the words of
    whoever reads the list (recruitment/wording.py)."""
    audience = wording.staff_audience(context["request"].user)
    return rows.applicant_rows(choices, show_rank, audience)
