"""Background work of recruitment. Tasks receive ids and load fresh rows."""

# The employer workflow's scheduled jobs (registered with Celery on import).
from recruitment.hiring import tasks as hiring_tasks  # noqa: F401
