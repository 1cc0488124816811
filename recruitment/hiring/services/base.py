"""What every part of the hiring services shares: who may manage a posting or the
calendar, how a moment is written in a message."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format

from portal import permissions as portal_permissions
from portal.models import User
from recruitment.hiring import permissions
from recruitment.models import (
    Offer,
    Posting,
)

Status = Offer.Status

# When a post has no start date, the newcomer's onboarding is planned this far ahead.
DEFAULT_START_AFTER = timedelta(days=30)


def format_local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def check_manage(user: User, posting: Posting) -> None:
    if not permissions.may_manage(user, posting):
        raise PermissionDenied


def check_coordinator(user: User) -> None:
    if not portal_permissions.is_coordinator(user):
        raise PermissionDenied
