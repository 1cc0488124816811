"""The employer workflow (EW): interviews, offers in waves, reserve lists and the public
applicant list. Imported at the bottom of recruitment/models.py, so these models belong to
the ``recruitment`` app.

- An employer publishes interview slots for a posting; invited candidates book one
  themselves. A municipality may take part in a hospital's interviews (the seed's "active
  participation of municipalities in LIS1 hiring").
- Offers are made per choice. In a round with a wave calendar they are *prepared* for a
  wave and released together at its time (national LIS1 hiring: same offer day, same
  response deadline (*svarfrist*), then *merking* before the next wave); outside waves an
  offer is open at once with its own deadline.
- The reserve list orders the candidates an employer would offer next.
- The public applicant list (*offentleg søkjarliste*, offentleglova § 25) is published per
  posting after its deadline; an applicant may ask to be left off, and the employer
  decides each request with a reason.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from recruitment.enums import StatusReason, reason_code_field

# --- Interviews ----------------------------------------------------------------------------


class InterviewParticipant(models.Model):
    """An organisation (a municipality) taking part in interviews for another employer's
    posting: its staff may interview and keep their own notes on the candidates."""

    posting = models.ForeignKey(
        "recruitment.Posting", on_delete=models.CASCADE, related_name="interview_participants"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="interview_participations",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "organisation"],
                name="interview_participant_unique",
                violation_error_message=_("This organisation already takes part."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.posting}"


class InterviewSlot(models.Model):
    """A time when the employer interviews; up to ``capacity`` candidates book it."""

    posting = models.ForeignKey(
        "recruitment.Posting", on_delete=models.CASCADE, related_name="interview_slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("candidates per slot"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("More than one for a group interview."),
    )
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewers"),
        related_name="interview_slots",
        blank=True,
    )
    note = models.CharField(
        _("note to candidates"),
        max_length=500,
        blank=True,
        help_text=_("For example what to bring, or where to meet."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["posting", "starts_at"], name="slot_posting_start")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="slot_capacity_positive"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="slot_duration_positive"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_url=""),
                name="slot_has_place_or_video",
                violation_error_message=_("Give a place or a video link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.posting} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class InterviewInvitation(models.Model):
    """The employer's invitation to a candidate to book one of the posting's slots."""

    choice = models.OneToOneField(
        "recruitment.Choice", on_delete=models.CASCADE, related_name="interview_invitation"
    )
    message = models.TextField(_("message to the candidate"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)

    class Meta:
        verbose_name = _("interview invitation")
        verbose_name_plural = _("interview invitations")
        ordering = ["invited_at", "pk"]

    def __str__(self) -> str:
        return str(self.choice)

    def get_absolute_url(self) -> str:
        return self.choice.application.get_absolute_url()


class InterviewBooking(models.Model):
    """A candidate's booking of a slot. Cancelled bookings are kept (who, when); a
    candidate holds at most one active booking per choice, and a slot never more than
    its capacity (checked under a lock on the slot row, see services.book_slot)."""

    slot = models.ForeignKey(InterviewSlot, on_delete=models.CASCADE, related_name="bookings")
    choice = models.ForeignKey(
        "recruitment.Choice", on_delete=models.CASCADE, related_name="interview_bookings"
    )
    booked_at = models.DateTimeField(_("booked"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("interview booking")
        verbose_name_plural = _("interview bookings")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["choice"],
                condition=Q(cancelled_at__isnull=True),
                name="booking_one_active_per_choice",
                violation_error_message=_("You have already booked a time for this interview."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.choice} @ {self.slot}"

    def get_absolute_url(self) -> str:
        return self.choice.application.get_absolute_url()

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


SCORE_FIELDS = ("motivation", "knowledge", "communication", "cooperation", "overall")
SCORE_RANGE = (1, 6)


def _score(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_RANGE[0]), MaxValueValidator(SCORE_RANGE[1])],
    )


class PrimaryCareInterest(models.TextChoices):
    """What the candidate said in the interview about primary care (used by coupled
    tracks: interviews probe the interest in general practice)."""

    YES = "yes", _("Interested in primary care")
    MAYBE = "maybe", _("Open to primary care")
    NO = "no", _("Not interested in primary care")
    NOT_ASKED = "not_asked", _("Not discussed")


class InterviewAssessment(models.Model):
    """One interviewer's structured notes and scores (1–6) on one candidate for one
    posting. Private to the interviewer's organisation: never shown to the candidate or
    to other organisations."""

    class Recommendation(models.TextChoices):
        UNDECIDED = "undecided", _("Undecided")
        OFFER = "offer", _("Offer a post")
        RESERVE = "reserve", _("Reserve list")
        NO = "no", _("Do not offer")

    choice = models.ForeignKey(
        "recruitment.Choice", on_delete=models.CASCADE, related_name="assessments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interview_assessments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    motivation = _score(_("motivation"))
    knowledge = _score(_("professional knowledge"))
    communication = _score(_("communication"))
    cooperation = _score(_("cooperation"))
    overall = _score(_("overall impression"))
    primary_care_interest = models.CharField(
        _("stated interest in primary care"),
        max_length=16,
        choices=PrimaryCareInterest.choices,
        default=PrimaryCareInterest.NOT_ASKED,
    )
    recommendation = models.CharField(
        _("recommendation"),
        max_length=16,
        choices=Recommendation.choices,
        default=Recommendation.UNDECIDED,
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interview assessment")
        verbose_name_plural = _("interview assessments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["choice", "author"],
                condition=Q(author__isnull=False),
                name="assessment_one_per_interviewer",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": SCORE_RANGE[0], f"{name}__lte": SCORE_RANGE[1]}),
                    name=f"assessment_{name}_range",
                )
                for name in SCORE_FIELDS
            ],
            models.CheckConstraint(
                condition=Q(primary_care_interest__in=PrimaryCareInterest.values),
                name="assessment_primary_care_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.choice} – {self.author}"

    @property
    def scores(self) -> list[tuple[str, int | None]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in SCORE_FIELDS
        ]


# --- Offers --------------------------------------------------------------------------------


class RoundOfferPolicy(models.Model):
    """How offers work in a round, set by the coordinator with its wave calendar."""

    round = models.OneToOneField(
        "recruitment.ApplicationRound", on_delete=models.CASCADE, related_name="offer_policy"
    )
    allow_upgrade = models.BooleanField(
        _("allow accepting with upgrade"),
        default=False,
        help_text=_(
            "A candidate may accept a post and still be moved automatically to a "
            "higher-ranked choice if it is offered in a later wave."
        ),
    )

    class Meta:
        verbose_name = _("offer rules of a round")
        verbose_name_plural = _("offer rules of rounds")

    def __str__(self) -> str:
        return str(self.round)


class OfferWaveQuerySet(models.QuerySet):
    """When a wave's offers go out. Every offer in a wave keeps the wave's answer deadline
    (*svarfrist*) exactly as the coordinator set it, so a wave is released only while that
    deadline is still ahead. A wave whose deadline passed before it was released (the
    scheduler was down) is *missed*: it waits for the coordinator to move it, because the
    portal never invents another deadline. The calendar's other rules (order, overlap,
    after the round's deadline) are ``services.validate_wave_calendar``."""

    def pending(self, now: datetime):
        """Still to come: offers made now are prepared for one of these."""
        return self.filter(released_at__isnull=True, offers_at__gt=now)

    def due(self, now: datetime):
        """Their offer time has come and their answer deadline is still ahead."""
        return self.filter(released_at__isnull=True, offers_at__lte=now, answer_by__gt=now)

    def missed(self, now: datetime):
        """Not released, and their answer deadline has passed."""
        return self.filter(released_at__isnull=True, answer_by__lte=now)


