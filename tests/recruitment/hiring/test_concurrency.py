"""Two people at the same moment, on real PostgreSQL connections in two threads: the last
place of an interview slot, and the last post of a posting."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from recruitment.hiring import services
from recruitment.models import Offer, Posting


def run_together(*targets):
    """Start the targets at the same moment; return what each returned or raised."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def wrap(index, target):
        def run():
            try:
                barrier.wait()
                results[index] = target()
            except Exception as error:  # reported by the test, not lost in the thread
                results[index] = error
            finally:
                connection.close()

        return threading.Thread(target=run)

    threads = [wrap(i, t) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return results


@pytest.fixture
def two_candidates(transactional_db, recruiter, candidates):
    return candidates(2)


def test_two_concurrent_bookings_of_the_last_place_never_overbook(
    recruiter, hospital_postings, two_candidates
):
    slot = services.create_slots(
        user=recruiter,
        posting=hospital_postings[0],
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=30,
        place="Kalnes",
        capacity=1,
    )[0]
    services.invite_to_interview(user=recruiter, posting=slot.posting, choices=two_candidates)
    for choice in two_candidates:
        choice.refresh_from_db()

    def book(choice):
        return lambda: services.book_slot(
            user=choice.application.applicant, invitation=choice.interview_invitation, slot=slot
        )

    results = run_together(*(book(c) for c in two_candidates))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], ValidationError)
    assert "just booked" in errors[0].messages[0]
    assert slot.bookings.filter(cancelled_at__isnull=True).count() == 1


def test_a_booking_waits_for_another_in_progress_and_then_sees_it(
    recruiter, hospital_postings, two_candidates
):
    """Deterministic: the first booking holds its transaction open; the second must block
    on the slot's lock and, once the first commits, be refused. Without the lock it would
    count no bookings and take the place too."""
    slot = services.create_slots(
        user=recruiter,
        posting=hospital_postings[0],
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=30,
        place="Kalnes",
    )[0]
    services.invite_to_interview(user=recruiter, posting=slot.posting, choices=two_candidates)
    first, second = (
        (c.application.applicant, type(c).objects.get(pk=c.pk).interview_invitation)
        for c in two_candidates
    )
    booked, release = threading.Event(), threading.Event()
    results = {}

    def hold_first():
        try:
            with transaction.atomic():
                services.book_slot(user=first[0], invitation=first[1], slot=slot)
                booked.set()
                release.wait(timeout=10)
            results["first"] = "booked"
        finally:
            connection.close()

    def contend():
        try:
            services.book_slot(user=second[0], invitation=second[1], slot=slot)
            results["second"] = "booked"
        except ValidationError as error:
            results["second"] = error.messages[0]
        finally:
            connection.close()

    holder = threading.Thread(target=hold_first)
    holder.start()
    assert booked.wait(timeout=10)
    contender = threading.Thread(target=contend)
    contender.start()
    contender.join(timeout=1)
    assert contender.is_alive(), "the second booking must wait for the slot's lock"
    release.set()
    holder.join(timeout=10)
    contender.join(timeout=10)
    assert results["first"] == "booked"
    assert "just booked" in results["second"]


def test_two_concurrent_acceptances_of_the_last_post_fill_it_once(
    recruiter, hospital_postings, two_candidates
):
    offers = [services.make_offer(user=recruiter, choice=c) for c in two_candidates]
    Posting.objects.filter(pk=hospital_postings[0].pk).update(number_of_posts=1)

    def accept(offer):
        return lambda: services.accept_offer(user=offer.application.applicant, offer=offer)

    results = run_together(*(accept(o) for o in offers))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert "filled" in errors[0].messages[0]
    assert Offer.objects.filter(status=Offer.Status.ACCEPTED).count() == 1
