"""Job alerts (recruitment/alerts.py): a saved board search, double opt-in, a digest per
period of exactly the new postings the board shows for it, and an unsubscribe link that
needs no sign-in. Time travels by sweeping at a later ``now``; e-mail goes to locmem."""

import random
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.http import QueryDict
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from portal import notifications
from portal.models import Notification, NotificationSetting
from recruitment import alerts
from recruitment.models import JobAlert, JobAlertDigest, PostingKind, Specialty
from tests import factories
from tests.reminders import materialise_at, messages_to, occasion_of, sweep_at

BOARD = reverse("recruitment:board")
NEW = reverse("recruitment:alert_new")
DIGEST, CONFIRM = "job_alert_digest", "job_alert_confirm"


def post(client, url, data=None):
    """A POST whose e-mails are delivered, as they are once its transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in the e-mail's text that starts with ``path_prefix``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", message.body)
    assert match, f"no {path_prefix} link in: {message.body}"
    return match.group(1)


def board_ids(client, query: str, now) -> set[int]:
    """Everything the board lists for the query (all pages), through the board's view."""
    response = client.get(f"{BOARD}?{query}")
    assert response.status_code == 200
    return set(response.context["page"].paginator.object_list.values_list("pk", flat=True))


# --- The digest is the board ---------------------------------------------------------------


@pytest.fixture
def organisations(db):
    return {
        "employers": [factories.OrganisationFactory(name=f"Sykehus {n}") for n in range(2)],
        "municipalities": [factories.MunicipalityFactory(name=f"Kommune {n}") for n in range(2)],
    }


WORDS = ["kirurgi", "indremedisin", "psykiatri", "fastlege"]


def make_postings(rng, organisations, count, published_at):
    made = []
    for n in range(count):
        employer = rng.choice(organisations["employers"] + organisations["municipalities"])
        word = rng.choice(WORDS)
        closed = rng.random() < 0.2
        made.append(
            factories.PostingFactory(
                title=f"{word.capitalize()} {published_at:%d%H} nr {n} {rng.randint(0, 10**6)}",
                summary=f"Stilling i {word}.",
                kind=rng.choice([PostingKind.LIS1, PostingKind.ALIS, PostingKind.CONSULTANT]),
                employer=employer,
                municipality=rng.choice(organisations["municipalities"]),
                specialty=rng.choice(["", Specialty.GENERAL_PRACTICE, Specialty.SURGERY]),
                deadline=timezone.now() + timedelta(days=-1 if closed else rng.randint(5, 60)),
                start_date=date.today() + timedelta(days=rng.randint(30, 300)),
                published_at=published_at,
            )
        )
    return made


def random_search(rng, organisations) -> QueryDict:
    data = QueryDict(mutable=True)
    if rng.random() < 0.5:
        data["q"] = rng.choice(WORDS)
    if rng.random() < 0.6:
        data.setlist("kind", rng.sample(["lis1", "alis", "consultant"], rng.randint(1, 2)))
    if rng.random() < 0.4:
        org = rng.choice(organisations["employers"] + organisations["municipalities"])
        data["employer"] = str(org.pk)
    if rng.random() < 0.4:
        data["municipality"] = str(rng.choice(organisations["municipalities"]).pk)
    if rng.random() < 0.3:
        data["specialty"] = rng.choice([Specialty.GENERAL_PRACTICE, Specialty.SURGERY])
    if rng.random() < 0.3:
        data["start_from"] = (date.today() + timedelta(days=rng.randint(30, 200))).isoformat()
    if rng.random() < 0.3:
        data["start_to"] = (date.today() + timedelta(days=rng.randint(100, 300))).isoformat()
    if rng.random() < 0.2:
        data["include_closed"] = "on"  # the board's option; a digest lists open postings
    if rng.random() < 0.2:
        data["sort"] = "title"
    return data


