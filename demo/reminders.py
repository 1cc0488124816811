"""The reminder demo: an e-mail that arrives by itself about a minute after seeding.

``seed_demo`` calls ``seed_reminder_demo`` with the demo applicant. It sets up a joint
summer-job round whose deadline is exactly the first draft reminder's lead time (7 days)
plus a minute away, and gives the demo applicant an unsent draft in it. A minute later
the draft is due its "7 days before the deadline" reminder; the scheduler's next sweep
(``make demo`` runs one every two minutes) writes the e-mail to ``var/mail/``, and it
shows in the applicant's notification list — without anyone touching anything.

Running ``seed_demo`` again sets the deadline afresh and forgets the demo draft's earlier
reminders, so every ``make demo`` shows the e-mail again. Nothing else is changed: a demo
applicant who has sent the application in the meantime gets no reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from demo.data.rounds import SUMMER_ROUND
from portal.models import Notification, User
from recruitment.applications import services as application_services
from recruitment.models import Application, ApplicationRound, Posting, PostingKind

ROUND_NAME = SUMMER_ROUND
LEAD = timedelta(minutes=1)
DRAFT_OCCASIONS = ("draft_deadline_first", "draft_deadline_last")


@dataclass(frozen=True)
class ReminderDemo:
    applicant: User
    round: ApplicationRound
    due_at: datetime  # when the draft becomes due its first reminder

    def describe(self) -> str:
        due = date_format(timezone.localtime(self.due_at), "H:i:s")
        return (
            f"Reminder demo: {self.applicant.email} has an unsent draft in “{self.round.name}”, "
            f"which closes in {settings.REMINDER_DRAFT_FIRST_DAYS} days and a minute. Its "
            f"reminder is due at {due}; the scheduler's next sweep after that writes it to "
            "var/mail/ (with make demo, within about three minutes)."
        )


@transaction.atomic
def seed_reminder_demo(
    applicant: User | None, now: datetime, coordinator: User | None = None
) -> ReminderDemo | None:
    """The coordinator sets up (or moves) the round and puts the summer jobs in it; the
    applicant starts her application and ranks two of them: the round and application
    services, as on the coordinator's round page and the applicant's application page."""
    if applicant is None or coordinator is None:
        return None
    closes_at = now + timedelta(days=settings.REMINDER_DRAFT_FIRST_DAYS) + LEAD
    round = ApplicationRound.objects.filter(name=ROUND_NAME).first()
    if round is None:
        round = ApplicationRound(
            name=ROUND_NAME,
            opens_at=now - timedelta(days=14),
            max_choices=3,
            documents_required=False,
        )
    else:
        round.opens_at = min(round.opens_at, now - timedelta(days=1))
    round.closes_at = closes_at
    round = application_services.save_round(user=coordinator, round=round)
    # Summer jobs in no other round, and not applied for directly (they would lose their
    # deadline); in the round they take its deadline, as on the coordinator's round page.
    summer_jobs = list(
        Posting.objects.filter(
            Q(round__isnull=True) | Q(round=round),
            kind=PostingKind.SUMMER_JOB,
            status=Posting.Status.PUBLISHED,
            direct_applications__isnull=True,
        ).order_by("pk")
    )
    application_services.add_postings_to_round(user=coordinator, round=round, postings=summer_jobs)

    application = Application.objects.filter(applicant=applicant, round=round).first()
    if application is None:
        application = application_services.start_round_application(
            user=applicant, round=round, now=now
        )
        for posting in summer_jobs[:2]:
            application_services.add_choice(
                user=applicant, application=application, posting=posting, now=now
            )
    if application.status == Application.Status.DRAFT:
        Notification.objects.filter(
            occasion__in=DRAFT_OCCASIONS,
            content_type=ContentType.objects.get_for_model(Application),
            object_id=application.pk,
        ).delete()
    return ReminderDemo(applicant=applicant, round=round, due_at=now + LEAD)
