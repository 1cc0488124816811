"""A form that comes back with errors says so at the top of the page (issue 21 part 3):
a summary linking each error to its field, the title prefixed "Feil: " / "Error: ", each
field marked invalid and described by its own error. One place does it for every form
(base.html, portal.forms.page_errors)."""

import re

from django import forms
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from portal.forms import page_errors

ROUND_NEW = reverse("recruitment:round_create")
BAD_ROUND = {
    "name": "LIS1 vår 2028",
    "opens_at": "2027-10-20T09:00",
    "closes_at": "2027-10-01T09:00",
}


def summary_links(body: str) -> list[str]:
    summary = re.search(r'<div[^>]*id="error-summary".*?</div>', body, re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'href="#([^"]+)"', summary[0])


def test_a_refused_form_has_a_summary_linking_each_error_to_its_field(login, coordinator):
    response = login(coordinator).post(ROUND_NEW, BAD_ROUND)
    body = response.content.decode()
    links = summary_links(body)
    assert links, "the summary lists no error"
    for field_id in links:
        field = re.search(rf'<(input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', body)
        assert field, f"the summary links to #{field_id}, which is not a field on the page"
        assert 'aria-invalid="true"' in field[0]
        described = re.search(r'aria-describedby="([^"]+)"', field[0])
        assert described, f"#{field_id} is not tied to its error"
        for error_id in described[1].split():
            assert f'id="{error_id}"' in body
    assert re.search(r"<title>Error: New round – Legeportalen</title>", body)
    # Focus goes to the summary on load: it can take focus, and the script does it.
    assert re.search(r'id="error-summary" tabindex="-1"', body)


def test_in_bokmal_the_title_starts_with_feil(login, coordinator):
    client = login(coordinator)
    response = client.post(ROUND_NEW, BAD_ROUND, headers={"Accept-Language": "nb"})
    body = response.content.decode()
    assert re.search(r"<title>Feil: [^<]+ – Legeportalen</title>", body)
    assert "Det er et problem med skjemaet" in body or "problemer med skjemaet" in body


def test_a_page_without_errors_has_no_summary_and_a_plain_title(login, coordinator):
    body = login(coordinator).get(ROUND_NEW).content.decode()
    assert 'id="error-summary"' not in body
    assert "<title>New round – Legeportalen</title>" in body


class _Choices(forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    secret = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Not like this.")


def test_page_errors_link_radios_to_the_first_and_form_errors_to_the_first_field():
    form = _Choices(data={"name": "", "kind": "", "secret": ""})
    assert not form.is_valid()
    found = page_errors([form, form, "text", None])  # the same form once
    targets = [(error.field_id, error.text) for error in found]
    assert ("id_name", "Not like this.") in targets
    assert ("id_name", "This field is required.") in targets
    assert ("id_kind_0", "This field is required.") in targets
    # A hidden field's error cannot be linked to it: it points at the first field.
    assert [t for t, text in targets if text == "This field is required."].count("id_name") == 2


def test_page_errors_never_evaluate_a_lazy_value_nor_validate_a_form():
    def boom():
        raise AssertionError("evaluated")

    not_validated = _Choices(data={})
    assert page_errors([SimpleLazyObject(boom), _Choices(), not_validated]) == []
    assert not_validated._errors is None


def test_a_formset_s_errors_are_listed_with_their_prefixed_ids():
    Formset = forms.formset_factory(_Choices, extra=1)
    formset = Formset(
        data={"f-TOTAL_FORMS": "1", "f-INITIAL_FORMS": "0", "f-0-name": "x"}, prefix="f"
    )
    assert not formset.is_valid()
    assert "id_f-0-kind_0" in {error.field_id for error in page_errors([formset])}


def test_a_form_s_errors_carried_over_a_redirect_name_their_field():
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.test import RequestFactory

    from portal.forms import error_messages, field_messages

    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    form = _Choices(data={"name": "", "kind": "", "secret": ""}, prefix="c7")
    assert not form.is_valid()
    error_messages(request, form)
    carried = field_messages(get_messages(request))
    assert ("id_c7-name", "This field is required.") in {(e.field_id, e.text) for e in carried}
    assert ("id_c7-kind_0", "This field is required.") in {(e.field_id, e.text) for e in carried}
    assert all(error.flash for error in carried)
    # The form-wide error has no field: it stays an ordinary message.
    plain = [m for m in get_messages(request) if not m.extra_tags]
    assert [str(m) for m in plain] == ["Not like this."]
