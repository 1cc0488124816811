"""Careers and meeting places: career-path pages, events, buddies and onboarding.

- ``CareerStage``: one page per step on a doctor's path, its texts edited by the coordinator.
- ``Event`` / ``Registration``: information evenings, career days, seminars and meeting
  places, with a capacity and a waiting list.
- ``Onboarding`` / ``ChecklistItem``: a newcomer's start at an employer – their buddy
  (*fadder*) and the checklist that gets access and tools ready on the first day.
- ``Track`` and what hangs on it: coupled LIS1 → ALIS/LIS3 tracks (the Helgelandslegen
  model) – participating municipalities and their terms, versioned consent texts, the
  candidates' consents, the municipalities' invitations and the agreed placements.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.bilingual import Bilingual
from portal.models import Organisation
from recruitment.models import PostingKind


class StageKey(models.TextChoices):
    """The stages that have a career page. Values are the job board's ``PostingKind``s, so
    a stage page can list the postings open at that stage."""

    SUMMER_JOB = PostingKind.SUMMER_JOB.value, PostingKind.SUMMER_JOB.label
    OBSERVERSHIP = PostingKind.OBSERVERSHIP.value, PostingKind.OBSERVERSHIP.label
    LIS0 = PostingKind.LIS0.value, PostingKind.LIS0.label
    LIS1 = PostingKind.LIS1.value, PostingKind.LIS1.label
    LIS2_3 = PostingKind.LIS2_3.value, PostingKind.LIS2_3.label
    ALIS = PostingKind.ALIS.value, PostingKind.ALIS.label
    CONSULTANT = PostingKind.CONSULTANT.value, PostingKind.CONSULTANT.label


class CareerStage(models.Model):
    """The page about one stage of the path. Texts exist in Norwegian and English because
    the coordinator writes them; the page shows the visitor's language and falls back to
    Norwegian where an English text is missing."""

    key = models.CharField(_("stage"), max_length=32, choices=StageKey.choices, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_nb = models.CharField(_("title (Norwegian)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    summary_nb = models.CharField(_("summary (Norwegian)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    what_nb = models.TextField(_("what it is (Norwegian)"))
    what_en = models.TextField(_("what it is (English)"), blank=True)
    who_nb = models.TextField(_("who can apply (Norwegian)"))
    who_en = models.TextField(_("who can apply (English)"), blank=True)
    rounds_nb = models.TextField(_("when the rounds are (Norwegian)"))
    rounds_en = models.TextField(_("when the rounds are (English)"), blank=True)
    offers_nb = models.TextField(_("what the region offers (Norwegian)"))
    offers_en = models.TextField(_("what the region offers (English)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    TEXT_FIELDS = ("title", "summary", "what", "who", "rounds", "offers")

    class Meta:
        verbose_name = _("career stage")
        verbose_name_plural = _("career stages")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(key__in=StageKey.values), name="careerstage_key_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:stage", kwargs={"stage": self.key})

    title = Bilingual()
    summary = Bilingual()
    what = Bilingual()
    who = Bilingual()
    rounds = Bilingual()
    offers = Bilingual()


class EventKind(models.TextChoices):
    INFORMATION_EVENING = "information_evening", _("Information evening")
    CAREER_DAY = "career_day", _("Career day")
    SEMINAR = "seminar", _("Seminar")
    MEETING_PLACE = "meeting_place", _("Meeting place")


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())


class Event(models.Model):
    """Something people come to, on site or by video, with a fixed number of places."""

    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Address and room, if on site.")
    )
    video_url = models.URLField(
        _("video link"), blank=True, help_text=_("For events held (also) by video.")
    )
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), related_name="organised_events"
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1)],
        help_text=_("Places available. Later registrations go on the waiting list."),
    )
    target_stages = models.ManyToManyField(
        CareerStage,
        verbose_name=_("target groups"),
        related_name="events",
        blank=True,
        help_text=_("Who the event is for."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Raised each time the time or place moves: the SEQUENCE of the calendar entry that
    # e-mails about a place carry (portal/calendar.py), so calendars move the entry.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="event_ends_starts")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_url=""), name="event_has_place_or_video"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:event_detail", kwargs={"pk": self.pk})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def registration_open(self) -> bool:
        return self.starts_at > timezone.now()


class Registration(models.Model):
    """A person's place at an event, or their place in its waiting list.

    The waiting list is ordered by ``queued_at``; cancelling keeps the row (so a person
    who registers again starts at the back of the queue) and frees the place for the
    first in line.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    queued_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="registration_queue"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_one_per_person"),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="registration_confirmed_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="registration_cancelled_has_timestamp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event} ({self.get_status_display()})"


