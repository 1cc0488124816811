"""Demo letters (EW): when last autumn's largest hospital posting was filled, its recruiter
told the applicants who got no offer and are not on the reserve list, with the employer's
"the post is filled" letter, through ``recruitment.letters.services.send_letters`` as the
letters page does. The batch id is fixed per posting, so a second run writes nothing."""

from __future__ import annotations

import uuid
from datetime import datetime

from demo.hiring import recruiter_of
from portal.models import Organisation
from recruitment.letters import selectors as letter_selectors
from recruitment.letters import services as letter_services
from recruitment.letters.models import LetterKind
from recruitment.models import ApplicationRound, ChoiceStatus, Posting

BATCH_NAMESPACE = uuid.UUID("6f1d7a52-2c1e-4b8a-9d0e-1a6b3c5d7e90")


def seed_letters_demo(round_name: str, now: datetime) -> int:
    """Returns how many letters were written."""
    round = ApplicationRound.objects.filter(name=round_name).first()
    if round is None:
        return 0
    posting = (
        Posting.objects.filter(round=round, employer__kind=Organisation.Kind.HOSPITAL)
        .order_by("-number_of_posts", "pk")
        .first()
    )
    recruiter = recruiter_of(posting) if posting else None
    if posting is None or recruiter is None:
        return 0
    choices = letter_selectors.not_offered(
        letter_selectors.letter_choices(recruiter, posting)
    ).exclude(status=ChoiceStatus.RESERVE)
    if not choices.exists():
        return 0
    sent = letter_services.send_letters(
        user=recruiter,
        posting=posting,
        choices=list(choices),
        template=letter_selectors.template_for(posting.employer_id, LetterKind.POST_FILLED),
        batch=uuid.uuid5(BATCH_NAMESPACE, f"{posting.pk}:{LetterKind.POST_FILLED}"),
        now=now,
    )
    return len(sent.written)
