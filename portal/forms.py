"""Form helpers shared by every app's views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm


def error_messages(request, form_or_error: BaseForm | ValidationError) -> None:
    """Each error of a bound form, or each message of a ValidationError, as an error message
    shown on the next page – for views that redirect rather than show the form again."""
    if isinstance(form_or_error, ValidationError):
        found = form_or_error.messages
    else:
        found = [error for errors in form_or_error.errors.values() for error in errors]
    for message in found:
        messages.error(request, message)
