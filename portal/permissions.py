"""Who may act for which organisation. Every app's own permission rules build on these.

Rules:
- staff (recruiter, municipal chief physician) act for the organisations they are members
  of and the organisations under them (a trust's recruiter acts for its hospitals);
- the recruitment coordinator (RKO) acts for every organisation;
- a staff role is only usable with multi-factor authentication set up.
Outsiders get 404 rather than 403, so the existence of another organisation's objects
is not revealed.
"""

from collections.abc import Callable, Collection, Mapping
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from portal.models import Membership, Organisation, User


def _roles(user: User | AnonymousUser) -> frozenset[tuple[int, str]]:
    """(organisation id, role) pairs of the user, loaded once per request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("organisation_id", "role"))
        user._portal_roles = cached
    return cached


def has_staff_role(user: User | AnonymousUser) -> bool:
    return bool(_roles(user))


def is_coordinator(user: User | AnonymousUser) -> bool:
    return any(role == Membership.Role.COORDINATOR for _org, role in _roles(user))


def is_chief_physician(user: User | AnonymousUser) -> bool:
    return any(role == Membership.Role.CHIEF_PHYSICIAN for _org, role in _roles(user))


def acting_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations a user may act for, as a queryset."""
    if is_coordinator(user):
        return Organisation.objects.all()
    member_of = {org for org, _role in _roles(user)}
    if not member_of:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Q(pk__in=member_of) | Q(parent__in=member_of) | Q(parent__parent__in=member_of)
    )


def acting_organisation_ids(user: User | AnonymousUser) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_acting_ids", None)
    if cached is None:
        cached = frozenset(acting_organisations(user).values_list("pk", flat=True))
        user._portal_acting_ids = cached
    return cached


def can_act_for(user: User | AnonymousUser, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in acting_organisation_ids(user)


def organisation_for_staff(user: User | AnonymousUser, pk: int) -> Organisation:
    """An organisation the user acts for; 404 for any other (or an unknown one)."""
    if not can_act_for(user, pk):
        raise Http404
    return get_object_or_404(Organisation, pk=pk)


def require_coordinator(user: User | AnonymousUser) -> None:
    """404 for everyone but the coordinator."""
    if not is_coordinator(user):
        raise Http404


def require_export_format(fmt: str, formats: Collection[str]) -> None:
    """404 for an export format the page does not offer (a bad path)."""
    if fmt not in formats:
        raise Http404


def export_table[T](tables: Mapping[str, T], key: str) -> T:
    """The table of the page to export; 404 for one the page does not show (a bad path)."""
    chosen = tables.get(key)
    if chosen is None:
        raise Http404
    return chosen


def has_mfa(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Gate for every staff page: logged in, holds a staff role, and has MFA set up.

    A logged-in user without a staff role gets 404; staff without MFA are sent to set it
    up before they reach any staff page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_staff_role(user):
            raise Http404
        if not has_mfa(user):
            messages.info(
                request,
                _("Staff accounts must use two-factor authentication. Set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
