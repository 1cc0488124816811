"""Background work for surveys. Both tasks are sweeps over the database and safe to repeat."""

from smtplib import SMTPException

from celery import shared_task

from feedback import services


@shared_task(name="feedback.tasks.release_pending_responses", ignore_result=True)
def release_pending_responses() -> None:
    """Periodic (beat): move held answers into the results in shuffled batches."""
    services.release_pending_responses()


@shared_task(
    name="feedback.tasks.send_invitations",
    ignore_result=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def send_invitations(campaign_id: int) -> None:
    services.send_invitations(campaign_id)
