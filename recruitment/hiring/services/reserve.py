"""The reserve list of a posting (employers)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import User
from recruitment.hiring import selectors
from recruitment.hiring.selectors import OFFERABLE
from recruitment.hiring.services.base import (
    check_manage,
)
from recruitment.models import (
    Choice,
    ChoiceStatus,
    Posting,
    ReservePlace,
    StatusReason,
)
from recruitment.services import record_choice_status

# --- Reserve list --------------------------------------------------------------------------


def _renumber_reserve(posting: Posting, order: list[int]) -> None:
    ReservePlace.objects.filter(posting=posting).delete()
    ReservePlace.objects.bulk_create(
        ReservePlace(posting=posting, choice_id=choice_id, position=position)
        for position, choice_id in enumerate(order, start=1)
    )


@transaction.atomic
def add_to_reserve(*, user: User, posting: Posting, choices: Iterable[Choice]) -> int:
    """Put candidates at the end of the reserve list, in the given order."""
    check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    ids = [c.pk for c in choices]
    locked = {
        c.pk: c for c in Choice.objects.select_for_update().filter(pk__in=ids, posting=posting)
    }
    if len(locked) != len(set(ids)):
        raise PermissionDenied
    new = [locked[pk] for pk in dict.fromkeys(ids) if locked[pk].status != ChoiceStatus.RESERVE]
    for choice in new:
        if choice.status not in OFFERABLE:
            raise ValidationError(
                _("Only active candidates without an offer can go on the reserve list.")
            )
    order = list(selectors.reserve_list(posting).values_list("pk", flat=True))
    record_choice_status(new, ChoiceStatus.RESERVE, user)
    _renumber_reserve(posting, order + [c.pk for c in new])
    return len(new)


@transaction.atomic
def move_on_reserve(*, user: User, posting: Posting, choice: Choice, offset: int) -> None:
    check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    order = list(selectors.reserve_list(posting).values_list("pk", flat=True))
    if choice.pk not in order:
        raise ValidationError(_("That candidate is not on the reserve list."))
    index = order.index(choice.pk)
    order.insert(max(0, min(len(order) - 1, index + offset)), order.pop(index))
    _renumber_reserve(posting, order)


@transaction.atomic
def remove_from_reserve(*, user: User, posting: Posting, choice: Choice) -> None:
    """Take a candidate off the reserve list: they are told they were not selected."""
    check_manage(user, posting)
    Posting.objects.select_for_update().get(pk=posting.pk)
    order = list(selectors.reserve_list(posting).values_list("pk", flat=True))
    if choice.pk not in order:
        raise ValidationError(_("That candidate is not on the reserve list."))
    record_choice_status(
        Choice.objects.filter(pk=choice.pk),
        ChoiceStatus.REJECTED,
        user,
        StatusReason.REMOVED_FROM_RESERVE,
    )
    _renumber_reserve(posting, [pk for pk in order if pk != choice.pk])