class OfferWave(models.Model):
    """One synchronised offer wave of a round: every employer's prepared offers are
    released at ``offers_at``, answered by ``answer_by``, and acceptances are marked for
    all employers by ``marking_at`` (*merking*) before the next wave."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        RELEASED = "released", _("Released")
        MISSED = "missed", _("Missed")

    round = models.ForeignKey(
        "recruitment.ApplicationRound", on_delete=models.CASCADE, related_name="offer_waves"
    )
    number = models.PositiveSmallIntegerField(_("wave"))
    offers_at = models.DateTimeField(_("offers released"))
    answer_by = models.DateTimeField(_("answer by"))
    marking_at = models.DateTimeField(_("marking by"))
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    objects = OfferWaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer wave")
        verbose_name_plural = _("offer waves")
        ordering = ["round", "offers_at", "pk"]
        indexes = [models.Index(fields=["released_at", "offers_at"], name="wave_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                name="wave_unique_number",
                violation_error_message=_("The round already has a wave with this number."),
            ),
            models.CheckConstraint(
                condition=Q(answer_by__gt=F("offers_at")),
                name="wave_answer_after_offers",
                violation_error_message=_("The answer deadline must be after the offer time."),
            ),
            models.CheckConstraint(
                condition=Q(marking_at__gte=F("answer_by")),
                name="wave_marking_after_answer",
                violation_error_message=_("Marking must come after the answer deadline."),
            ),
        ]

    def __str__(self) -> str:
        return _("Wave %(number)d") % {"number": self.number}

    @property
    def is_released(self) -> bool:
        return self.released_at is not None

    def state_at(self, now: datetime) -> "OfferWave.State":
        """Scheduled, released or missed (see ``OfferWaveQuerySet``)."""
        if self.released_at is not None:
            return self.State.RELEASED
        if self.answer_by <= now:
            return self.State.MISSED
        return self.State.SCHEDULED


class Offer(models.Model):
    """An offer of a post to the candidate behind a choice."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Prepared for a wave")
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn by the employer")
        RELEASED = "released", _("Given up for a higher choice")
        CANCELLED = "cancelled", _("Cancelled after acceptance")

        @classmethod
        def live(cls) -> list[str]:
            """Offers that hold one of the posting's posts."""
            return [cls.PREPARED, cls.OPEN, cls.ACCEPTED]

    choice = models.ForeignKey(
        "recruitment.Choice", on_delete=models.PROTECT, related_name="offers"
    )
    # The choice's application, kept on the offer so the database can hold the rule "one
    # accepted offer per application".
    application = models.ForeignKey(
        "recruitment.Application", on_delete=models.PROTECT, related_name="offers"
    )
    wave = models.ForeignKey(
        OfferWave,
        verbose_name=_("wave"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREPARED
    )
    respond_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    terms = models.TextField(
        _("about the offer"),
        blank=True,
        help_text=_("What the candidate should know: rotation, salary terms, contact person."),
    )
    with_upgrade = models.BooleanField(_("accepted with upgrade"), default=False)
    # The choice's status before it became "offered", restored if the offer is withdrawn.
    choice_status_before = models.CharField(max_length=16, blank=True)
    # Why the offer last changed: the words of the employer (``reason``, shown as written),
    # or the portal's own reason as a code (``reason_code``, worded for each reader).
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    reason_code = reason_code_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(_("offered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "respond_by"], name="offer_status_deadline"),
            models.Index(fields=["status", "ended_at"], name="offer_status_ended"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["choice"],
                condition=Q(status__in=["prepared", "open", "accepted"]),
                name="offer_one_live_per_choice",
                violation_error_message=_("This candidate already has an offer for this post."),
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="accepted"),
                name="offer_one_accepted_per_application",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "prepared",
                        "open",
                        "accepted",
                        "declined",
                        "expired",
                        "withdrawn",
                        "released",
                        "cancelled",
                    ]
                ),
                name="offer_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="prepared") | Q(wave__isnull=False, released_at__isnull=True),
                name="offer_prepared_in_unreleased_wave",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["prepared", "withdrawn"])
                | Q(released_at__isnull=False, respond_by__isnull=False),
                name="offer_released_has_deadline",
            ),
            models.CheckConstraint(
                condition=Q(respond_by__isnull=True)
                | Q(released_at__isnull=True)
                | Q(respond_by__gt=F("released_at")),
                name="offer_answer_after_release",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "declined", "released", "cancelled"])
                | Q(answered_at__isnull=False),
                name="offer_answered_has_time",
            ),
            models.CheckConstraint(
                condition=Q(reason_code__in=["", *StatusReason.values]),
                name="offer_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.choice.posting} → {self.application.applicant}"

    def get_absolute_url(self) -> str:
        return reverse("recruitment:my_offers") + f"#offer-{self.pk}"

    @property
    def is_visible_to_candidate(self) -> bool:
        return self.released_at is not None


class OfferEvent(models.Model):
    """Every transition of an offer: who, when, what (the page's history; the audit trail
    holds the same with the IP address). ``note`` is what a person wrote; ``reason_code``
    why the portal made the change by itself."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=Offer.Status.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    reason_code = reason_code_field()

    class Meta:
        verbose_name = _("offer event")
        verbose_name_plural = _("offer events")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason_code__in=["", *StatusReason.values]),
                name="offer_event_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.status}"


class ReservePlace(models.Model):
    """A candidate's place on a posting's reserve list; 1 is next in line. Only choices
    whose status is "reserve" are on the list; a choice marked reserve from the applicant
    list without a place yet comes after those with one."""

    posting = models.ForeignKey(
        "recruitment.Posting", on_delete=models.CASCADE, related_name="reserve_places"
    )
    choice = models.OneToOneField(
        "recruitment.Choice", on_delete=models.CASCADE, related_name="reserve_place"
    )
    position = models.PositiveIntegerField(_("place in line"))
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reserve list place")
        verbose_name_plural = _("reserve list places")
        ordering = ["posting", "position", "pk"]
        constraints = [
            # Deferred so a reorder can swap places inside one transaction.
            models.UniqueConstraint(
                fields=["posting", "position"],
                name="reserve_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="reserve_position_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.choice}"


# --- Public applicant list (offentleglova § 25) ---------------------------------------------


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other / prefer not to say")


class PublicListDetails(models.Model):
    """What the public applicant list shows about an applicant besides the name: age,
    position or occupational title and municipality of residence; gender only in the
    totals. Given by the applicant when applying, kept for the next application."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_list_details"
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1920), MaxValueValidator(2100)],
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    residence = models.CharField(_("municipality of residence"), max_length=100, blank=True)
    occupational_title = models.CharField(
        _("position or occupational title"), max_length=100, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("details for the public applicant list")
        verbose_name_plural = _("details for the public applicant list")
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=["", "female", "male", "other"]),
                name="public_details_gender_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def age(self, today=None) -> int | None:
        if self.birth_year is None:
            return None
        return (today or timezone.localdate()).year - self.birth_year


