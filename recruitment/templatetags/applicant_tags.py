from django import template

from recruitment.applications import rows

register = template.Library()


@register.simple_tag
def applicant_rows(choices, show_rank):
    """``{% applicant_rows page show_rank as rows %}``: the applicant list's table rows,
    each drawn once for what it shows (recruitment/applications/rows.py)."""
    return rows.applicant_rows(choices, show_rank)