@pytest.mark.parametrize("seed", range(1, 8))
def test_a_digest_lists_exactly_the_new_postings_the_board_shows_for_the_search(
    client, organisations, seed
):
    rng = random.Random(seed)
    now = timezone.now()
    confirmed = now - timedelta(days=2)
    make_postings(rng, organisations, 12, published_at=now - timedelta(days=3))  # old
    searches = [random_search(rng, organisations) for _ in range(5)]
    people = []
    for n, search in enumerate(searches):
        query = alerts.saved_query(search, now)
        assert query is not None
        user = factories.UserFactory(email=f"person{n}@example.no")
        alert = alerts.create_for_user(user, query, JobAlert.Frequency.DAILY, confirmed)
        people.append((user, alert, search))
    new = make_postings(rng, organisations, 25, published_at=now - timedelta(days=1))
    new_ids = {p.pk for p in new}

    sweep_at(now)

    sizes = []
    for user, alert, search in people:
        # The board's own answer for the search as the person made it (with its order
        # and "include closed"), less what is closed now and what is not new.
        board_query = search.copy()
        board_query.pop("include_closed", None)
        expected = board_ids(client, board_query.urlencode(), now) & new_ids
        digest = JobAlertDigest.objects.get(alert=alert)
        assert set(digest.postings.values_list("pk", flat=True)) == expected
        sizes.append(len(expected))
        received = messages_to(user.email, DIGEST)
        if not expected:
            assert received == []
            continue
        [message] = received
        shown = {p.pk for p in new if p.title in message.body}
        assert shown == expected
        assert str(len(expected)) in message.subject
    assert any(sizes), "the searches should find something new"


def test_each_period_is_sent_once_and_lists_only_what_is_new_since_the_last(db, posting):
    user = factories.UserFactory(email="lege@example.no")
    start = timezone.now() - timedelta(days=10)
    alerts.create_for_user(user, "", JobAlert.Frequency.WEEKLY, start)
    first = factories.PostingFactory(title="Første", published_at=start + timedelta(days=1))
    at = start + timedelta(days=7, minutes=1)
    sweep_at(at)
    sweep_at(at + timedelta(minutes=5))  # a second sweep finds the period done
    [message] = messages_to(user.email, DIGEST)
    assert "Første" in message.body
    assert posting.title not in message.body
    second = factories.PostingFactory(title="Andre", published_at=at + timedelta(days=1))
    sweep_at(at + timedelta(days=6))  # the week is not over
    assert len(messages_to(user.email, DIGEST)) == 1
    sweep_at(at + timedelta(days=7, minutes=1))
    later = messages_to(user.email, DIGEST)[1]
    assert "Andre" in later.body
    assert "Første" not in later.body
    assert Notification.objects.filter(occasion=DIGEST).count() == 2
    assert first.pk != second.pk


def test_a_period_with_nothing_new_sends_nothing_and_moves_on(db):
    user = factories.UserFactory(email="lege@example.no")
    start = timezone.now() - timedelta(days=3)
    alert = alerts.create_for_user(user, "q=ingenting", JobAlert.Frequency.DAILY, start)
    sweep_at(timezone.now())
    assert messages_to(user.email) == []
    assert alert.digests.count() == 1
    assert not Notification.objects.filter(occasion=DIGEST).exists()


# --- Double opt-in --------------------------------------------------------------------------


def test_a_visitor_gets_no_digest_before_confirming_and_then_only_newer_postings(client, db):
    response = post(
        client,
        f"{NEW}?kind=lis1&sort=title&page=2",
        {"email": "Ola@Example.no", "frequency": "daily"},
    )
    assert response.status_code == 200
    alert = JobAlert.objects.get()
    assert (alert.email, alert.query, alert.confirmed_at) == ("ola@example.no", "kind=lis1", None)
    [message] = mail.outbox
    assert occasion_of(message) == CONFIRM
    assert message.to == ["ola@example.no"]
    factories.PostingFactory(title="Før bekreftelse", kind=PostingKind.LIS1)
    sweep_at(timezone.now() + timedelta(days=3))
    assert [occasion_of(m) for m in mail.outbox] == [CONFIRM]  # nothing before confirming

    confirm = link_in(message, "/jobs/alerts/confirm/")
    assert client.get(confirm).status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is None  # opening the link (a mail scanner) confirms nothing
    assert client.post(confirm).status_code == 200
    assert client.post(confirm).status_code == 200  # twice is harmless
    alert.refresh_from_db()
    confirmed_at = alert.confirmed_at
    assert confirmed_at is not None

    factories.PostingFactory(
        title="Etter bekreftelse",
        kind=PostingKind.LIS1,
        published_at=confirmed_at + timedelta(hours=1),
    )
    sweep_at(confirmed_at + timedelta(days=1, minutes=1))
    [digest] = messages_to("ola@example.no", DIGEST)
    assert "Etter bekreftelse" in digest.body
    assert "Før bekreftelse" not in digest.body


