"""Fixed credentials for the demo region built by ``manage.py seed_demo``.

Never use these outside a demo or development database: the password and the TOTP secret
are published in the README so that anyone can log in to a fresh demo as every persona.
"""

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - a documented demo password
# Base32 secret of every demo staff user's TOTP authenticator (add it to an app, or run
# ``make totp`` / ``manage.py demo_totp`` for the current code).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a documented demo secret


def current_demo_totp_code() -> str:
    """The six-digit code an authenticator app shows right now for ``DEMO_TOTP_SECRET``."""
    # Imported here so that this module can be imported before the app registry is ready.
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    # The counters run from -TOTP_TOLERANCE to +TOTP_TOLERANCE around the current one.
    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, current))
