"""Reminders of the application portal (RM), registered with portal.notifications.

- An unsent draft when its deadline comes near: a first reminder some days before (7 by
  default) and a last one the day before. A round's deadline counts for drafts in a round,
  the posting's for a direct application. Submitted, withdrawn and deleted drafts get
  nothing; each reminder reaches each application at most once.
- A posting's deadline passed: its employer's recruiters (and whoever created it, while
  they still act for the employer) get a summary of the applications received — counts
  only, no names: e-mail is no place for applicants' personal data.

Each ``find_*`` function reads only the database and the ``now`` it is given, so tests can
travel in time by passing a later ``now``.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal import notifications, permissions
from portal.notifications import Due, Occasion
from recruitment import alerts
from recruitment.applications.selectors import is_prefetched
from recruitment.applications.services import submission_problems
from recruitment.models import Application, Choice, ChoiceStatus, Document, Posting
from recruitment.recipients import posting_recipients

# --- Unsent drafts -------------------------------------------------------------------------


def drafts_closing_between(after: datetime, until: datetime, now: datetime):
    """Unsent drafts whose deadline (``Application.closes_at``) falls in (after, until], in
    rounds that have opened or to published postings."""
    return (
        Application.objects.closing_between(after, until)
        .filter(
            Q(round__opens_at__lte=now)
            | Q(round__isnull=True, posting__status=Posting.Status.PUBLISHED),
            status=Application.Status.DRAFT,
            applicant__is_active=True,
        )
        .order_by("pk")
    )


def find_drafts_first(now: datetime) -> Iterator[Due]:
    """From the first reminder's moment (7 days before) until the last one's (1 day
    before). A draft started within that time still gets it, once."""
    after = now + timedelta(days=settings.REMINDER_DRAFT_LAST_DAYS)
    until = now + timedelta(days=settings.REMINDER_DRAFT_FIRST_DAYS)
    for application in drafts_closing_between(after, until, now):
        yield Due(application.applicant_id, application)


def find_drafts_last(now: datetime) -> Iterator[Due]:
    """From the last reminder's moment (1 day before) until the deadline."""
    until = now + timedelta(days=settings.REMINDER_DRAFT_LAST_DAYS)
    for application in drafts_closing_between(now, until, now):
        yield Due(application.applicant_id, application)


def draft_still_unsent(application: Application, user) -> bool:
    """Checked again just before sending: a retry may come after the draft was sent."""
    return application.status == Application.Status.DRAFT and application.is_open()


def load_drafts(ids: list[int]) -> dict[int, Application]:
    """Drafts with everything their reminder shows, for a whole delivery batch in a fixed
    number of queries (a round's deadline makes tens of thousands due at once)."""
    return (
        Application.objects.select_related("round", "posting", "applicant__applicant_profile")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=Choice.objects.select_related("posting__employer").order_by("rank"),
            ),
            "documents",
            "applicant__applicant_profile__interests",
            Prefetch(
                "applicant__documents", queryset=Document.objects.filter(kind=Document.Kind.CV)
            ),
        )
        .in_bulk(ids)
    )


def draft_context(application: Application, user) -> dict:
    if not is_prefetched(application, "choices"):  # a single delivery, not a batch
        application = load_drafts([application.pk])[application.pk]
    choices = [c for c in application.choices.all() if c.is_listed]
    return {
        "application": application,
        "closes_at": application.closes_at,
        "choices": choices,
        "problems": submission_problems(application),
    }


# --- Posting deadline passed ---------------------------------------------------------------


def postings_just_closed(now: datetime):
    """Published (or already closed) postings whose deadline passed within the last few
    days; older ones are not announced when reminders are first switched on."""
    since = now - timedelta(days=settings.REMINDER_POSTING_CLOSED_WITHIN_DAYS)
    return (
        Posting.objects.deadline_between(since, now)
        .filter(status__in=[Posting.Status.PUBLISHED, Posting.Status.CLOSED])
        .select_related("employer__parent")
        .order_by("pk")
    )


def find_postings_closed(now: datetime) -> Iterator[Due]:
    postings = list(postings_just_closed(now))
    recipients = posting_recipients(postings)
    for posting in postings:
        for user_id in sorted(recipients[posting.pk]):
            yield Due(user_id, posting)


def application_summary(posting: Posting) -> dict[str, int]:
    """How many applied (sent applications ranking the posting), and how many of those
    have since withdrawn. Drafts never count: employers never see them."""
    counts = (
        Choice.objects.submitted()
        .filter(posting=posting)
        .aggregate(
            received=Count("pk"),
            withdrawn=Count("pk", filter=Q(status=ChoiceStatus.WITHDRAWN)),
        )
    )
    return {**counts, "active": counts["received"] - counts["withdrawn"]}


def posting_closed_context(posting: Posting, user) -> dict:
    return {"posting": posting, **application_summary(posting)}