class ExemptionRequest(models.Model):
    """The applicant's request to be left off the public applicant list (for every
    posting of the application; each employer decides for its own posting)."""

    application = models.OneToOneField(
        "recruitment.Application", on_delete=models.CASCADE, related_name="exemption_request"
    )
    reason = models.TextField(_("why you ask"), blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)

    class Meta:
        verbose_name = _("request to be left off the public applicant list")
        verbose_name_plural = _("requests to be left off the public applicant list")

    def __str__(self) -> str:
        return str(self.application)


class ExemptionDecision(models.Model):
    """The employer's decision on an exemption request for its posting, with a reason
    the applicant is told before the list is published."""

    choice = models.OneToOneField(
        "recruitment.Choice", on_delete=models.CASCADE, related_name="exemption_decision"
    )
    granted = models.BooleanField(_("left off the list"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision on a request to be left off")
        verbose_name_plural = _("decisions on requests to be left off")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="exemption_decision_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.choice}: {'granted' if self.granted else 'refused'}"

    def get_absolute_url(self) -> str:
        return self.choice.application.get_absolute_url()


class PublicApplicantList(models.Model):
    """Whether a posting's public applicant list is published (at a stable URL)."""

    posting = models.OneToOneField(
        "recruitment.Posting", on_delete=models.CASCADE, related_name="public_applicant_list"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("public applicant list")
        verbose_name_plural = _("public applicant lists")

    def __str__(self) -> str:
        return str(self.posting)
