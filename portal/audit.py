"""The audit trail: one call per access to personal data, and every staff login.

Records ids, never contents. ``record`` is what views and services call.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver

from portal import permissions
from portal.models import AuditEvent, User
from portal.security import STARTED

Action = AuditEvent.Action


def client_ip(request) -> str | None:
    # Behind a proxy, REMOTE_ADDR is set from X-Forwarded-For by the web server.
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    subject_user_id: int | None = None,
    organisation_id: int | None = None,
    detail: str = "",
    request=None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        subject_user_id=subject_user_id,
        organisation_id=organisation_id,
        detail=detail[:200],
        ip_address=client_ip(request),
    )


@receiver(user_logged_in)
def _record_staff_login(sender, request, user, **kwargs):
    if request is not None:
        # The absolute session timeout counts from this login, not an earlier one.
        request.session.pop(STARTED, None)
    if permissions.has_staff_role(user) or user.is_staff:
        record(actor=user, action=Action.LOGIN, obj=user, request=request)


def account_for(credentials: dict) -> int | None:
    """The account a sign-in named (by its e-mail address), if one exists: what a failed
    sign-in is counted against (portal/throttle.py)."""
    login = (credentials.get("email") or credentials.get("username") or "").strip()
    if not login:
        return None
    return User.objects.filter(email__iexact=login).values_list("pk", flat=True).first()


@receiver(user_login_failed)
def _record_failed_login(sender, credentials, request=None, **kwargs):
    # Only that a login failed, from where, and on which account if the address named one:
    # never the attempted credentials. The per-account count while Redis is away reads it
    # (portal/throttle.py).
    record(
        actor=None,
        action=Action.LOGIN_FAILED,
        subject_user_id=account_for(credentials or {}),
        request=request,
    )


@receiver(user_logged_out)
def _end_other_sessions(sender, request, user, **kwargs):
    """Logging out ends the person's sessions on every device."""
    if user is not None:
        user.end_all_sessions()
