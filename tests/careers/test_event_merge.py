"""The event edit form merges (issue 18): its many-to-many fields – the target stages –
change only when the page that sent them changed them, never because an older tab still
showed the old ticks. The field-by-field rule itself: tests/recruitment/test_staff_merge.py."""

from django.urls import reverse

from careers.models import Event
from tests.careers.factories import EventFactory
from tests.page_forms import page_form


def test_a_stale_tab_does_not_untick_target_stages_ticked_meanwhile(
    login, recruiter, hospital, stages
):
    event = EventFactory(organisers=[hospital], target_stages=[stages["lis1"]], capacity=20)
    client = login(recruiter)
    url = reverse("careers:event_edit", args=[event.pk])
    tab_a, _ = page_form(client.get(url))
    tab_b, _ = page_form(client.get(url))
    ticked = {"target_stages": [str(stages["lis1"].pk), str(stages["alis"].pk)]}
    assert client.post(url, {**tab_a, **ticked}).status_code == 302
    assert client.post(url, {**tab_b, "title": "Ny tittel"}).status_code == 302
    event = Event.objects.get(pk=event.pk)
    assert event.title == "Ny tittel"
    assert set(event.target_stages.all()) == {stages["lis1"], stages["alis"]}
    assert list(event.organisers.all()) == [hospital]


def test_the_page_sends_every_ticked_stage(login, recruiter, hospital, stages):
    """The form reader of these tests sends several ticks as a browser does."""
    event = EventFactory(
        organisers=[hospital], target_stages=[stages["lis1"], stages["alis"]], capacity=20
    )
    tab, _ = page_form(login(recruiter).get(reverse("careers:event_edit", args=[event.pk])))
    assert sorted(tab["target_stages"]) == sorted(str(stages[k].pk) for k in ("lis1", "alis"))


def test_both_tabs_changing_the_target_stages_is_a_conflict(login, recruiter, hospital, stages):
    event = EventFactory(organisers=[hospital], target_stages=[stages["lis1"]], capacity=20)
    client = login(recruiter)
    url = reverse("careers:event_edit", args=[event.pk])
    tab_a, _ = page_form(client.get(url))
    tab_b, _ = page_form(client.get(url))
    assert client.post(url, {**tab_a, "target_stages": [str(stages["alis"].pk)]}).status_code == 302
    refused = client.post(
        url, {**tab_b, "target_stages": [str(stages["lis1"].pk), str(stages["alis"].pk)]}
    )
    assert refused.status_code == 409
    panel = refused.text[refused.text.index('id="merge-conflicts"') :]
    assert stages["alis"].title in panel
    assert list(Event.objects.get(pk=event.pk).target_stages.all()) == [stages["alis"]]
