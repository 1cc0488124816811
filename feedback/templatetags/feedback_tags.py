from django import template

from feedback.caching import unit_scores as cached_unit_scores

register = template.Library()


@register.inclusion_tag("feedback/_unit_scores.html")
def unit_scores(unit_id: int | None, heading_level: int = 2, show_empty: bool = False) -> dict:
    """The unit's latest LIS1 scores on supervision and safety – only when at least k
    answered. A unit without such scores renders nothing, or a short note if asked."""
    scores = cached_unit_scores(unit_id) if unit_id else None
    return {
        "scores": scores,
        "heading_tag": f"h{min(max(heading_level, 2), 6)}",
        "show_empty": show_empty,
    }
