"""The pool rule of coupled tracks, once:

a candidate is in a track's pool for a municipality when they
1. have accepted a LIS1 offer on a posting the track covers (``Choice.status == accepted``),
2. have said they prefer primary care or are undecided (``ApplicantProfile.career_preference``),
3. hold an active consent to the track whose text names that municipality.

Every page, count and download that shows a candidate to a municipality goes through
``pool_users``; a withdrawn consent therefore hides the candidate on the next request.

It sits below both ``permissions`` (whether a municipality may see a candidate,
``municipality_may_see_candidate``) and ``selectors`` (every list of a pool).
"""

from django.db.models import Exists, OuterRef, QuerySet

from careers.models import Track, TrackConsent
from portal.models import User
from recruitment.models import CareerPreference, Choice, ChoiceStatus

INTERESTED = (CareerPreference.PRIMARY_CARE, CareerPreference.UNDECIDED)

# --- The pool rule -------------------------------------------------------------------------


def accepted_covered_choices(
    track_id: int | OuterRef, *, round_id: int | None = None
) -> QuerySet[Choice]:
    """Accepted LIS1 offers on postings the track covers. ``track_id`` may be an OuterRef."""
    choices = Choice.objects.filter(status=ChoiceStatus.ACCEPTED, posting__coupled_tracks=track_id)
    if round_id is not None:
        choices = choices.filter(application__round_id=round_id)
    return choices


def interested_candidates(track: Track) -> QuerySet[User]:
    """Accepted a covered LIS1 offer and prefer primary care or are undecided."""
    accepted = accepted_covered_choices(track.pk).filter(application__applicant=OuterRef("pk"))
    return User.objects.filter(
        Exists(accepted), applicant_profile__career_preference__in=INTERESTED
    )


def pool_users(track: Track, municipality_id: int) -> QuerySet[User]:
    """The candidates the municipality may see in the track's pool."""
    consent = TrackConsent.objects.filter(
        candidate=OuterRef("pk"),
        track=track,
        ended_at__isnull=True,
        text__municipalities=municipality_id,
    )
    return interested_candidates(track).filter(Exists(consent))
