"""Background work for surveys: a sweep over the database, safe to repeat. (Invitations and
reminders are e-mails: notifications, delivered by portal/notifications.py.)"""

from celery import shared_task

from feedback import services


@shared_task(name="feedback.tasks.release_pending_responses", ignore_result=True)
def release_pending_responses() -> None:
    """Periodic (beat): move held answers into the results in shuffled batches."""
    services.release_pending_responses()
