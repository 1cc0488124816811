"""Restplasser (leftover posts): a round's posts still free after its last offer wave's
marking are listed on the board, on the round page and the posting page and in the feed
(never in the deadline calendar: they have none), and take direct applications until they
are filled or closed. Each rule is tried from outside, a second either side of the marking,
with the board cached as in production."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from recruitment import selectors
from recruitment.applications import services
from recruitment.hiring import services as hiring_services
from recruitment.models import Application, ChoiceStatus, Offer, OfferWave, Posting
from tests import factories
from tests.recruitment.editor import editor_url
from tests.recruitment.factories import ApplicationRoundFactory

BOARD = reverse("recruitment:board")
SECOND = timedelta(seconds=1)
Status = Offer.Status


@pytest.fixture(autouse=True)
def _board_cached(settings):
    """The board's fragments are kept as long as in production: what changes at the
    marking, or when a post is filled, must show on the very next request all the same."""
    settings.BOARD_CACHE_SECONDS = 60
    cache.clear()


@pytest.fixture
def marking():
    """The last wave's marking, a minute ahead of the real clock: the tests step across it
    with a patched clock, which a signed-in session survives."""
    return timezone.now().replace(microsecond=0) + timedelta(minutes=1)


@pytest.fixture
def clock(monkeypatch):
    """Sets the portal's clock: requests are stamped by it and services read it."""

    def _set(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return _set


def _offer(choice, status, *, at, wave=None):
    """An offer written straight to the database, as the waves left it."""
    released = (
        {}
        if status == Status.PREPARED
        else {"released_at": at, "respond_by": at + timedelta(days=3)}
    )
    return Offer.objects.create(
        choice=choice,
        application=choice.application,
        status=status,
        wave=wave,
        answered_at=at if status in (Status.ACCEPTED, Status.DECLINED) else None,
        ended_at=at if status == Status.DECLINED else None,
        **released,
    )


@pytest.fixture
def after_waves(
    lis1_round,
    make_application,
    hospital_postings,
    other_posting,
    municipality_posting,
    hospital,
    municipality,
    marking,
):
    """LIS1 høst 2027 closed three weeks ago and sent its offers in two waves; the second
    wave's marking is ``marking``. What the waves left:

    - Øst 1 (2 posts): one offer, declined – both posts free;
    - Øst 2 (2 posts): one accepted – one post free;
    - Vest (3 posts): accepted, open and prepared offers hold every post;
    - Fjordby legekontor: closed by its employer with its posts free;
    - a draft in the round, never published.
    """
    east_1, east_2 = hospital_postings
    Posting.objects.filter(pk=other_posting.pk).update(number_of_posts=3)
    candidate = {
        name: make_application(
            factories.UserFactory(full_name=name), [posting], submit=True
        ).choices.get()
        for name, posting in [
            ("Kari Nei", east_1),
            ("Per Ja", east_2),
            ("Anne Ja", other_posting),
            ("Jon Venter", other_posting),
            ("Liv Neste", other_posting),
        ]
    }
    lis1_round.opens_at = marking - timedelta(days=30)
    lis1_round.closes_at = marking - timedelta(days=20)
    lis1_round.save()
    first = OfferWave.objects.create(
        round=lis1_round,
        number=1,
        offers_at=marking - timedelta(days=19),
        answer_by=marking - timedelta(days=16),
        marking_at=marking - timedelta(days=15),
        released_at=marking - timedelta(days=19),
    )
    second = OfferWave.objects.create(
        round=lis1_round,
        number=2,
        offers_at=marking - timedelta(days=4),
        answer_by=marking - timedelta(days=1),
        marking_at=marking,
    )
    at = first.offers_at
    _offer(candidate["Kari Nei"], Status.DECLINED, at=at)
    _offer(candidate["Per Ja"], Status.ACCEPTED, at=at)
    _offer(candidate["Anne Ja"], Status.ACCEPTED, at=at)
    _offer(candidate["Jon Venter"], Status.OPEN, at=marking - timedelta(hours=1))
    # Prepared for the second wave, which the scheduler has not released (yet): it holds
    # its post all the same.
    _offer(candidate["Liv Neste"], Status.PREPARED, at=at, wave=second)
    Posting.objects.filter(pk=municipality_posting.pk).update(
        status=Posting.Status.CLOSED, closed_at=marking - timedelta(days=2)
    )
    draft = factories.PostingFactory(
        title="LIS1 utkast",
        employer=hospital,
        municipality=municipality,
        round=lis1_round,
        status=Posting.Status.DRAFT,
        published_at=None,
    )
    for posting in (*hospital_postings, other_posting, municipality_posting):
        posting.refresh_from_db()
    return SimpleNamespace(
        round=lis1_round,
        first_wave=first,
        second_wave=second,
        east_1=east_1,
        east_2=east_2,
        west=other_posting,
        fjordby=municipality_posting,
        draft=draft,
    )


def restplass_titles(now) -> list[str]:
    return sorted(Posting.objects.restplasser(now).values_list("title", flat=True))


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title h5 mb-1"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def board(client, **query) -> str:
    return client.get(BOARD, query).content.decode()


# --- The rule (PostingQuerySet) ------------------------------------------------------------


def test_before_the_last_waves_marking_no_posting_is_a_restplass(after_waves, marking):
    moments = [
        after_waves.round.closes_at + SECOND,  # the round has just closed
        after_waves.first_wave.marking_at + SECOND,  # between the waves
        marking - SECOND,
    ]
    for now in moments:
        assert restplass_titles(now) == []
        assert not Posting.objects.with_state(now).filter(restplass_now=True).exists()
        assert not after_waves.east_1.is_restplass(now)
        assert not after_waves.east_1.accepts_applications(now)
        assert list(selectors.restplasser(now)) == []


def test_from_the_last_marking_on_the_postings_with_free_posts_are_restplasser(
    after_waves, marking
):
    for now in (marking, marking + SECOND, marking + timedelta(days=60)):
        assert restplass_titles(now) == ["LIS1 Sykehuset Øst 1", "LIS1 Sykehuset Øst 2"]
    free = {
        posting.title: (posting.free_posts, posting.restplass_since)
        for posting in selectors.restplasser(marking + SECOND)
    }
    assert free == {
        "LIS1 Sykehuset Øst 1": (2, marking),
        "LIS1 Sykehuset Øst 2": (1, marking),
    }


def test_a_restplass_is_open_and_accepts_applications_with_no_deadline(after_waves, marking):
    now = marking + SECOND
    east_1 = Posting.objects.with_state(now).get(pk=after_waves.east_1.pk)
    assert (east_1.restplass_now, east_1.open_now, east_1.accepting_now) == (True, True, True)
    assert (east_1.is_restplass(), east_1.is_open(), east_1.accepts_applications()) == (
        True,
        True,
        True,
    )
    assert east_1.direct_deadline() is None


def test_a_posting_whose_every_post_is_held_by_a_live_offer_is_not_a_restplass(
    after_waves, marking
):
    now = marking + SECOND
    assert not after_waves.west.is_restplass(now)
    assert not after_waves.west.accepts_applications(now)
    # The open offer is declined: its post is free again, and the posting a restplass.
    Offer.objects.filter(status=Status.OPEN).update(
        status=Status.DECLINED, answered_at=now, ended_at=now
    )
    assert after_waves.west.is_restplass(now)
    assert {p.title: p.free_posts for p in selectors.restplasser(now)}["LIS1 Sykehuset Vest"] == 1


def test_closed_and_draft_postings_are_never_restplasser(after_waves, marking):
    now = marking + SECOND
    assert not after_waves.fjordby.is_restplass(now)
    assert not after_waves.draft.is_restplass(now)
    Posting.objects.filter(pk=after_waves.east_1.pk).update(
        status=Posting.Status.CLOSED, closed_at=now
    )
    assert restplass_titles(now) == ["LIS1 Sykehuset Øst 2"]


def test_a_round_without_waves_has_no_restplasser(hospital, municipality, marking):
    posting = factories.PostingFactory(
        title="Sommervikar uten bølger", employer=hospital, municipality=municipality
    )
    ApplicationRoundFactory(
        name="Sommerjobb 2027",
        opens_at=marking - timedelta(days=30),
        closes_at=marking - timedelta(days=20),
        postings=[posting],
    )
    assert restplass_titles(marking + timedelta(days=30)) == []
    assert not posting.is_restplass(marking + timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        services.start_direct_application(
            user=factories.UserFactory(), posting=posting, now=marking + timedelta(days=30)
        )
    assert refused.value.messages == [
        "“Sommerjobb 2027” has closed, and “Sommervikar uten bølger” no longer takes applications."
    ]


# --- Where restplasser show ----------------------------------------------------------------


def test_the_board_filter_lists_restplasser_from_the_last_marking_on(
    client, after_waves, marking, clock
):
    clock(marking - SECOND)
    assert card_titles(board(client, restplass="on")) == []
    assert "0 postings found" in board(client, restplass="on")

    clock(marking + SECOND)
    html = board(client, restplass="on")
    assert card_titles(html) == ["LIS1 Sykehuset Øst 1", "LIS1 Sykehuset Øst 2"]
    assert "2 postings found" in html


def test_a_restplass_is_on_the_open_board_with_its_badge_and_no_deadline(
    client, after_waves, marking, clock, posting
):
    clock(marking - SECOND)
    assert card_titles(board(client)) == [posting.title]  # the round has closed

    clock(marking + SECOND)
    html = board(client)
    assert sorted(card_titles(html)) == sorted(
        ["LIS1 Sykehuset Øst 1", "LIS1 Sykehuset Øst 2", posting.title]
    )
    cards = html.split('<article class="card posting-card')[1:]
    east_1 = next(card for card in cards if "LIS1 Sykehuset Øst 1" in card)
    assert "Leftover post (restplass)" in east_1
    assert "Apply now: open until filled" in east_1
    assert "Deadline" not in east_1
    ordinary = next(card for card in cards if posting.title in card)
    assert "Leftover post (restplass)" not in ordinary


def test_the_round_page_lists_its_restplasser_with_free_posts_only_after_the_last_marking(
    client, after_waves, marking, clock
):
    url = reverse("recruitment:round_apply", args=[after_waves.round.pk])
    clock(marking - SECOND)
    html = client.get(url).content.decode()
    assert "restplasser-heading" not in html
    assert "This round is not open for applications." in html

    clock(marking + SECOND)
    html = client.get(url).content.decode()
    assert "The round is closed. Its leftover posts below take applications directly." in html
    section = html[html.index('id="restplasser-heading"') : html.index('id="postings-heading"')]
    assert re.findall(r"<li><a [^>]+>([^<]+)</a> – ([^<]+)</li>", section) == [
        ("LIS1 Sykehuset Øst 1", "Sykehuset Øst (2 posts free)"),
        ("LIS1 Sykehuset Øst 2", "Sykehuset Øst (1 post free)"),
    ]


def test_the_posting_page_shows_the_closed_round_and_then_the_restplass_with_apply_button(
    client, after_waves, marking, clock
):
    url = after_waves.east_2.get_absolute_url()
    apply_url = reverse("recruitment:posting_apply", args=[after_waves.east_2.slug])
    clock(marking - SECOND)
    html = client.get(url).content.decode()
    assert "The application deadline has passed." in html
    assert apply_url not in html
    assert "Open until filled" not in html
    assert '"validThrough"' in html

    clock(marking + SECOND)
    html = client.get(url).content.decode()
    assert (
        "A leftover post (restplass) from “LIS1 høst 2027”: it was not filled in the offer "
        "waves and takes applications directly until it is filled."
    ) in html
    assert f'href="{apply_url}"' in html
    assert "Open until filled" in html
    assert "The application deadline has passed." not in html
    jsonld = json.loads(re.search(r'ld\+json"[^>]*>(.*?)</script>', html, re.S)[1])
    assert "validThrough" not in jsonld  # open until filled: no end to state


def test_the_feed_carries_restplasser_and_the_deadline_calendar_does_not(
    client, after_waves, marking, clock, posting
):
    ns = {"a": "http://www.w3.org/2005/Atom"}

    def feed_entries():
        root = ET.fromstring(client.get(reverse("recruitment:feed")).content)
        return {
            e.find("a:title", ns).text.split(" – ")[0]: e.find("a:summary", ns).text
            for e in root.findall("a:entry", ns)
        }

    def calendar_titles():
        calendar = Calendar.from_ical(client.get(reverse("recruitment:deadlines_ics")).content)
        return [str(event["summary"]) for event in calendar.walk("VEVENT")]

    clock(marking - SECOND)
    assert list(feed_entries()) == [posting.title]

    clock(marking + SECOND)
    entries = feed_entries()
    assert sorted(entries) == sorted(
        ["LIS1 Sykehuset Øst 1", "LIS1 Sykehuset Øst 2", posting.title]
    )
    assert entries["LIS1 Sykehuset Øst 1"].endswith(
        "(Leftover post (restplass): open until filled)"
    )
    assert calendar_titles() == [f"Deadline: {posting.title}"]


# --- Applying directly ---------------------------------------------------------------------


def test_a_direct_application_before_the_last_marking_is_refused_and_says_when(
    after_waves, marking, applicant, profile
):
    with pytest.raises(ValidationError) as refused:
        services.start_direct_application(
            user=applicant, posting=after_waves.east_1, now=marking - SECOND
        )
    assert refused.value.messages == [
        "“LIS1 høst 2027” has closed and its offers are going out in waves. If “LIS1 Sykehuset "
        "Øst 1” still has a free post after the last wave's marking, "
        f"{date_format(timezone.localtime(marking), 'DATETIME_FORMAT')}, it takes direct "
        "applications from then on as a leftover post (restplass)."
    ]
    assert not Application.objects.filter(applicant=applicant).exists()


def test_a_direct_application_while_the_round_is_open_goes_through_the_round(
    lis1_round, hospital_postings, applicant, profile
):
    with pytest.raises(ValidationError) as refused:
        services.start_direct_application(user=applicant, posting=hospital_postings[0])
    assert refused.value.messages == [
        "This posting is part of the round “LIS1 høst 2027”. Apply through the round."
    ]


def test_a_candidate_applies_directly_to_a_restplass_and_the_employer_sees_it(
    login,
    client,
    after_waves,
    marking,
    clock,
    applicant,
    profile,
    cv,
    recruiter,
    django_capture_on_commit_callbacks,
):
    after_waves.round.documents_required = True  # the round's rule; a restplass is direct
    after_waves.round.save()
    applicant.language = "en"  # the receipt is read in English below
    applicant.save()
    clock(marking + SECOND)
    login(applicant)
    posting = after_waves.east_1
    apply_url = reverse("recruitment:posting_apply", args=[posting.slug])
    assert f'href="{apply_url}"' in client.get(posting.get_absolute_url()).content.decode()
    page = client.get(apply_url).content.decode()
    assert "leftover post (restplass), open until filled" in page
    assert "Start your application" in page

    started = client.post(apply_url)
    application = Application.objects.get(applicant=applicant)
    assert started.url == application.get_absolute_url()
    assert (application.round, application.posting, application.status) == (
        None,
        posting,
        Application.Status.DRAFT,
    )
    assert [c.posting for c in application.choices.all()] == [posting]
    editor = client.get(application.get_absolute_url()).content.decode()
    assert "Leftover post (restplass): open until filled." in editor
    assert 'datetime=""' not in editor  # no empty deadline

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            editor_url(application, "submit"),
            {"motivation": "Jeg kan begynne i morgen.", "documents": [cv.pk]},
        )
    assert sent.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert list(application.documents.all()) == [cv]
    assert application.choices.get().status == ChoiceStatus.SUBMITTED
    (receipt,) = mail.outbox
    assert receipt.to == [applicant.email]
    assert "Leftover post (restplass): open until filled." in receipt.body
    assert "until the post is filled" in receipt.body
    assert "Deadline" not in receipt.body
    mine = client.get(reverse("recruitment:my_applications")).content.decode()
    assert "LIS1 Sykehuset Øst 1" in mine
    assert 'datetime=""' not in mine

    login(recruiter)
    applicants = client.get(reverse("recruitment:posting_applicants", args=[posting.pk]))
    assert applicants.status_code == 200
    assert "Ola Søker" in applicants.content.decode()


def test_a_second_direct_application_by_the_same_person_is_refused_with_a_clear_message(
    login, after_waves, marking, clock, applicant, profile
):
    now = clock(marking + SECOND)
    first = services.start_direct_application(user=applicant, posting=after_waves.east_1, now=now)
    with pytest.raises(services.AlreadyApplied) as refused:
        services.start_direct_application(user=applicant, posting=after_waves.east_1, now=now)
    assert refused.value.application == first
    assert refused.value.messages == [
        "You have already applied for “LIS1 Sykehuset Øst 1”. You can follow it below."
    ]

    again = login(applicant).post(
        reverse("recruitment:posting_apply", args=[after_waves.east_1.slug]), follow=True
    )
    assert again.redirect_chain[-1][0] == first.get_absolute_url()
    assert "You have already applied for “LIS1 Sykehuset Øst 1”" in again.content.decode()
    assert Application.objects.filter(applicant=applicant).count() == 1


@pytest.fixture
def filled_by_direct_applicant(after_waves, marking, clock, recruiter, other_applicant):
    """Kari Søker applied directly to Øst 2's one free post; the employer offers it to her
    and she accepts: the post is filled."""
    now = clock(marking + SECOND)
    application = services.start_direct_application(
        user=other_applicant, posting=after_waves.east_2, now=now
    )
    services.submit_application(user=other_applicant, application=application, now=now)
    offer = hiring_services.make_offer(user=recruiter, choice=application.choices.get())
    assert offer.status == Status.OPEN  # no wave to wait for: the waves are over
    return hiring_services.accept_offer(user=other_applicant, offer=offer)


def test_once_the_post_is_filled_the_restplass_disappears_and_a_new_application_is_refused(
    client, login, after_waves, marking, clock, applicant, profile, filled_by_direct_applicant
):
    now = timezone.now()
    after_waves.east_2.refresh_from_db()
    assert after_waves.east_2.status == Posting.Status.CLOSED  # its last post was taken
    assert restplass_titles(now) == ["LIS1 Sykehuset Øst 1"]
    assert card_titles(board(client, restplass="on")) == ["LIS1 Sykehuset Øst 1"]

    with pytest.raises(ValidationError) as refused:
        services.start_direct_application(user=applicant, posting=after_waves.east_2, now=now)
    assert refused.value.messages == [
        "“LIS1 Sykehuset Øst 2” is closed and no longer takes applications."
    ]

    client = login(applicant)
    apply_url = reverse("recruitment:posting_apply", args=[after_waves.east_2.slug])
    page = client.get(apply_url)
    assert page.status_code == 200  # not sent to the closed round's page
    assert "This posting is no longer open for applications." in page.content.decode()
    assert "Start your application" not in page.content.decode()
    response = client.post(apply_url, follow=True)
    assert response.redirect_chain[-1][0] == after_waves.east_2.get_absolute_url()
    assert (
        "“LIS1 Sykehuset Øst 2” is closed and no longer takes applications."
        in response.content.decode()
    )
    assert not Application.objects.filter(applicant=applicant).exists()


def test_a_restplass_fully_offered_is_refused_with_its_reason(
    after_waves, marking, clock, recruiter, other_applicant, applicant, profile
):
    now = clock(marking + SECOND)
    application = services.start_direct_application(
        user=other_applicant, posting=after_waves.east_2, now=now
    )
    services.submit_application(user=other_applicant, application=application, now=now)
    hiring_services.make_offer(user=recruiter, choice=application.choices.get())
    # The offer waits for an answer: it holds the last free post.
    assert not after_waves.east_2.is_restplass(now)
    with pytest.raises(ValidationError) as refused:
        services.start_direct_application(user=applicant, posting=after_waves.east_2, now=now)
    assert refused.value.messages == [
        "Every post of “LIS1 Sykehuset Øst 2” has been filled or offered, so it no longer "
        "takes applications."
    ]


def test_a_draft_for_a_restplass_filled_meanwhile_is_kept_and_refused_clearly(
    login, after_waves, marking, clock, applicant, profile, recruiter, other_applicant
):
    now = clock(marking + SECOND)
    draft = services.start_direct_application(user=applicant, posting=after_waves.east_2, now=now)
    services.save_draft(user=applicant, application=draft, motivation="Utkast", now=now)
    rival = services.start_direct_application(
        user=other_applicant, posting=after_waves.east_2, now=now
    )
    services.submit_application(user=other_applicant, application=rival, now=now)
    offer = hiring_services.make_offer(user=recruiter, choice=rival.choices.get())
    hiring_services.accept_offer(user=other_applicant, offer=offer)

    client = login(applicant)
    response = client.post(editor_url(draft, "submit"), {"motivation": "Endret etter tildeling"})
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "“LIS1 Sykehuset Øst 2” no longer takes applications. Your draft is kept as it was." in html
    )
    assert "The deadline has passed" not in html
    draft.refresh_from_db()
    assert (draft.status, draft.motivation) == (Application.Status.DRAFT, "Utkast")
    assert not mail.outbox


