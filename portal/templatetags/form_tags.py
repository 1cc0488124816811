"""The error summary at the top of a page whose forms came back with errors."""

from django import template

from portal.forms import field_messages, page_errors

register = template.Library()


@register.simple_tag(takes_context=True)
def errors_on_page(context) -> list:
    """The errors of every bound form in the page's context (portal.forms.page_errors)."""
    values = []
    for layer in context.dicts:
        values.extend(layer.values())
    messages = context.get("messages")
    return page_errors(values) + (field_messages(messages) if messages else [])
