"""Writes to the job board. Each checks the posting's state and changes it atomically.
Also the one way a choice's status is recorded (``record_choice_status``), for the
applications and the employers' workflow alike."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import permissions
from portal.models import User
from recruitment import hooks
from recruitment.models import Choice, ChoiceEvent, Posting


def _check_may_manage(user: User, posting: Posting) -> None:
    if not permissions.can_act_for(user, posting.employer_id):
        raise PermissionDenied


def record_choice_status(
    choices: Iterable[Choice], status: str, actor: User | None, reason_code: str = ""
) -> None:
    """Set the choices' status and write their timeline; ``reason_code`` (a
    ``StatusReason``) when the portal changes it by itself. Inside the caller's
    transaction, with the choices' application (or offer) already locked by the caller."""
    now = timezone.now()
    choices = list(choices)
    for choice in choices:
        choice.status = status
        choice.status_changed_at = now
    Choice.objects.bulk_update(choices, ["status", "status_changed_at"])
    ChoiceEvent.objects.bulk_create(
        ChoiceEvent(choice=choice, status=status, at=now, actor=actor, reason_code=reason_code)
        for choice in choices
    )


def validate_dates(posting: Posting) -> None:
    """A post starts after its application deadline (in Norwegian local time)."""
    deadline = posting.application_deadline()
    if posting.start_date and deadline and posting.start_date <= timezone.localdate(deadline):
        raise ValidationError(
            {"start_date": _("The start date must be after the application deadline.")}
        )


def validate_publishable(posting: Posting, now: datetime | None = None) -> None:
    """What must hold for a posting to be (re)published or for its deadline to be moved."""
    validate_dates(posting)
    if posting.application_deadline() <= (now or timezone.now()):
        raise ValidationError(
            {"deadline": _("The application deadline must be in the future when publishing.")}
        )


@transaction.atomic
def save_posting(
    *,
    user: User,
    posting: Posting,
    contacts_formset: "BaseInlineFormSet[Any, Posting, Any] | None" = None,
) -> Posting:
    """Create or update a posting (and its contact persons) for an organisation the user
    acts for. Validation of the fields is the form's job (``PostingForm``); fewer posts
    (or another kind or employer) must keep the coupling limit of the posting's round."""
    _check_may_manage(user, posting)
    validate_dates(posting)
    if posting.pk is None:
        posting.created_by = user
    with hooks.coupling_limit_kept.ask(postings=[posting]):
        posting.save()
    if contacts_formset is not None:
        contacts_formset.instance = posting
        contacts_formset.save()
    return posting


@transaction.atomic
def publish_posting(*, user: User, posting: Posting) -> Posting:
    _check_may_manage(user, posting)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.status == Posting.Status.PUBLISHED:
        return posting
    validate_publishable(posting)
    posting.status = Posting.Status.PUBLISHED
    posting.published_at = timezone.now()
    posting.closed_at = None
    posting.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    return posting


def check_closable(posting: Posting) -> None:
    """Only a published posting can be closed; asked by the confirmation page and again by
    ``close_posting`` under its lock (a second click finds it closed)."""
    if posting.status == Posting.Status.CLOSED:
        raise ValidationError(_("The posting is already closed."))
    if posting.status == Posting.Status.DRAFT:
        raise ValidationError(_("A draft cannot be closed; delete it or publish it first."))


@transaction.atomic
def close_posting(*, user: User, posting: Posting) -> Posting:
    """Take a posting off the board. Its page still answers, marked closed."""
    _check_may_manage(user, posting)
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    check_closable(posting)
    posting.status = Posting.Status.CLOSED
    posting.closed_at = timezone.now()
    posting.save(update_fields=["status", "closed_at", "updated_at"])
    return posting