# --- The cached board ----------------------------------------------------------------------


def test_a_cached_board_is_still_served_without_a_query_until_the_marking(
    client, after_waves, marking, clock, django_assert_num_queries
):
    clock(marking - timedelta(seconds=30))
    board(client, restplass="on")
    clock(marking - SECOND)
    with django_assert_num_queries(0):
        assert card_titles(board(client, restplass="on")) == []
    clock(marking)
    assert card_titles(board(client, restplass="on")) == [
        "LIS1 Sykehuset Øst 1",
        "LIS1 Sykehuset Øst 2",
    ]
    with django_assert_num_queries(0):
        board(client, restplass="on")


def test_a_cached_board_drops_a_restplass_when_its_last_post_is_offered_and_back_when_declined(
    client, after_waves, marking, clock, recruiter, other_applicant
):
    now = clock(marking + SECOND)
    application = services.start_direct_application(
        user=other_applicant, posting=after_waves.east_2, now=now
    )
    services.submit_application(user=other_applicant, application=application, now=now)
    assert "LIS1 Sykehuset Øst 2" in card_titles(board(client, restplass="on"))

    offer = hiring_services.make_offer(user=recruiter, choice=application.choices.get())
    assert card_titles(board(client, restplass="on")) == ["LIS1 Sykehuset Øst 1"]
    hiring_services.decline_offer(user=other_applicant, offer=offer)
    assert card_titles(board(client, restplass="on")) == [
        "LIS1 Sykehuset Øst 1",
        "LIS1 Sykehuset Øst 2",
    ]
