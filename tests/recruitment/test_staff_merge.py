"""Staff edit forms merge, never clobber (issue 18): the posting, the application round
and the offer wave forms save only the fields changed on the page that sent them
(``portal.merge.MergingFormMixin``). A stale second tab that changed another field does
not revert the first tab's change; one that changed the same field is refused (409) with
both values shown, and "keep mine" / "keep the other" then decides."""

from dataclasses import dataclass
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.models import Event
from recruitment.hiring import services as hiring
from recruitment.models import ApplicationRound, ContactPerson, OfferWave, Posting
from tests.careers.factories import EventFactory
from tests.page_forms import page_form


def oslo(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


@dataclass
class Case:
    url: str
    read: callable  # the stored value of a field
    a: tuple[str, str, str]  # a field, tab A's value, tab B's value
    b: tuple[str, str, object]  # another field, tab B's value, that value as stored
    the_other_a: object  # tab A's value as read back
    mine_a: object  # tab B's value of field A as read back


@pytest.fixture
def posting_case(login, recruiter, posting):
    def read(name):
        return getattr(Posting.objects.get(pk=posting.pk), name)

    client = login(recruiter)
    return client, Case(
        url=reverse("recruitment:edit_posting", args=[posting.pk]),
        read=read,
        a=("summary", "Kort fra fane A.", "Kort fra fane B."),
        b=("description", "Lang tekst fra fane B.", "Lang tekst fra fane B."),
        the_other_a="Kort fra fane A.",
        mine_a="Kort fra fane B.",
    )


@pytest.fixture
def round_case(login, coordinator, lis1_round):
    def read(name):
        return getattr(ApplicationRound.objects.get(pk=lis1_round.pk), name)

    client = login(coordinator)
    return client, Case(
        url=reverse("recruitment:round_edit", args=[lis1_round.pk]),
        read=read,
        a=("name", "LIS1 høst 2027 (A)", "LIS1 høst 2027 (B)"),
        b=("max_choices", "7", 7),
        the_other_a="LIS1 høst 2027 (A)",
        mine_a="LIS1 høst 2027 (B)",
    )


@pytest.fixture
def wave_case(login, coordinator, lis1_round):
    ApplicationRound.objects.filter(pk=lis1_round.pk).update(closes_at=oslo("2030-04-30T12:00"))
    wave = hiring.save_wave(
        user=coordinator,
        wave=OfferWave(
            round=lis1_round,
            offers_at=oslo("2030-05-02T09:00"),
            answer_by=oslo("2030-05-05T12:00"),
            marking_at=oslo("2030-05-06T12:00"),
        ),
    )

    def read(name):
        return getattr(OfferWave.objects.get(pk=wave.pk), name)

    client = login(coordinator)
    return client, Case(
        url=reverse("recruitment:hiring_wave_edit", args=[wave.pk]),
        read=read,
        a=("answer_by", "2030-05-05T15:00", "2030-05-05T16:00"),
        b=("marking_at", "2030-05-07T12:00", oslo("2030-05-07T12:00")),
        the_other_a=oslo("2030-05-05T15:00"),
        mine_a=oslo("2030-05-05T16:00"),
    )


@pytest.fixture
def event_case(login, recruiter, hospital):
    event = EventFactory(organisers=[hospital], capacity=20, title="Karrieredag")

    def read(name):
        return getattr(Event.objects.get(pk=event.pk), name)

    client = login(recruiter)
    return client, Case(
        url=reverse("careers:event_edit", args=[event.pk]),
        read=read,
        a=("title", "Karrieredag for LIS1", "Karrieredag for studenter"),
        b=("capacity", "30", 30),
        the_other_a="Karrieredag for LIS1",
        mine_a="Karrieredag for studenter",
    )


CASES = ["posting_case", "round_case", "wave_case", "event_case"]


@pytest.mark.parametrize("case", CASES)
def test_a_stale_tab_that_changed_another_field_does_not_revert(case, request):
    client, c = request.getfixturevalue(case)
    tab_a, _ = page_form(client.get(c.url))
    tab_b, _ = page_form(client.get(c.url))
    field_a, value_a, _mine = c.a
    field_b, value_b, stored_b = c.b
    assert client.post(c.url, {**tab_a, field_a: value_a}).status_code == 302
    # Tab B still shows the old value of field A; it changes only field B.
    assert client.post(c.url, {**tab_b, field_b: value_b}).status_code == 302
    assert c.read(field_a) == c.the_other_a
    assert c.read(field_b) == stored_b


def _the_second_tab_refused(case, request):
    """Two tabs open the form; the first saves field A, the second changes A (to "mine")
    and B. Returns the client, the case and the refused response."""
    client, c = request.getfixturevalue(case)
    tab_a, _ = page_form(client.get(c.url))
    tab_b, _ = page_form(client.get(c.url))
    field_a, value_a, mine = c.a
    field_b, value_b, _stored_b = c.b
    assert client.post(c.url, {**tab_a, field_a: value_a}).status_code == 302
    return client, c, client.post(c.url, {**tab_b, field_a: mine, field_b: value_b})


@pytest.mark.parametrize("case", CASES)
def test_the_same_field_changed_in_two_tabs_is_refused_then_keep_mine(case, request):
    client, c, refused = _the_second_tab_refused(case, request)
    field_a, value_a, mine = c.a
    field_b, value_b, stored_b = c.b
    assert refused.status_code == 409
    html = refused.content.decode()
    shown = [(t.replace("T", " ")) for t in (value_a, mine)]
    panel = html[html.index('id="merge-conflicts"') :]
    assert all(text in panel for text in shown), "both values are shown"
    assert c.read(field_a) == c.the_other_a  # nothing saved yet
    assert c.read(field_b) != stored_b
    again, radios = page_form(refused)
    assert again[field_a] == mine  # nothing typed is lost
    assert again[field_b] == value_b
    # Saving again without choosing is refused again; "keep mine" overwrites.
    assert client.post(c.url, again).status_code == 409
    keep_mine = next(r for r in radios if r["value"].startswith("mine:"))
    assert keep_mine["name"] == f"resolve_{field_a}"
    assert client.post(c.url, {**again, keep_mine["name"]: keep_mine["value"]}).status_code == 302
    assert c.read(field_a) == c.mine_a
    assert c.read(field_b) == stored_b


@pytest.mark.parametrize("case", CASES)
def test_keep_the_other_leaves_their_value_and_saves_the_rest(case, request):
    client, c, refused = _the_second_tab_refused(case, request)
    field_a, field_b, stored_b = c.a[0], c.b[0], c.b[2]
    again, _ = page_form(refused)
    response = client.post(c.url, {**again, f"resolve_{field_a}": "theirs"})
    assert response.status_code == 302
    assert c.read(field_a) == c.the_other_a
    assert c.read(field_b) == stored_b


@pytest.mark.parametrize("case", CASES)
def test_a_save_without_versions_overwrites_as_before(case, request):
    """An older client or a script that sends no versions saves every field it sends."""
    client, c = request.getfixturevalue(case)
    tab, _ = page_form(client.get(c.url))
    field_a, value_a, _mine = c.a
    plain = {name: value for name, value in tab.items() if not name.startswith("base_")}
    assert client.post(c.url, {**plain, field_a: value_a}).status_code == 302
    assert c.read(field_a) == c.the_other_a


def test_a_posting_s_contact_persons_merge_too(login, recruiter, posting):
    contact = ContactPerson.objects.create(posting=posting, name="Kari Nordmann", phone="1")
    client = login(recruiter)
    url = reverse("recruitment:edit_posting", args=[posting.pk])
    tab_a, _ = page_form(client.get(url))
    tab_b, _ = page_form(client.get(url))
    tab_c, _ = page_form(client.get(url))
    row = next(
        k.removesuffix("-id")
        for k, v in tab_a.items()
        if k.endswith("-id") and v == str(contact.pk)
    )
    assert client.post(url, {**tab_a, f"{row}-name": "Kari Nordmann-Berg"}).status_code == 302
    # An older tab that changed the phone keeps the new name.
    assert client.post(url, {**tab_b, f"{row}-phone": "2"}).status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.phone) == ("Kari Nordmann-Berg", "2")
    # An older tab that changed the name too is refused; nothing of it is saved.
    refused = client.post(url, {**tab_c, f"{row}-name": "Kari N.", "title": "Ny tittel"})
    assert refused.status_code == 409
    panel = refused.text[refused.text.index(f'id="merge-conflicts-{row}"') :]
    assert "Kari N." in panel
    assert "Kari Nordmann-Berg" in panel
    assert Posting.objects.get(pk=posting.pk).title != "Ny tittel"
    again, radios = page_form(refused)
    keep_mine = next(r for r in radios if r["name"] == f"resolve_{row}-name")
    assert keep_mine["value"].startswith("mine:")
    assert client.post(url, {**again, keep_mine["name"]: keep_mine["value"]}).status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Kari N."
    assert Posting.objects.get(pk=posting.pk).title == "Ny tittel"
