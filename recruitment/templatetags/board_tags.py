from django import template
from django.utils.translation import get_language

from recruitment import caching

register = template.Library()


@register.simple_tag
def posting_cards(postings, version=""):
    """``{% posting_cards page as cards %}``: each posting's card, cached per posting
    (recruitment.caching.posting_cards). ``version``: the board's, when the page knows it."""
    return caching.posting_cards(postings, get_language(), version)
