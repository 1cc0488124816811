"""Background work of recruitment. Tasks receive ids and load fresh rows."""

from celery import shared_task

from recruitment.applications import emails


@shared_task(
    name="recruitment.tasks.send_application_receipt",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def send_application_receipt(application_id: int, kind: str, choice_id: int | None = None):
    """Queued by the application services after their transaction commits."""
    emails.send_receipt(application_id, kind, choice_id)


# The employer workflow's scheduled jobs (registered with Celery on import).
from recruitment.hiring import tasks as hiring_tasks  # noqa: E402, F401
