"""A person's data-protection rights across the apps, and the retention of old data.

- Access and portability (GDPR art. 15 and 20): ``build_export`` writes everything held
  about a person – JSON plus their own documents – into one ZIP.
- Erasure (art. 17): ``delete_account`` erases the person everywhere, in one transaction.
  Records an employer must keep (a hire, an application in a round still being decided)
  are *anonymised* – detached from the person and stripped of free text – not deleted.
- Consent withdrawal (art. 7(3)): ``withdraw_consent`` takes effect at once.
- Storage limitation (art. 5(1)(e)): ``apply_retention`` runs every night (see
  portal/celery.py) and lets each app delete or anonymise what it no longer needs. Running
  it twice does nothing the second time.

Each app says what it holds in its own ``gdpr.py`` by registering a ``Provider``; this
module knows no app's models. A new kind of personal data needs a provider entry, and a
consent (such as the coupled-track consent to share a profile with municipalities) needs
``consents`` and ``withdraw_consent``.

Anonymised records are moved to an *erased person*: an inactive user with an address
under ``ERASED_DOMAIN``, one per record, so that nothing – not even two records of the
same person – can be tied together again.
"""

from __future__ import annotations

import json
import logging
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit, discovery, permissions
from portal.models import AuditEvent, Membership, Organisation, User

logger = logging.getLogger(__name__)

ERASED_DOMAIN = "erased.invalid"


@dataclass(frozen=True)
class Consent:
    """A consent a person has given and may withdraw with one click."""

    key: str
    label: str
    given_at: datetime
    version: str = ""
    description: str = ""


@dataclass(frozen=True)
class ExportFile:
    """A file for the export ZIP: its path inside the ZIP and how to open it."""

    name: str
    open: Callable[[], IO[bytes]]


def _nothing(*args, **kwargs):
    return ()


@dataclass(frozen=True)
class Provider:
    """What one app holds about a person, and how it honours their rights.

    - ``export(user)``: JSON-serialisable data, written under ``key`` in data.json;
    - ``files(user)``: the person's own files for the ZIP;
    - ``erase(user)``: runs inside the deletion transaction, before the user row goes;
      deletes what may go and anonymises what the app must keep;
    - ``consents(user)`` / ``withdraw_consent(user, key)``: consents given in this app;
      withdrawing returns False when there was no such consent to withdraw;
    - ``retention(now)``: deletes or anonymises what is past its retention period and
      returns counts (e.g. ``{"deleted": 3}``); must be harmless to run twice;
    - ``erase_order``: lower erases first (an app whose rows refer to another's goes first);
    - ``models``: labels ("app.Model") of the models with rows about the person that this
      provider exports and erases (tests/security/test_gdpr.py checks none is forgotten).
    """

    key: str
    label: str
    export: Callable[[User], Any]
    models: tuple[str, ...] = ()
    files: Callable[[User], Iterable[ExportFile]] = _nothing
    erase: Callable[[User], None] = _nothing
    consents: Callable[[User], Iterable[Consent]] = _nothing
    withdraw_consent: Callable[[User, str], bool] = field(default=lambda user, key: False)
    retention: Callable[[datetime], Mapping[str, int]] | None = None
    erase_order: int = 100


_registry: dict[str, Provider] = {}
_discovered = False


def register(provider: Provider) -> Provider:
    _registry[provider.key] = provider
    return provider


def providers() -> list[Provider]:
    global _discovered
    if not _discovered:
        discovery.discover("gdpr")
        _discovered = True
    return sorted(_registry.values(), key=lambda p: (p.erase_order, p.key))


def provider(key: str) -> Provider | None:
    return next((p for p in providers() if p.key == key), None)


# --- Erased persons ----------------------------------------------------------------------


def erased_person() -> User:
    """A fresh stand-in for a person whose record is kept anonymised: no name, an address
    that cannot receive mail, no password, never active. The app that anonymises a record
    deletes its erased person again when it purges that record."""
    user = User(email=f"erased-{uuid.uuid4().hex}@{ERASED_DOMAIN}", is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def is_erased(user) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


# --- Access: the export ------------------------------------------------------------------


def export_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "about": str(
            _(
                "Everything Legeportalen holds about you. Anonymous survey answers are not "
                "here: they are stored without any link to you, so nobody – not even we – "
                "can find them."
            )
        ),
    }
    for item in providers():
        data[item.key] = item.export(user)
    return data


