"""Failed sign-ins from one network address: slowed down, never a lockout.

A hospital's staff reach the portal through one shared address. A plain per-address limit
refuses every sign-in from the address once it is reached, right passwords too, so
anyone behind it could lock the whole hospital out with twenty wrong guesses. The limit
here (``LOGIN_FAILED_NETWORK_LIMIT``, by default 20 failed sign-ins in 10 minutes,
counted across all accounts) works differently:

- Below it nothing changes.
- Above it every password from the address is still checked, and every attempt gets the
  same answer – too many failed sign-ins from your network, try again in N minutes; if
  the e-mail address and password were right, we have e-mailed you a link that signs you
  in now – after the same work: the same password hashes and account reads, one
  failed-login row in the audit trail, one task queued. Only a right password makes that
  task send the link (valid ``SIGN_IN_LINK_SECONDS``, once; staff still give their second
  factor after it). Attempts above the limit are not counted, so the address is free
  again when its oldest counted failure is ``window`` old.

So the people behind a busy address get in through their mailbox, and an attacker spraying
passwords from it learns nothing from any answer until the window has passed: at most 20
answered guesses per address per 10 minutes, as before. The per-account limit (allauth's
``login_failed``, 5 in 5 minutes per e-mail address) is unchanged: it refuses before the
password is checked, right or wrong, and lifts by itself.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import timedelta

from allauth.account.auth_backends import AuthenticationBackend
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth import user_login_failed
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import base36_to_int, int_to_base36
from django.utils.translation import ngettext

from portal import audit, notifications, outbox
from portal import cache as portal_cache
from portal.models import AuditEvent, User

logger = logging.getLogger(__name__)

APP = "portal"
ACTION = "login_failed_network"
# At most one sign-in link a minute per account, however often a right password is sent.
LINK_MAIL_INTERVAL = 60


def _config() -> dict[str, str]:
    return {ACTION: settings.LOGIN_FAILED_NETWORK_LIMIT}


def applies(request) -> bool:
    """Signing in, not a signed-in person confirming their password (allauth's own limits
    cover that)."""
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def wait_seconds(request) -> float:
    """0 while the address may sign in as usual; above its limit, how long until it may.
    While the cache is unreachable the failures are counted from the audit trail instead
    (``_wait_seconds_from_database``)."""
    now = ratelimit.time.time()  # allauth's clock, so both limits share one notion of now
    wait = 0.0
    for rate in ratelimit.get_rates(app=APP, action=ACTION, config=_config()):
        key = ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate)
        recent = [at for at in cache.get(key, []) if at > now - rate.duration]
        if portal_cache.unreachable(cache):
            return _wait_seconds_from_database(request)
        if len(recent) >= rate.amount:
            # Newest first: a slot frees when the amount-th newest failure ages out.
            wait = max(wait, recent[rate.amount - 1] + rate.duration - now)
    return wait


def _wait_seconds_from_database(request) -> float:
    """The same limit counted from the failed sign-ins in the audit trail (one row each,
    from the address that made it), for when Redis is away. Here every failure counts,
    those above the limit too, so the address waits a little longer: never refused for
    good, and a right password still gets its link."""
    address = audit.client_ip(request)
    if address is None:
        return 0.0
    now = timezone.now()
    wait = 0.0
    for rate in ratelimit.get_rates(app=APP, action=ACTION, config=_config()):
        recent = list(
            AuditEvent.objects.filter(
                action=AuditEvent.Action.LOGIN_FAILED,
                ip_address=address,
                at__gt=now - timedelta(seconds=rate.duration),
            )
            .order_by("-at")
            .values_list("at", flat=True)[: rate.amount]
        )
        if len(recent) >= rate.amount:
            ages_out = recent[-1] + timedelta(seconds=rate.duration)
            wait = max(wait, (ages_out - now).total_seconds())
    return wait


def account_limit_reached_in_database(credentials: dict) -> bool:
    """allauth's per-account limit (``login_failed``, per key), counted from the audit trail's
    failed sign-ins on the account, for when Redis is away and allauth's own count is not
    kept. An address that names no account has nothing to protect."""
    limits = settings.ACCOUNT_RATE_LIMITS
    rates = [
        rate
        for rate in ratelimit.parse_rates((limits or {}).get("login_failed"))
        if rate.per == "key"
    ]
    account = audit.account_for(credentials)
    if not rates or account is None:
        return False
    now = timezone.now()
    return any(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.LOGIN_FAILED,
            subject_user_id=account,
            at__gt=now - timedelta(seconds=rate.duration),
        ).count()
        >= rate.amount
        for rate in rates
    )


def count_failure(request) -> None:
    ratelimit.consume(request, app=APP, action=ACTION, config=_config())


def message(wait: float) -> str:
    minutes = max(1, math.ceil(wait / 60))
    return ngettext(
        "Too many failed sign-ins from your network. Try again in %(minutes)d minute. "
        "If the e-mail address and password were right, we have sent you an e-mail with "
        "a link that signs you in now.",
        "Too many failed sign-ins from your network. Try again in %(minutes)d minutes. "
        "If the e-mail address and password were right, we have sent you an e-mail with "
        "a link that signs you in now.",
        minutes,
    ) % {"minutes": minutes}


def do_the_work_of_a_wrong_password(request, credentials: dict) -> None:
    """What a wrong password costs beyond the first backend – the second backend's reads
    and password hash, and the failed-login signal (its audit row) – spent on a right one,
    so that from a throttled address the two cannot be told apart by their timing."""
    AuthenticationBackend().authenticate(request, **credentials)
    AuthenticationBackend.unstash_authenticated_user()
    cleaned = {key: value for key, value in credentials.items() if key != "password"}
    user_login_failed.send(sender=__name__, credentials=cleaned, request=request)


def queue_link(user: User | None) -> None:
    """Queue the e-mail with the sign-in link – also for a wrong password (``None``, the
    task then does nothing), so that both answers cost the same."""
    # Through the outbox: with the broker away the link is queued by its sweep, and the
    # sign-in answers as usual.
    outbox.queue("portal.tasks.send_sign_in_link", user.pk if user is not None else None)


# --- Other forms that write to strangers ---------------------------------------------------


def allow(request, action: str, rate: str, *, key: str | None = None) -> bool:
    """Count one use of ``action`` (a form that sends e-mail to an address given by
    anyone, such as a job alert) against ``rate`` – allauth's format, e.g. "20/1h/ip" or
    "3/1h/key" – by network address or by ``key``; False once it is used up. The same
    counters and clock as the sign-in limits above."""
    usage = ratelimit.consume(request, app=APP, action=action, config={action: rate}, key=key)
    return usage is not None


# --- The link -----------------------------------------------------------------------------


class SignInLinkTokens(PasswordResetTokenGenerator):
    """Like a password-reset token (it is void once the person has signed in or changed
    their password), with its own salt and a lifetime of ``SIGN_IN_LINK_SECONDS``."""

    key_salt = "portal.throttle.SignInLinkTokens"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        issued = base36_to_int(token.split("-", 1)[0])
        return self._num_seconds(self._now()) - issued <= settings.SIGN_IN_LINK_SECONDS


tokens = SignInLinkTokens()


def link_token(user: User) -> str:
    return f"{int_to_base36(user.pk)}-{tokens.make_token(user)}"


def user_for_link(token: str) -> User | None:
    """The person a valid, unused, unexpired link signs in; None for any other string."""
    uid, _, rest = token.partition("-")
    try:
        pk = base36_to_int(uid)
    except ValueError:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not tokens.check_token(user, rest):
        return None
    return user


def send_link(user_id: int) -> bool:
    """Write the e-mail with the link that finishes the person's sign-in (the task's
    work): a notification, delivered like every other e-mail, at most one a minute per
    account however often a right password is sent (the minute is the row's event, so the
    unique constraint keeps the second one out). The link itself is made when it is sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    minute = int(time.time() // LINK_MAIL_INTERVAL)
    with transaction.atomic():
        notifications.notify("sign_in_link", user, [user], event=f"minute:{minute}")
    return True
