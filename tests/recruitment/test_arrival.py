"""The deadline second (issue 18, part 5): a submission is judged by when it reached the
portal – the trusted proxy's X-Request-Start, else the moment Django took it in – plus the
grace period of the rules, never by when a loaded server got round to it."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.utils import timezone

from portal import clock
from recruitment.applications import services
from recruitment.models import Application, ApplicationRound
from tests.recruitment.editor import editor_url
from tests.recruitment.factories import DocumentFactory


def stamp(settings_count: int, header: str | None, settings):
    settings.TRUSTED_PROXY_COUNT = settings_count
    request = RequestFactory().get("/", **({"HTTP_X_REQUEST_START": header} if header else {}))
    clock.ArrivalMiddleware(lambda r: None)(request)
    return request.arrived_at


def test_a_trusted_proxys_request_start_is_the_arrival(settings):
    two_seconds_ago = time.time() - 2
    for header in (
        f"t={two_seconds_ago:.3f}",
        f"t={int(two_seconds_ago * 1000)}",
        f"{int(two_seconds_ago * 1_000_000)}",
    ):
        arrived = stamp(1, header, settings)
        assert abs(arrived.timestamp() - two_seconds_ago) < 0.01, header


def test_the_header_is_ignored_without_a_trusted_proxy_or_when_implausible(settings):
    before = timezone.now()
    assert stamp(0, f"t={time.time() - 30:.3f}", settings) >= before  # a client's own header
    assert stamp(1, f"t={time.time() + 3600:.3f}", settings) >= before  # in the future
    assert stamp(1, f"t={time.time() - 3600:.3f}", settings) >= before  # far too old
    assert stamp(1, "t=soon", settings) >= before


@pytest.fixture
def ready(applicant, make_application, hospital_postings):
    application = make_application(applicant, hospital_postings[:1])
    services.save_draft(
        user=applicant, application=application, documents=[DocumentFactory(owner=applicant)]
    )
    return application


def test_the_grace_period_extends_the_one_deadline_check(applicant, ready, settings):
    closes = ready.round.closes_at
    with pytest.raises(Exception, match="no longer accepted"):
        services.submit_application(
            user=applicant, application=ready, now=closes + timedelta(seconds=2)
        )
    settings.DEADLINE_GRACE_SECONDS = 5
    services.submit_application(
        user=applicant, application=ready, now=closes + timedelta(seconds=2)
    )
    ready.refresh_from_db()
    assert ready.submitted_at == closes + timedelta(seconds=2)  # when it arrived


def test_the_grace_period_is_shown_with_the_deadline(login, applicant, ready, settings):
    settings.DEADLINE_GRACE_SECONDS = 5
    page = login(applicant).get(ready.get_absolute_url()).content.decode()
    assert "up to 5 seconds after the deadline are accepted" in page
    assert 'id="deadline-countdown"' in page
    rules = login(applicant).get(f"/rounds/{ready.round_id}/apply/").content.decode()
    assert "up to 5 seconds after the deadline are accepted" in rules


def test_a_submit_that_arrived_through_the_proxy_in_time_is_accepted(
    login, applicant, ready, settings
):
    """Queued for three seconds before Django saw it, across the deadline."""
    settings.TRUSTED_PROXY_COUNT = 1
    now = timezone.now()
    ApplicationRound.objects.filter(pk=ready.round_id).update(closes_at=now - timedelta(seconds=1))
    client = login(applicant)
    sent = now - timedelta(seconds=3)
    response = client.post(
        editor_url(ready, "submit"),
        {},
        HTTP_X_REQUEST_START=f"t={sent.timestamp():.3f}",
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Application.Status.SUBMITTED
    assert abs((ready.submitted_at - sent).total_seconds()) < 0.01


@pytest.mark.django_db(transaction=True)
def test_submits_sent_before_the_deadline_but_processed_after_it_are_accepted(
    applicant, other_applicant, make_application, hospital_postings
):
    """Threads: four applicants press Submit before the deadline; every application row is
    held locked (a loaded server) until after the deadline has passed; all four are
    accepted because they arrived in time, and one sent after the deadline is refused."""
    from tests import factories
    from tests.recruitment.factories import ApplicantProfileFactory

    people = [applicant, other_applicant]
    for n in range(3):
        user = factories.UserFactory(email=f"soker{n}@example.no", full_name=f"Søker {n}")
        ApplicantProfileFactory(user=user)
        people.append(user)
    applications = []
    for person in people:
        application = make_application(person, hospital_postings[:1])
        services.save_draft(
            user=person, application=application, documents=[DocumentFactory(owner=person)]
        )
        applications.append(application)
    deadline = timezone.now() + timedelta(seconds=1.5)
    ApplicationRound.objects.filter(pk=applications[0].round_id).update(closes_at=deadline)

    results: dict[int, int] = {}
    arrived = threading.Barrier(4, timeout=10)  # four on time together; one late

    def submit(person, application, late=False):
        try:
            client = Client()
            client.force_login(person)
            if late:
                while timezone.now() < deadline + timedelta(seconds=0.2):
                    time.sleep(0.05)
            else:
                arrived.wait()
            response = client.post(editor_url(application, "submit"))
            results[application.pk] = response.status_code
        finally:
            connection.close()

    hold = threading.Event()
    locked = threading.Event()

    def busy_server():
        try:
            with transaction.atomic():
                list(
                    Application.objects.select_for_update().filter(
                        pk__in=[a.pk for a in applications]
                    )
                )
                locked.set()
                hold.wait(10)
        finally:
            connection.close()

    blocker = threading.Thread(target=busy_server)
    blocker.start()
    assert locked.wait(5)
    threads = [
        threading.Thread(target=submit, args=(p, a))
        for p, a in zip(people[:4], applications[:4], strict=True)
    ]
    threads.append(threading.Thread(target=submit, args=(people[4], applications[4], True)))
    for thread in threads:
        thread.start()
    while timezone.now() < deadline + timedelta(seconds=0.5):
        time.sleep(0.05)
    hold.set()  # the server gets round to them, after the deadline
    blocker.join()
    for thread in threads:
        thread.join(20)

    statuses = {a.pk: Application.objects.get(pk=a.pk) for a in applications}
    for application in applications[:4]:
        stored = statuses[application.pk]
        assert results[application.pk] == 302
        assert stored.status == Application.Status.SUBMITTED
        assert stored.submitted_at < deadline
        assert stored.updated_at > deadline  # processed after it
    assert results[applications[4].pk] == 400
    assert statuses[applications[4].pk].status == Application.Status.DRAFT