def posting_applicants_url(posting: Posting, user) -> str:
    return reverse("recruitment:posting_applicants", kwargs={"pk": posting.pk})


# --- Registration --------------------------------------------------------------------------

DRAFT_REASON = _(
    "You get this e-mail because you have started an application in Legeportalen that "
    "has not been sent. It stops once the application is sent or deleted."
)

notifications.register(
    Occasion(
        key="draft_deadline_first",
        label=format_lazy(
            _("Your unsent application: a reminder {days} days before the deadline"),
            days=settings.REMINDER_DRAFT_FIRST_DAYS,
        ),
        reason=DRAFT_REASON,
        find_due=find_drafts_first,
        still_due=draft_still_unsent,
        context=draft_context,
        load=load_drafts,
        template="draft_deadline",
    )
)
notifications.register(
    Occasion(
        key="draft_deadline_last",
        label=_("Your unsent application: a last reminder the day before the deadline"),
        reason=DRAFT_REASON,
        find_due=find_drafts_last,
        still_due=draft_still_unsent,
        context=draft_context,
        load=load_drafts,
        template="draft_deadline",
    )
)
notifications.register(
    Occasion(
        key="posting_deadline_passed",
        label=_("Staff: the deadline of a posting has passed, with the number of applicants"),
        reason=_(
            "You get this e-mail because you recruit for the employer of this posting in "
            "Legeportalen."
        ),
        find_due=find_postings_closed,
        context=posting_closed_context,
        link=posting_applicants_url,
        shown_to=permissions.has_staff_role,
    )
)


# --- Receipts (immediate: written by the application services) ----------------------------


def receipt_context(application: Application, user) -> dict:
    choices = sorted(application.choices.all(), key=lambda c: c.rank)
    return {"application": application, "active_choices": [c for c in choices if c.is_listed]}


def choice_receipt_context(choice: Choice, user) -> dict:
    return {**receipt_context(choice.application, user), "withdrawn_choice": choice}


def load_applications(ids: list[int]) -> dict[int, Application]:
    return (
        Application.objects.select_related("round", "posting")
        .prefetch_related(
            Prefetch("choices", queryset=Choice.objects.select_related("posting__employer"))
        )
        .in_bulk(ids)
    )


def load_choices(ids: list[int]) -> dict[int, Choice]:
    return (
        Choice.objects.select_related("application__round", "application__posting")
        .prefetch_related(
            Prefetch(
                "application__choices", queryset=Choice.objects.select_related("posting__employer")
            )
        )
        .in_bulk(ids)
    )


RECEIPT_REASON = _(
    "You get this e-mail because you sent or changed an application in Legeportalen. "
    "Receipts cannot be turned off."
)

notifications.register(
    Occasion(
        key="application_submitted",
        label=_("Receipt when you submit an application"),
        reason=RECEIPT_REASON,
        optional=False,
        context=receipt_context,
        load=load_applications,
    )
)
notifications.register(
    Occasion(
        key="application_withdrawn",
        label=_("Receipt when you withdraw an application"),
        reason=RECEIPT_REASON,
        optional=False,
        context=receipt_context,
        load=load_applications,
    )
)
notifications.register(
    Occasion(
        key="application_choice_withdrawn",
        label=_("Receipt when you withdraw one posting from your application"),
        reason=RECEIPT_REASON,
        optional=False,
        context=choice_receipt_context,
        link=lambda choice, user: choice.application.get_absolute_url(),
        load=load_choices,
    )
)

# Job alerts: the digests, and the confirmation asked for (recruitment/alerts.py).
# The employer workflow's e-mails (recruitment/hiring/occasions.py) and the letters
# (recruitment/letters/occasions.py) are found by portal/discovery.py, in that order.
notifications.register(
    Occasion(
        key="job_alert_digest",
        label=_("Job alerts: new postings matching your saved searches"),
        reason=_(
            "You get this e-mail because you saved a search on the job board in "
            "Legeportalen and confirmed your address. Unsubscribing deletes the alert."
        ),
        find_due=alerts.find_digests,
        context=alerts.digest_context,
        link=alerts.digest_link,
        load=alerts.load_digests,
        address=alerts.alert_address,
        still_due=alerts.digest_still_due,
        unsubscribe_key=lambda digest: str(digest.alert_id),
        unsubscribe=alerts.unsubscribe,
    )
)
notifications.register(
    Occasion(
        key="job_alert_confirm",
        label=_("Job alerts: confirm your e-mail address"),
        reason=_(
            "You get this e-mail because someone saved a job alert for this address in "
            "Legeportalen. If it was not you, do nothing: no alerts are sent unless the "
            "link is used."
        ),
        optional=False,  # asked for, once, and the only way to start the alert
        context=alerts.confirm_context,
        link=alerts.confirm_link,
        address=alerts.alert_address,
        shown_to=lambda user: False,  # visitors only: there is nothing to turn off
    )
)
