"""Two people taking the last place at the same moment, on real PostgreSQL connections."""

import threading

import pytest
from django.db import connection, transaction

from careers import services
from careers.models import Registration
from tests import factories
from tests.careers.factories import EventFactory

Status = Registration.Status


def in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # reported by the test, not lost in the thread
            results[key] = error
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.fixture
def last_place(transactional_db, hospital):
    return EventFactory(organisers=[hospital], capacity=1)


def test_two_concurrent_registrations_for_the_last_place_give_one_place_and_one_queue(
    last_place,
):
    first, second = factories.UserFactory(), factories.UserFactory()
    barrier = threading.Barrier(2)
    results = {}

    def register(user):
        def go():
            barrier.wait()
            return services.register(user=user, event=last_place).status

        return go

    threads = [in_thread(register(u), results, u.pk) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results.values()) == [Status.CONFIRMED, Status.WAITING]
    assert last_place.registrations.filter(status=Status.CONFIRMED).count() == 1


def test_a_registration_waits_for_another_in_progress_and_then_sees_it(last_place):
    """Deterministic version: the first registration holds its transaction open; the
    second must block on the event lock and, once the first commits, be queued. Without
    the lock the second would count zero places taken and also be confirmed."""
    first, second = factories.UserFactory(), factories.UserFactory()
    first_registered, release = threading.Event(), threading.Event()
    results = {}

    def hold_first():
        with transaction.atomic():
            status = services.register(user=first, event=last_place).status
            first_registered.set()
            release.wait(timeout=10)
        return status

    holder = in_thread(hold_first, results, "first")
    holder.start()
    assert first_registered.wait(timeout=10)
    contender = in_thread(
        lambda: services.register(user=second, event=last_place).status, results, "second"
    )
    contender.start()
    contender.join(timeout=1)
    assert contender.is_alive(), "the second registration must wait for the event lock"
    release.set()
    holder.join(timeout=10)
    contender.join(timeout=10)
    assert results == {"first": Status.CONFIRMED, "second": Status.WAITING}


def test_concurrent_cancellation_and_registration_never_overbook(last_place):
    holder, waiting, newcomer = (factories.UserFactory() for _ in range(3))
    services.register(user=holder, event=last_place)
    services.register(user=waiting, event=last_place)
    barrier = threading.Barrier(2)
    results = {}

    def cancel():
        barrier.wait()
        return services.cancel_registration(user=holder, event=last_place).status

    def register():
        barrier.wait()
        return services.register(user=newcomer, event=last_place).status

    threads = [in_thread(cancel, results, "cancel"), in_thread(register, results, "new")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert results["cancel"] == Status.CANCELLED
    statuses = dict(last_place.registrations.values_list("user_id", "status"))
    # The freed place goes to whoever was first in line, never to two people.
    assert statuses[waiting.pk] == Status.CONFIRMED
    assert statuses[newcomer.pk] == Status.WAITING
    assert list(statuses.values()).count(Status.CONFIRMED) == 1
