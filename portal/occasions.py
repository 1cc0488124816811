"""The portal's own e-mail: the link that finishes a sign-in from a throttled network
address (portal/throttle.py). Security mail: it cannot be turned off.

The link is made afresh at each attempt, inside the sending transaction, and goes into the
e-mail only (``secret_context``): the stored copy of the message has a placeholder, so
the database never holds a link that signs anyone in.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import notifications, throttle
from portal.models import User
from portal.notifications import Occasion


def sign_in_link_context(user: User, recipient) -> dict:
    return {
        "sign_in_link": settings.SITE_URL
        + reverse("sign_in_link", args=[throttle.link_token(user)]),
        "reset_link": settings.SITE_URL + reverse("account_reset_password"),
        "minutes": settings.SIGN_IN_LINK_SECONDS // 60,
    }


notifications.register(
    Occasion(
        key="sign_in_link",
        label=_("Security: the link that finishes a sign-in from a busy network"),
        reason=_(
            "You get this e-mail because your password was used to sign in. Security "
            "e-mails cannot be turned off."
        ),
        optional=False,
        context=sign_in_link_context,
        link=lambda user, recipient: "",
        secret_context=("sign_in_link",),
    )
)