def test_a_forged_or_expired_confirmation_link_confirms_nothing(client, db):
    alert = JobAlert.objects.create(email="ola@example.no", query="")
    token = alerts.confirm_token(alert)
    assert client.post(reverse("recruitment:alert_confirm", args=[token + "x"])).status_code == 404
    with override_settings(JOB_ALERT_CONFIRM_DAYS=1), pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + timedelta(days=2)
        patch.setattr("time.time", lambda: later.timestamp())
        response = client.post(reverse("recruitment:alert_confirm", args=[token]))
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.confirmed_at is None


def test_the_answer_does_not_tell_whether_the_address_has_alerts_or_an_account(client, db):
    factories.UserFactory(email="har.konto@example.no")
    JobAlert.objects.create(
        email="bekreftet@example.no", query="kind=lis1", confirmed_at=timezone.now()
    )
    answers = []
    for email in ("har.konto@example.no", "bekreftet@example.no", "ny@example.no"):
        response = post(client, f"{NEW}?kind=lis1", {"email": email, "frequency": "weekly"})
        page = response.content.decode().replace(email, "@")
        # Each page has its own CSP nonce and CSRF token; nothing else may differ.
        page = re.sub(r'(nonce|value)="[^"]*"|nonce-[^\']*', "", page)
        answers.append((response.status_code, page))
    assert answers[0] == answers[1] == answers[2]
    # The confirmed alert gets no second confirmation; the others get theirs.
    assert sorted(m.to[0] for m in mail.outbox) == ["har.konto@example.no", "ny@example.no"]


def test_a_search_the_board_refuses_is_not_saved(client, db):
    response = post(
        client, f"{NEW}?start_from=not-a-date", {"email": "a@example.no", "frequency": "daily"}
    )
    assert response.status_code == 400
    assert not JobAlert.objects.exists()


@override_settings(JOB_ALERT_ADDRESS_LIMIT="2/1h/key", JOB_ALERT_IP_LIMIT="4/1h/ip")
def test_alert_creation_is_throttled_per_address_and_per_network(client, db):
    from django.core.cache import cache

    cache.clear()
    for n in range(3):
        response = post(client, f"{NEW}?q=a{n}", {"email": "same@example.no", "frequency": "daily"})
        assert response.status_code == 200  # the same answer, beyond the limit too
    assert len(mail.outbox) == 2  # but only two confirmations for the address
    response = post(client, f"{NEW}?q=x", {"email": "other@example.no", "frequency": "daily"})
    assert response.status_code == 200
    response = post(client, f"{NEW}?q=y", {"email": "third@example.no", "frequency": "daily"})
    assert response.status_code == 429
    assert 'value="third@example.no"' in response.content.decode()  # nothing typed is lost
    cache.clear()


# --- Unsubscribing --------------------------------------------------------------------------


@pytest.fixture
def visitor_digest(db):
    """A visitor's confirmed alert and its first digest, sent."""
    start = timezone.now() - timedelta(days=2)
    alert = JobAlert.objects.create(
        email="ola@example.no", query="", frequency="daily", confirmed_at=start
    )
    factories.PostingFactory(title="Ny stilling", published_at=start + timedelta(hours=1))
    sweep_at(timezone.now())
    [message] = messages_to("ola@example.no", DIGEST)
    return alert, message


def test_unsubscribing_needs_no_login_and_is_idempotent(visitor_digest):
    alert, message = visitor_digest
    url = link_in(message, "/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{url}>")
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert JobAlert.objects.filter(pk=alert.pk).exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert client.post(url).status_code == 403  # the page's form needs its CSRF token
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 200
    assert not JobAlert.objects.filter(pk=alert.pk).exists()
    again = client.post(url, {"csrfmiddlewaretoken": token})
    assert again.status_code == 200
    assert "unsubscribed" in again.content.decode().lower()
    sweep_at(timezone.now() + timedelta(days=8))
    assert len(messages_to("ola@example.no", DIGEST)) == 1


