"""The e-mail of a letter to an applicant: immediate, written by
``letters.services.send_letters`` in the sending's transaction. The letter is the
notification's object, so each letter is delivered once; it cannot be turned off (it is
the employer's answer to the person's application)."""

from django.utils.translation import gettext_lazy as _

from portal import notifications
from portal.notifications import Occasion
from recruitment.letters.models import Letter
from recruitment.letters.services import OCCASION


def load_letters(ids: list[int]) -> dict[int, Letter]:
    related = ("choice__application", "choice__posting__employer")
    return Letter.objects.select_related(*related).in_bulk(ids)


notifications.register(
    Occasion(
        key=OCCASION,
        label=_("Letters from employers about your application"),
        reason=_(
            "You get this e-mail because you applied for a post through Legeportalen and "
            "the employer wrote to you. Letters about your applications cannot be turned off."
        ),
        optional=False,
        context=lambda letter, user: {"letter": letter},
        link=lambda letter, user: letter.get_absolute_url(),
        load=load_letters,
        template="letter",
    )
)
