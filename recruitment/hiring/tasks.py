"""Scheduled jobs of the employer workflow (in portal.celery's BEAT_SCHEDULE). Each is a
short sweep that derives what is due from the database, so running it twice, late or
concurrently changes nothing more than running it once."""

from celery import shared_task

from recruitment.hiring import services


@shared_task(name="recruitment.hiring.tasks.release_offer_waves", ignore_result=True)
def release_offer_waves() -> int:
    """Release the offers prepared for every wave whose time has come."""
    return services.release_due_waves()


@shared_task(name="recruitment.hiring.tasks.expire_offers", ignore_result=True)
def expire_offers() -> int:
    """Expire open offers not answered by their deadline."""
    return services.expire_offers()
