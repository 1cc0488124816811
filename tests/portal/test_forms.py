"""portal.forms.error_messages: the one way a view that redirects shows a form's errors or a
service's ValidationError."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from portal.forms import error_messages


class _Form(forms.Form):
    name = forms.CharField()
    count = forms.IntegerField()

    def clean(self):
        raise ValidationError("Not both at once.")


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_each_message_of_a_validation_error_is_shown():
    request = _request()
    error_messages(request, ValidationError(["Too late.", "Too many."]))
    shown = list(get_messages(request))
    assert [str(m) for m in shown] == ["Too late.", "Too many."]
    assert {m.level_tag for m in shown} == {"error"}


def test_a_field_error_dict_is_shown_message_by_message():
    request = _request()
    error_messages(request, ValidationError({"name": ["Say who."], "count": ["A number."]}))
    assert sorted(str(m) for m in get_messages(request)) == ["A number.", "Say who."]


def test_every_error_of_a_form_is_shown():
    request = _request()
    form = _Form({"name": "", "count": "x"})
    assert not form.is_valid()
    error_messages(request, form)
    assert sorted(str(m) for m in get_messages(request)) == sorted(
        [*form.errors["name"], *form.errors["count"], "Not both at once."]
    )
