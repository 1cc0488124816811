"""Form helpers shared by every app's views."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm, BaseFormSet, BoundField
from django.forms.renderers import DjangoTemplates


def error_messages(request, form_or_error: BaseForm | ValidationError) -> None:
    """Each error of a bound form, or each message of a ValidationError, as an error message
    shown on the next page – for views that redirect rather than show the form again."""
    if isinstance(form_or_error, ValidationError):
        for message in form_or_error.messages:
            messages.error(request, message)
        return
    form = form_or_error
    visible = [bound for bound in form.visible_fields() if bound.auto_id]
    first = _target_id(visible[0]) if visible else ""
    for name, errors in form.errors.items():
        # The field's id goes with its message: the next page draws the same form, and the
        # error summary links the message to the field and ties it to it (base.html).
        bound = form[name] if name in form.fields else None
        target = (_target_id(bound) or first) if bound is not None else ""
        for error in errors:
            messages.error(request, str(error), extra_tags=f"{FIELD_TAG}{target}" if target else "")


FIELD_TAG = "field:"  # a message's extra_tags: the id of the field it is about


@dataclass(frozen=True)
class PageError:
    """One line of a page's error summary: the message, and the id of the field it is
    about (the summary links to it; the field's own error is tied to it by
    aria-describedby, which Django and the form templates render)."""

    text: str
    field_id: str
    label: str = ""
    flash: bool = False  # a message carried over a redirect: the field is told by the page


def _target_id(bound) -> str:
    """The element a link to this field lands on: the input, or the first of a group of
    radios or checkboxes (whose group has no element with the field's own id)."""
    if bound.is_hidden or not bound.auto_id:
        return ""
    return bound.id_for_label or f"{bound.auto_id}_0"


def _form_errors(form: BaseForm) -> list[PageError]:
    visible = [bound for bound in form.visible_fields() if bound.auto_id]
    first = _target_id(visible[0]) if visible else ""
    found = [PageError(str(error), first) for error in form.non_field_errors()]
    for bound in form:
        for error in bound.errors:
            target = _target_id(bound)
            found.append(PageError(str(error), target or first, str(bound.label) if target else ""))
    return found


def field_messages(messages_) -> list[PageError]:
    """The error messages of a form shown again after a redirect that name their field
    (``error_messages``): listed in the error summary and tied to the field there."""
    found = []
    for message in messages_:
        tags = message.extra_tags or ""
        if message.level_tag == "error" and tags.startswith(FIELD_TAG):
            found.append(PageError(str(message), tags.removeprefix(FIELD_TAG), flash=True))
    return found


def page_errors(values: Iterable[object]) -> list[PageError]:
    """Every error of the bound forms and formsets among a template's context values, in
    order, once each: what the error summary at the top of the page lists (base.html).

    A view needs to do nothing for it: a form it validated and shows again with its
    errors is found in the context. Values are told apart by their type alone, so a lazy
    value (the job board's) is never evaluated."""
    found: list[PageError] = []
    seen: set[int] = set()
    for value in values:
        kind = type(value)
        if id(value) in seen or not (issubclass(kind, BaseForm) or issubclass(kind, BaseFormSet)):
            continue
        seen.add(id(value))
        form_or_set = cast("BaseForm | BaseFormSet", value)
        # Only a form the view validated: the summary never runs a validation (nor its
        # queries) of its own, nor reports a filter form bound to a bare query string.
        if not form_or_set.is_bound or getattr(form_or_set, "_errors", None) is None:
            continue
        if isinstance(form_or_set, BaseFormSet):
            first = form_or_set.forms[0] if form_or_set.forms else None
            shown = first.visible_fields() if first else []
            target = _target_id(shown[0]) if shown else ""
            found += [PageError(str(error), target) for error in form_or_set.non_form_errors()]
            for form in form_or_set.forms:
                found += _form_errors(form)
        else:
            found += _form_errors(form_or_set)
    return found


class PortalBoundField(BoundField):
    """Every form's fields (FORM_RENDERER): the English half of a text written in both
    languages (a ``<name>_en`` field, portal/bilingual.py) is marked ``lang="en"``, so a
    screen reader on a Bokmål page reads it as English (WCAG 3.1.2)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.name.endswith("_en"):
            attrs.setdefault("lang", "en")
        return attrs


class FormRenderer(DjangoTemplates):
    bound_field_class = PortalBoundField