def build_export(user: User, *, request=None) -> IO[bytes]:
    """The person's data as a ZIP (data.json and their documents), rewound for reading."""
    spool = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(export_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for item in providers():
            for export_file in item.files(user):
                with export_file.open() as source, archive.open(export_file.name, "w") as target:
                    for chunk in iter(lambda source=source: source.read(1024 * 1024), b""):
                        target.write(chunk)
    audit.record(
        actor=user,
        action=AuditEvent.Action.EXPORT,
        obj=user,
        subject_user_id=user.pk,
        detail="personal data export",
        request=request,
    )
    spool.seek(0)
    return spool


# --- Consent ------------------------------------------------------------------------------


def consents(user: User) -> list[tuple[Provider, Consent]]:
    return [(item, consent) for item in providers() for consent in item.consents(user)]


@transaction.atomic
def withdraw_consent(user: User, provider_key: str, consent_key: str, *, request=None) -> bool:
    """Withdraw a consent now. False when the person had no such consent."""
    item = provider(provider_key)
    if item is None or not item.withdraw_consent(user, consent_key):
        return False
    audit.record(
        actor=user,
        action=AuditEvent.Action.CHANGE,
        obj=user,
        subject_user_id=user.pk,
        detail=f"consent withdrawn: {provider_key}/{consent_key}"[:200],
        request=request,
    )
    return True


# --- Erasure ------------------------------------------------------------------------------


def why_account_cannot_be_deleted(user: User) -> str:
    """Empty when the person may delete their own account here."""
    if user.is_staff or user.is_superuser or permissions.has_staff_role(user):
        return str(
            gettext_lazy(
                "Your account has a staff role. Staff accounts are closed by the "
                "administrator, so that the organisation's records stay in order."
            )
        )
    return ""


@transaction.atomic
def delete_account(user: User, *, request=None) -> None:
    """Erase the person: consents withdrawn, every app's data deleted or anonymised,
    their files removed from storage (after commit), every session ended, the account
    gone. The audit trail keeps its rows, which hold only the (now dangling) user id."""
    if why_account_cannot_be_deleted(user):
        raise PermissionDenied("Staff accounts are closed by the administrator.")
    user_id = user.pk
    for item, consent in consents(user):
        item.withdraw_consent(user, consent.key)
    for item in providers():
        item.erase(user)
    audit.record(
        actor=user,
        action=AuditEvent.Action.DELETE,
        obj=user,
        subject_user_id=user_id,
        detail="account deleted by its owner",
        request=request,
    )
    user.end_all_sessions()
    user.delete()
    logger.info("Account %s was deleted by its owner", user_id)


# --- Retention ------------------------------------------------------------------------------


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Let every app delete or anonymise what is past its retention period."""
    now = now or timezone.now()
    totals: dict[str, int] = {}
    for item in providers():
        if item.retention is None:
            continue
        with transaction.atomic():
            for outcome, count in item.retention(now).items():
                totals[f"{item.key}.{outcome}"] = count
    logger.info("Retention applied: %s", totals)
    return totals


# --- The portal's own data --------------------------------------------------------------------


def who_acted(events: list[AuditEvent], user: User) -> Callable[[AuditEvent], str]:
    """Who did what an audit entry records, as the person may be told: "you", the
    organisation acted for, else the staff member's own organisations, "Legeportalen" for
    the system – never the colleague's name."""
    acting = dict(
        Organisation.objects.filter(
            pk__in={e.organisation_id for e in events if e.organisation_id}
        ).values_list("pk", "name")
    )
    staff_of: dict[int, list[str]] = {}
    for actor_id, name in Membership.objects.filter(
        user_id__in={e.actor_id for e in events if e.actor_id and not e.organisation_id}
    ).values_list("user_id", "organisation__name"):
        staff_of.setdefault(actor_id, []).append(name)

    def by(event: AuditEvent) -> str:
        if event.actor_id == user.pk:
            return "you"
        if event.organisation_id in acting:
            return acting[event.organisation_id]
        if event.actor_id is None:
            return "Legeportalen"
        return ", ".join(sorted(staff_of.get(event.actor_id, []))) or "staff"

    return by


def _export_portal(user: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    organisations = dict(Organisation.objects.values_list("pk", "name"))
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        # That two-factor authentication is set up, never its secrets.
        "two_factor_methods": list(
            Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
        ),
        "roles": [
            {"organisation": organisations.get(org), "role": role}
            for org, role in user.memberships.values_list("organisation_id", "role")
        ],
        "notification_settings": list(
            user.notification_settings.values("occasion", "enabled").order_by("occasion")
        ),
        "notifications": list(
            user.notifications.values(
                "occasion", "subject", "status", "created_at", "sent_at"
            ).order_by("created_at", "pk")
        ),
        # Who looked at or changed your data (staff are named by organisation, not person).
        "access_log": _access_log(user),
    }


def _access_log(user: User) -> list[dict[str, Any]]:
    """The audit trail's entries about the person: what was done, when and by which
    organisation – never which colleague, nor anything about other people."""
    events = list(AuditEvent.objects.filter(subject_user_id=user.pk).order_by("at", "pk"))
    by = who_acted(events, user)
    return [
        {
            "at": event.at,
            "action": event.action,
            "object": f"{event.object_type} {event.object_id}".strip(),
            "by": by(event),
            "detail": event.detail,
        }
        for event in events
    ]


register(
    Provider(
        key="portal",
        label=gettext_lazy("Your account"),
        export=_export_portal,
        models=(
            "portal.Membership",
            "portal.Notification",
            "portal.NotificationSetting",
            "account.EmailAddress",
            "mfa.Authenticator",
        ),
        erase_order=1000,  # the account goes last; its rows cascade with the user
    )
)