class ChecklistTemplateItem(models.Model):
    """One line of an employer's onboarding checklist template. Every new hire gets a copy,
    due the given number of days before their start date."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="checklist_template_items",
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.CharField(_("details"), max_length=500, blank=True)
    days_before_start = models.PositiveSmallIntegerField(
        _("due (days before start)"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("Everything should be ready before the first day."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        ordering = ["organisation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="checklisttemplate_unique_title_per_org"
            ),
            models.CheckConstraint(
                condition=Q(days_before_start__gte=1),
                name="checklisttemplate_due_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Onboarding(models.Model):
    """A newcomer's start at an employer: their buddy (*fadder*) and their checklist."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="onboardings",
    )
    newcomer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("newcomer"),
        on_delete=models.CASCADE,
        related_name="onboardings",
    )
    start_date = models.DateField(_("start date"))
    posting = models.ForeignKey(
        "recruitment.Posting",
        verbose_name=_("posting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="onboardings",
    )
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buddy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buddy_for",
    )
    buddy_contact = models.CharField(
        _("how to reach the buddy"),
        max_length=300,
        blank=True,
        help_text=_("Phone, office, when they are on duty – what the newcomer needs."),
    )
    buddy_assigned_at = models.DateTimeField(_("buddy assigned"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("onboarding")
        verbose_name_plural = _("onboardings")
        ordering = ["start_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "newcomer", "start_date"],
                name="onboarding_one_per_hire",
            ),
            models.CheckConstraint(
                condition=~Q(buddy=models.F("newcomer")), name="onboarding_buddy_not_newcomer"
            ),
            models.CheckConstraint(
                condition=Q(buddy__isnull=True) | Q(buddy_assigned_at__isnull=False),
                name="onboarding_buddy_has_timestamp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.newcomer} – {self.organisation} ({self.start_date})"

    def get_absolute_url(self) -> str:
        return reverse("careers:manage_onboarding", kwargs={"pk": self.pk})


class ChecklistItem(models.Model):
    """A newcomer's copy of a template line, ticked by the employer when done."""

    onboarding = models.ForeignKey(
        Onboarding, verbose_name=_("onboarding"), on_delete=models.CASCADE, related_name="items"
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.CharField(_("details"), max_length=500, blank=True)
    due_date = models.DateField(_("due"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["due_date", "order", "pk"]
        indexes = [models.Index(fields=["done_at", "due_date"], name="checklistitem_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_by__isnull=True) | Q(done_at__isnull=False),
                name="checklistitem_done_by_has_timestamp",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


# --- Coupled tracks (CT) --------------------------------------------------------------------
# A coupled track (*koblet LIS1–ALIS/LIS3-løp*, the Helgelandslegen model): some of a hospital
# trust's LIS1 posts are coupled to a later ALIS/LIS3 post in one of the participating
# municipalities. The LIS1 advert may only inform about the scheme; the municipalities meet
# the candidates after the LIS1 offers are accepted, and only those who consented.
# Who may see what is decided in careers/tracks/permissions.py and selectors.py.


class Track(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    hospital_trust = models.ForeignKey(
        Organisation,
        verbose_name=_("hospital trust"),
        on_delete=models.PROTECT,
        related_name="tracks",
        limit_choices_to={"kind": Organisation.Kind.HOSPITAL_TRUST},
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for lists and adverts.")
    )
    description = models.TextField(
        _("about the scheme"),
        help_text=_("The public page: what the track is, what it offers and how it works."),
    )
    postings = models.ManyToManyField(
        "recruitment.Posting",
        verbose_name=_("LIS1 postings covered"),
        related_name="coupled_tracks",
        blank=True,
    )
    coupled_places = models.PositiveSmallIntegerField(
        _("coupled places"),
        validators=[MinValueValidator(1)],
        help_text=_("How many of the covered LIS1 posts are coupled to a municipal post."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("coupled track")
        verbose_name_plural = _("coupled tracks")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="track_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(coupled_places__gte=1), name="track_coupled_places_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="track_published_has_timestamp",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("careers:track_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class TrackMunicipality(models.Model):
    """A municipality taking part in a track, with the ALIS/LIS3 terms it offers."""

    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="participations"
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="track_participations",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
    )
    salary_model = models.TextField(_("salary model"), blank=True)
    supervision = models.TextField(_("supervision"), blank=True)
    education_plan = models.TextField(_("education plan"), blank=True)
    housing = models.TextField(_("housing"), blank=True)
    other_terms = models.TextField(_("other terms"), blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participating municipality")
        verbose_name_plural = _("participating municipalities")
        ordering = ["municipality__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "municipality"],
                name="trackmunicipality_once_per_track",
                violation_error_message=_("The municipality already takes part in this track."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.track} – {self.municipality}"


class ConsentText(models.Model):
    """One version of the consent a candidate gives to a track. Specific: it names the
    track, its trust and the municipalities it covers (kept as rows too, so the pool shows
    a candidate only to the municipalities their version named). Never edited: a change to
    the track or its municipalities makes a new version."""

    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="consent_texts"
    )
    version = models.PositiveIntegerField(_("version"))
    body_nb = models.TextField(_("consent text (Norwegian)"))
    body_en = models.TextField(_("consent text (English)"))
    documents_nb = models.TextField(_("document consent text (Norwegian)"))
    documents_en = models.TextField(_("document consent text (English)"))
    municipalities = models.ManyToManyField(
        Organisation, verbose_name=_("municipalities covered"), related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["track", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["track", "version"], name="consenttext_unique_version"),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="consenttext_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.track} v{self.version}"

    body = Bilingual()
    documents = Bilingual()


class TrackConsent(models.Model):
    """A candidate's consent to share their profile with a track's municipalities: which
    version of the text, when, whether documents are included, and when it ended. Rows are
    kept when a consent ends (the record of what was agreed); at most one is active."""

    class EndReason(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RENEWED = "renewed", _("Replaced by a newer consent")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="track_consents",
    )
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="consents"
    )
    text = models.ForeignKey(
        ConsentText,
        verbose_name=_("consent text"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    share_documents = models.BooleanField(_("documents shared"), default=False)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=16, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("track consent")
        verbose_name_plural = _("track consents")
        ordering = ["-given_at", "-pk"]
        indexes = [
            models.Index(fields=["track", "ended_at"], name="trackconsent_track_active"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "track"],
                condition=Q(ended_at__isnull=True),
                name="trackconsent_one_active",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, end_reason="")
                | Q(ended_at__isnull=False, end_reason__in=["withdrawn", "renewed"]),
                name="trackconsent_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("given_at")),
                name="trackconsent_ends_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.text}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class InvitationKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    VISIT = "visit", _("Visit")
    TALK = "talk", _("Talk about the terms")


class Invitation(models.Model):
    """A municipality's invitation of a pool candidate to an interview, a visit or a talk
    about the terms, with proposed times. Only the inviting municipality and the candidate
    see it. ``outcome`` is the municipality's record of what came of it."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Time agreed")
        PROPOSED = "proposed", _("Candidate proposed another time")
        DECLINED = "declined", _("Declined by the candidate")
        CANCELLED = "cancelled", _("Cancelled by the municipality")
        WITHDRAWN = "withdrawn", _("Ended: the candidate withdrew consent")

    class Outcome(models.TextChoices):
        NONE = "", _("Not recorded")
        INTERVIEWED = "interviewed", _("Interviewed")
        OFFERED = "offered", _("Offered a coupled post")
        ACCEPTED = "accepted", _("Accepted the coupled post")
        DECLINED = "declined", _("Declined the coupled post")

    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.CASCADE, related_name="invitations"
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="track_invitations",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="track_invitations",
    )
    kind = models.CharField(_("invitation to"), max_length=16, choices=InvitationKind.choices)
    message = models.TextField(_("message"))
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Address, or “by video”.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT
    )
    chosen_time = models.ForeignKey(
        "InvitationTime",
        verbose_name=_("agreed time"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_time = models.DateTimeField(_("time proposed by the candidate"), null=True, blank=True)
    candidate_message = models.TextField(_("the candidate's message"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, default=""
    )
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["track", "municipality"], name="invitation_track_municipality"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "sent",
                        "accepted",
                        "proposed",
                        "declined",
                        "cancelled",
                        "withdrawn",
                    ]
                ),
                name="invitation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "interviewed", "offered", "accepted", "declined"]),
                name="invitation_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InvitationKind.values), name="invitation_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(chosen_time__isnull=False),
                name="invitation_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="proposed") | Q(proposed_time__isnull=False),
                name="invitation_proposed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_at__isnull=False),
                name="invitation_outcome_has_timestamp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} → {self.candidate} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        """The candidate may still answer."""
        return self.status in (self.Status.SENT, self.Status.PROPOSED)


class InvitationTime(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="times")
    starts_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "starts_at"], name="invitationtime_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} @ {self.starts_at:%Y-%m-%d %H:%M}"


class Placement(models.Model):
    """An agreed coupled post: the doctor's whole path from LIS1 at the hospital, through
    the municipal LIS1 period, to ALIS/LIS3 in the municipality."""

    class Status(models.TextChoices):
        AGREED = "agreed", _("Agreed")
        IN_LIS1 = "lis1", _("In LIS1")
        IN_ALIS = "alis", _("In ALIS/LIS3")
        COMPLETED = "completed", _("Specialist approval")
        ENDED = "ended", _("Ended early")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("doctor"),
        on_delete=models.CASCADE,
        related_name="track_placements",
    )
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.PROTECT, related_name="placements"
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="track_placements",
    )
    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    lis1_posting = models.ForeignKey(
        "recruitment.Posting",
        verbose_name=_("LIS1 post"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lis1_start = models.DateField(_("LIS1 starts"))
    municipal_lis1_start = models.DateField(
        _("municipal LIS1 period starts"), null=True, blank=True
    )
    municipal_lis1_end = models.DateField(_("municipal LIS1 period ends"), null=True, blank=True)
    alis_start = models.DateField(_("ALIS/LIS3 starts"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.AGREED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("agreed"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["lis1_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "track"],
                condition=~Q(status="ended"),
                name="placement_one_per_candidate_and_track",
                violation_error_message=_("This doctor already has a placement in this track."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["agreed", "lis1", "alis", "completed", "ended"]),
                name="placement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(alis_start__gt=models.F("lis1_start")),
                name="placement_alis_after_lis1",
                violation_error_message=_("ALIS/LIS3 must start after LIS1 starts."),
            ),
            models.CheckConstraint(
                condition=Q(municipal_lis1_start__isnull=True, municipal_lis1_end__isnull=True)
                | Q(
                    municipal_lis1_start__gte=models.F("lis1_start"),
                    municipal_lis1_end__gt=models.F("municipal_lis1_start"),
                ),
                name="placement_municipal_period_valid",
                violation_error_message=_(
                    "The municipal LIS1 period needs a start and an end, after LIS1 starts."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.municipality} ({self.track})"