def test_a_mail_clients_one_click_post_unsubscribes_without_csrf_or_cookies(visitor_digest):
    alert, message = visitor_digest
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1]
    url = url[url.index("/") :]
    client = Client(enforce_csrf_checks=True)
    for _ in range(2):
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
    assert not JobAlert.objects.filter(pk=alert.pk).exists()


def test_a_forged_unsubscribe_link_does_nothing(visitor_digest, client):
    alert, message = visitor_digest
    url = link_in(message, "/unsubscribe/")
    forged = url.rstrip("/")[:-3] + "abc/"
    assert client.post(forged, {"List-Unsubscribe": "One-Click"}).status_code == 404
    assert JobAlert.objects.filter(pk=alert.pk).exists()


def test_an_account_holders_unsubscribe_link_turns_the_occasion_off(db, posting):
    user = factories.UserFactory(email="lege@example.no")
    occasion = notifications.occasions()["draft_deadline_first"]
    row = Notification(recipient=user, occasion=occasion.key, content_type_id=1, object_id=1)
    token = notifications.unsubscribe_token(row, occasion, posting)
    client = Client(enforce_csrf_checks=True)  # not signed in
    url = reverse("unsubscribe", args=[token])
    for _ in range(2):
        assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    setting = NotificationSetting.objects.get(user=user, occasion=occasion.key)
    assert setting.enabled is False
    assert {o.key: on for o, on in notifications.preferences(user)}[occasion.key] is False


