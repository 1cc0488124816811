"""The careers staff forms merge, never clobber (issue 18), by the rule the posting and
round forms follow (``portal.merge``): the career stage page, a track, a municipality's
terms. A stale tab that changed another field does not revert a newer save; one that
changed the same field is refused (409) with both values, and "keep mine" decides."""

import pytest
from django.urls import reverse

from careers.models import CareerStage, Track, TrackMunicipality
from tests.page_forms import page_form


@pytest.fixture
def stage_case(login, coordinator, stages):
    stage = CareerStage.objects.order_by("pk").first()
    url = reverse("careers:stage_edit", kwargs={"stage": stage.key})
    return (
        login(coordinator),
        url,
        lambda name: getattr(CareerStage.objects.get(pk=stage.pk), name),
        ("summary_nb", "Kort fra fane A.", "Kort fra fane B."),
        ("what_nb", "Hva, fra fane B."),
    )


@pytest.fixture
def track_case(login, coordinator, track):
    return (
        login(coordinator),
        reverse("careers:track_edit", args=[track.pk]),
        lambda name: getattr(Track.objects.get(pk=track.pk), name),
        ("summary", "Kort fra fane A.", "Kort fra fane B."),
        ("description", "Lang tekst fra fane B."),
    )


@pytest.fixture
def terms_case(login, chief_a, track, municipality):
    participation = TrackMunicipality.objects.get(track=track, municipality=municipality)
    return (
        login(chief_a),
        reverse("careers:track_terms", args=[track.pk, municipality.pk]),
        lambda name: getattr(TrackMunicipality.objects.get(pk=participation.pk), name),
        ("salary_model", "Lønn fra fane A.", "Lønn fra fane B."),
        ("housing", "Bolig fra fane B."),
    )


CASES = ["stage_case", "track_case", "terms_case"]


@pytest.mark.parametrize("case", CASES)
def test_a_stale_tab_that_changed_another_field_does_not_revert(case, request):
    client, url, read, (field_a, value_a, _mine), (field_b, value_b) = request.getfixturevalue(case)
    tab_a, _ = page_form(client.get(url))
    tab_b, _ = page_form(client.get(url))
    assert client.post(url, {**tab_a, field_a: value_a}).status_code == 302
    assert client.post(url, {**tab_b, field_b: value_b}).status_code == 302
    assert read(field_a) == value_a
    assert read(field_b) == value_b


@pytest.mark.parametrize("case", CASES)
def test_the_same_field_changed_in_two_tabs_is_shown_with_both_then_kept_by_choice(case, request):
    client, url, read, (field_a, value_a, mine), _b = request.getfixturevalue(case)
    tab_a, _ = page_form(client.get(url))
    tab_b, _ = page_form(client.get(url))
    assert client.post(url, {**tab_a, field_a: value_a}).status_code == 302
    refused = client.post(url, {**tab_b, field_a: mine})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert value_a in page  # both texts …
    assert mine in page  # … and nothing typed lost
    assert read(field_a) == value_a
    again, radios = page_form(refused)
    [keep_mine] = [r for r in radios if r["value"].startswith("mine:")]
    assert client.post(url, {**again, keep_mine["name"]: keep_mine["value"]}).status_code == 302
    assert read(field_a) == mine
