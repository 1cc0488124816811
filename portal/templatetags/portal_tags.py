import functools

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` – look a key up in a dict."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@functools.cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


@register.filter
def display(obj, field_name: str):
    """``{{ obj|display:"status" }}`` – what ``obj.get_status_display`` gives, without
    rebuilding the field's choices on every call: Django hashes every (lazy) label each
    time, which made long lists of rows slow to render. Nothing for a missing object (an
    anonymised applicant has no profile)."""
    if not hasattr(obj, "_meta"):
        return ""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    return _labels(field).get(value, value)