def test_no_unsubscribe_link_for_a_transactional_occasion(db):
    occasion = notifications.occasions()["application_submitted"]
    row = Notification(recipient=None, occasion=occasion.key, content_type_id=1, object_id=1)
    token = notifications.unsubscribe_token(row, occasion, None)
    response = Client().post(
        reverse("unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 404


# --- Headers on every message ------------------------------------------------------------------


def test_optional_messages_carry_list_unsubscribe_and_transactional_ones_do_not(
    visitor_digest, client
):
    post(client, f"{NEW}?q=x", {"email": "ny@example.no", "frequency": "daily"})
    messages = {occasion_of(m): m for m in mail.outbox}
    assert set(messages) == {DIGEST, CONFIRM}
    for key, message in messages.items():
        occasion = notifications.occasions()[key]
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        if occasion.optional:
            assert message.extra_headers["List-Unsubscribe"].startswith("<http")
            assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert "/unsubscribe/" in message.body
            assert "/unsubscribe/" in message.alternatives[0].content
        else:
            assert "List-Unsubscribe" not in message.extra_headers
            assert "List-Unsubscribe-Post" not in message.extra_headers
            assert "/unsubscribe/" not in message.body


def test_every_optional_occasion_gets_the_headers_when_rendered(db, posting):
    """Whatever the occasion, the one place messages are built adds the headers exactly
    when the occasion is optional."""
    user = factories.UserFactory(email="lege@example.no")
    rendered = set()
    for occasion in notifications.occasions().values():
        row = Notification(recipient=user, occasion=occasion.key, content_type_id=1, object_id=1)
        try:
            message = notifications.render_message(row, occasion, posting, user.email, "nb")
        except Exception:  # noqa: S112 – a posting is not every occasion's object
            continue
        rendered.add(occasion.optional)
        headers = message.extra_headers
        assert headers["Auto-Submitted"] == "auto-generated"
        assert ("List-Unsubscribe" in headers) is occasion.optional, occasion.key
    assert True in rendered


# --- The person's own alerts --------------------------------------------------------------------


def test_a_signed_in_person_saves_sees_and_deletes_their_alerts(
    client, db, django_assert_max_num_queries
):
    user = factories.UserFactory(email="lege@example.no")
    other = factories.UserFactory(email="annen@example.no")
    others = alerts.create_for_user(other, "kind=alis", "daily", timezone.now())
    client.force_login(user)
    response = post(client, f"{NEW}?kind=lis1&q=kirurgi", {"frequency": "weekly"})
    assert response.status_code == 302
    alert = JobAlert.objects.get(user=user)
    assert alert.confirmed_at is not None  # the account's address was verified at sign-up
    assert not mail.outbox
    for n in range(5):
        alerts.create_for_user(user, f"q=ord{n}", "daily", timezone.now())
    with django_assert_max_num_queries(8):
        page = client.get(reverse("recruitment:my_alerts"))
    assert page.status_code == 200
    assert "kirurgi" in page.content.decode()
    assert client.post(reverse("recruitment:alert_delete", args=[others.pk])).status_code == 404
    assert JobAlert.objects.filter(pk=others.pk).exists()
    assert client.post(reverse("recruitment:alert_delete", args=[alert.pk])).status_code == 302
    assert not JobAlert.objects.filter(pk=alert.pk).exists()


def test_deleting_an_alert_drops_its_digest_not_yet_sent(db):
    user = factories.UserFactory(email="lege@example.no")
    start = timezone.now() - timedelta(days=2)
    alert = alerts.create_for_user(user, "", "daily", start)
    factories.PostingFactory(published_at=start + timedelta(hours=1))
    materialise_at(timezone.now())
    row = Notification.objects.get(occasion=DIGEST)
    alerts.delete(alert.pk)
    row.refresh_from_db()
    assert row.status == Notification.Status.OBSOLETE


# --- Personal data --------------------------------------------------------------------------


def test_an_unconfirmed_address_is_kept_only_as_long_as_its_link_works(db):
    from portal import gdpr

    old = JobAlert.objects.create(email="gammel@example.no", query="")
    JobAlert.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    fresh = JobAlert.objects.create(email="ny@example.no", query="")
    confirmed = JobAlert.objects.create(
        email="bekreftet@example.no", query="", confirmed_at=timezone.now() - timedelta(days=30)
    )
    JobAlert.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=30))
    gdpr.apply_retention()
    assert set(JobAlert.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_a_persons_alerts_are_in_their_export_and_go_with_their_account(db):
    from portal import gdpr

    user = factories.UserFactory(email="lege@example.no")
    alerts.create_for_user(user, "kind=lis1", "weekly", timezone.now())
    assert gdpr.export_data(user)["job_alerts"][0]["search"] == "kind=lis1"
    gdpr.delete_account(user)
    assert not JobAlert.objects.exists()


def test_account_mail_from_allauth_is_marked_automatic_and_transactional(client, db):
    user = factories.UserFactory(email="lege@example.no")
    client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mail.outbox
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in message.extra_headers


def test_someone_without_an_account_unsubscribes_from_a_kind_of_message_about_one_thing(db):
    """Survey reminders to an invitee without an account: the link turns off this message
    (first and second reminder) about this invitation, the ones not yet due included."""
    from django.contrib.contenttypes.models import ContentType

    from feedback.models import Invitation

    content_type = ContentType.objects.get_for_model(Invitation)
    occasion = notifications.occasions()["survey_reminder_first"]
    pending = Notification.objects.create(
        recipient=None,
        occasion=occasion.key,
        content_type=content_type,
        object_id=41,
        next_attempt_at=timezone.now(),
    )
    token = notifications.unsubscribe_token(pending, occasion, None)
    url = reverse("unsubscribe", args=[token])
    for _ in range(2):
        assert Client().post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    pending.refresh_from_db()
    assert pending.status == Notification.Status.SKIPPED
    second = Notification.objects.get(occasion="survey_reminder_second", object_id=41)
    assert second.status == Notification.Status.SKIPPED
    assert not Notification.objects.filter(object_id=41, status="pending").exists()
    assert not Notification.objects.filter(object_id=42).exists()


def test_the_alert_pages_take_a_few_queries(client, visitor_digest, django_assert_max_num_queries):
    alert, message = visitor_digest
    employer = factories.OrganisationFactory(name="Sykehuset")
    with django_assert_max_num_queries(6):
        assert client.get(f"{NEW}?kind=lis1&q=lege&employer={employer.pk}").status_code == 200
    with django_assert_max_num_queries(4):
        confirm = reverse("recruitment:alert_confirm", args=[alerts.confirm_token(alert)])
        page = client.get(confirm)
    assert page.status_code == 200
    assert "is confirmed" in page.content.decode()  # confirmed already: nothing to press
    with django_assert_max_num_queries(4):
        assert client.get(link_in(message, "/unsubscribe/")).status_code == 200
