"""The joint job board: postings from the hospital trust and every municipality."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, Unit
from recruitment.enums import PostingKind, StatusReason, reason_code_field


class Specialty(models.TextChoices):
    GENERAL_PRACTICE = "allmennmedisin", _("General practice")
    INTERNAL_MEDICINE = "indremedisin", _("Internal medicine")
    SURGERY = "generell_kirurgi", _("General surgery")
    ORTHOPAEDICS = "ortopedi", _("Orthopaedic surgery")
    ANAESTHESIOLOGY = "anestesiologi", _("Anaesthesiology")
    PSYCHIATRY = "psykiatri", _("Psychiatry")
    CHILD_PSYCHIATRY = "barne_ungdomspsykiatri", _("Child and adolescent psychiatry")
    PAEDIATRICS = "barnesykdommer", _("Paediatrics")
    OBSTETRICS = "fodselshjelp_kvinnesykdommer", _("Obstetrics and gynaecology")
    RADIOLOGY = "radiologi", _("Radiology")
    NEUROLOGY = "nevrologi", _("Neurology")
    CARDIOLOGY = "hjertesykdommer", _("Cardiology")
    EMERGENCY_MEDICINE = "akutt_mottaksmedisin", _("Emergency medicine")
    GERIATRICS = "geriatri", _("Geriatrics")
    ONCOLOGY = "onkologi", _("Oncology")
    PATHOLOGY = "patologi", _("Pathology")
    COMMUNITY_MEDICINE = "samfunnsmedisin", _("Community medicine")
    OCCUPATIONAL_MEDICINE = "arbeidsmedisin", _("Occupational medicine")
    ADDICTION_MEDICINE = "rus_avhengighetsmedisin", _("Addiction medicine")
    NONE = "", _("No specialty")


class PostingQuerySet(models.QuerySet):
    """The rules of when a posting takes applications, each stated once, in SQL.

    - Its **application deadline** is its round's close when it belongs to a round, else its
      own ``deadline`` (a posting in a round has no deadline of its own: see the
      ``posting_deadline_or_round`` constraint).
    - It is **open** (listed as open on the board, in the feed and the calendar) while it
      is published and its deadline has not passed – or while it is a restplass.
    - It **accepts applications** while it is open and, in a round, the round has opened.
    - A **restplass** (leftover post) is a published posting of a round whose last offer
      wave has been marked (``OfferWave.marking_at``) with posts that no offer holds; it
      takes direct applications, with no fixed deadline, until filled or closed.

    Every method takes ``now`` (the moment a request reached the portal, or the job's
    start) so that a page, a feed and the server's check judge the same second alike.
    ``Posting`` has the same rules for one row (``application_deadline``,
    ``accepts_applications`` …), read from these.
    """

    def published(self):
        return self.filter(status=Posting.Status.PUBLISHED)

    def publicly_visible(self):
        """Postings whose page answers to the public: published or closed."""
        return self.filter(status__in=[Posting.Status.PUBLISHED, Posting.Status.CLOSED])

    def with_related(self):
        return self.select_related("employer", "unit", "municipality", "round")

    def with_deadline(self):
        """Annotates ``application_deadline_at``: the round's close, or the own deadline."""
        return self.annotate(application_deadline_at=Coalesce(F("round__closes_at"), F("deadline")))

    def with_state(self, now):
        """Annotates what a card or page shows at ``now``: ``application_deadline_at``,
        ``restplass_now``, ``open_now`` and ``accepting_now`` (see the class docstring)."""
        return self.with_deadline().annotate(
            restplass_now=ExpressionWrapper(self._restplass_q(now), BooleanField()),
            open_now=ExpressionWrapper(self._open_q(now), BooleanField()),
            accepting_now=ExpressionWrapper(self._accepting_q(now), BooleanField()),
        )

    def deadline_between(self, after=None, until=None):
        """Postings whose application deadline falls in (after, until]."""
        queryset = self.with_deadline()
        if after is not None:
            queryset = queryset.filter(application_deadline_at__gt=after)
        if until is not None:
            queryset = queryset.filter(application_deadline_at__lte=until)
        return queryset

    def restplasser(self, now):
        return self.filter(self._restplass_q(now))

    def open(self, now):
        return self.filter(self._open_q(now))

    def accepting_applications(self, now):
        return self.filter(self._accepting_q(now))

    # The conditions, built once. Each joins at most the round (one row per posting).

    # "round IS NOT NULL" first in each branch: SQL's NULL would make the annotations of
    # with_state unknown instead of false. A round's own rules are ApplicationRound's.

    @staticmethod
    def _before_deadline_q(now) -> Q:
        return Q(round__isnull=True, deadline__gt=now) | Q(
            Q(round__isnull=False), ApplicationRoundQuerySet.not_closed_q(now, "round__")
        )

    def with_last_marking(self):
        """Annotates ``last_marking_at``: the marking of its round's last offer wave, from
        which on its free posts are restplasser (none outside a round, or without waves)."""
        last = (
            OfferWave.objects.filter(round=OuterRef("round_id"))
            .order_by("-marking_at")
            .values("marking_at")[:1]
        )
        return self.annotate(last_marking_at=Subquery(last))

    @staticmethod
    def next_change(now):
        """The first moment after ``now`` at which time alone changes what these rules say
        of some posting – a posting's own deadline, a round opening or closing, a wave's
        marking – or ``None``. Whatever keeps their answers (the board's cache) holds
        until then. Three queries, each answered from an index or a small table."""
        rounds = ApplicationRound.objects.aggregate(
            opens=Min("opens_at", filter=Q(opens_at__gt=now)),
            closes=Min("closes_at", filter=Q(closes_at__gt=now)),
        )
        own = Posting.objects.published().filter(round__isnull=True, deadline__gt=now)
        markings = OfferWave.objects.filter(marking_at__gt=now)
        moments = [
            rounds["opens"],
            rounds["closes"],
            own.aggregate(moment=Min("deadline"))["moment"],
            markings.aggregate(moment=Min("marking_at"))["moment"],
        ]
        return min((moment for moment in moments if moment is not None), default=None)

    def with_free_posts(self):
        """Annotates ``free_posts``: posts that no live offer (prepared, open, accepted)
        holds – what an employer may still offer, and what a restplass has left."""
        return self.annotate(free_posts=F("number_of_posts") - self._live_offers())

    @staticmethod
    def _live_offers():
        live = (
            Offer.objects.filter(choice__posting=OuterRef("pk"), status__in=Offer.Status.live())
            .order_by()
            .values("choice__posting")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(live), 0)

    @classmethod
    def _restplass_q(cls, now) -> Q:
        waves = OfferWave.objects.filter(round=OuterRef("round_id"))
        return Q(
            Exists(waves),
            ~Exists(waves.filter(marking_at__gt=now)),
            Q(number_of_posts__gt=cls._live_offers()),
            ApplicationRoundQuerySet.closed_q(now, "round__"),
            status=Posting.Status.PUBLISHED,
            round__isnull=False,
        )

    @classmethod
    def _open_q(cls, now) -> Q:
        return Q(cls._before_deadline_q(now), status=Posting.Status.PUBLISHED) | cls._restplass_q(
            now
        )

    @classmethod
    def _accepting_q(cls, now) -> Q:
        in_time = Q(round__isnull=True, deadline__gt=now) | Q(
            Q(round__isnull=False), ApplicationRoundQuerySet.open_q(now, "round__")
        )
        return Q(in_time, status=Posting.Status.PUBLISHED) | cls._restplass_q(now)


class Posting(models.Model):
    """An advertised post (*stillingsannonse*) with all a newcomer needs to decide."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    kind = models.CharField(_("kind of post"), max_length=32, choices=PostingKind.choices)
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="postings",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit / department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="located_postings",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        help_text=_("Where the work is done."),
    )
    location = models.CharField(
        _("place of work"), max_length=200, blank=True, help_text=_("E.g. Kalnes, Sarpsborg")
    )
    specialty = models.CharField(
        _("specialty"), max_length=64, choices=Specialty.choices, blank=True, default=""
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown on the board.")
    )
    description = models.TextField(_("description"))
    qualifications = models.TextField(_("qualifications"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for a permanent post."),
    )
    number_of_posts = models.PositiveSmallIntegerField(
        _("number of posts"), default=1, validators=[MinValueValidator(1)]
    )
    # A posting in a round takes the round's deadline and has none of its own; one outside
    # a round must have one (constraint "posting_deadline_or_round"). Read it through
    # ``application_deadline()`` or ``Posting.objects.with_deadline()``.
    deadline = models.DateTimeField(_("application deadline"), null=True, blank=True)
    round = models.ForeignKey(
        "ApplicationRound",
        verbose_name=_("application round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        help_text=_("Set by the coordinator: the posting is applied for through the round."),
    )
    housing = models.TextField(_("housing"), blank=True)
    kindergarten = models.TextField(_("kindergarten place"), blank=True)
    commuting = models.TextField(_("commuting"), blank=True)
    region_offers = models.TextField(_("what the region offers"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Maintained by a PostgreSQL trigger (migrations 0002 and 0009, recruitment/search.py);
    # unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-published_at", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="posting_status_deadline"),
            models.Index(fields=["round", "status"], name="posting_round_status"),
            models.Index(fields=["kind", "status"], name="posting_kind_status"),
            models.Index(fields=["start_date"], name="posting_start_date"),
            models.Index(fields=["-published_at"], name="posting_published_desc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_of_posts__gte=1), name="posting_number_of_posts_positive"
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gte=1),
                name="posting_duration_positive",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="posting_published_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="posting_closed_has_timestamp",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PostingKind.values),
                name="posting_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(round__isnull=True, deadline__isnull=False)
                | Q(round__isnull=False, deadline__isnull=True),
                name="posting_deadline_or_round",
                violation_error_message=_(
                    "A posting has its own deadline, or takes its round's: not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = f"{slugify(self.title)[:200]}-{secrets.token_hex(3)}"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("recruitment:posting_detail", kwargs={"slug": self.slug})

    def application_deadline(self):
        """When applications close: the round's close for a posting in a round, else the
        posting's own deadline (see PostingQuerySet)."""
        annotated = self.__dict__.get("application_deadline_at")
        if annotated is not None:
            return annotated
        return self.round.closes_at if self.round_id else self.deadline

    def _rule(self, name: str, now) -> bool:
        """A rule of PostingQuerySet for this row: read from ``with_state`` when the row
        came with it, else asked of the database (one query)."""
        if now is None and name in self.__dict__:
            return bool(self.__dict__[name])
        rule = {
            "restplass_now": Posting.objects.restplasser,
            "open_now": Posting.objects.open,
            "accepting_now": Posting.objects.accepting_applications,
        }[name]
        return rule(now or timezone.now()).filter(pk=self.pk).exists()

    def is_restplass(self, now=None) -> bool:
        return self._rule("restplass_now", now)

    def is_open(self, now=None) -> bool:
        return self._rule("open_now", now)

    def accepts_applications(self, now=None) -> bool:
        return self._rule("accepting_now", now)

    def direct_deadline(self):
        """The deadline of a direct application to this posting: its own deadline, or
        none for a restplass (it takes applications until filled or closed)."""
        return None if self.round_id else self.deadline

    @property
    def is_permanent(self) -> bool:
        return self.duration_months is None


class ContactPerson(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="contact_has_phone_or_email"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- The application portal (AP) ----------------------------------------------------------
# One profile and one set of documents per applicant; in an application round ONE
# application holding a ranked list of postings across employers. Employers see only
# the choices that rank their own postings (see recruitment/permissions.py).


class LicenceStatus(models.TextChoices):
    STUDENT = "student", _("Medical student, no licence")
    LIMITED = "limited", _("Limited licence (student licence / LIS0)")
    APPLIED = "applied", _("Applied for Norwegian authorisation")
    AUTHORISED = "authorised", _("Norwegian authorisation as a doctor")

    @classmethod
    def with_hpr_number(cls) -> set[str]:
        """Statuses that come with an entry in the Health Personnel Register (HPR)."""
        return {cls.LIMITED, cls.AUTHORISED}


class LanguageLevel(models.TextChoices):
    """Norwegian skills on the CEFR scale, lowest first (the order is used for filtering)."""

    NONE = "none", _("No Norwegian yet")
    A1 = "a1", _("A1 – beginner")
    A2 = "a2", _("A2 – elementary")
    B1 = "b1", _("B1 – intermediate")
    B2 = "b2", _("B2 – upper intermediate")
    C1 = "c1", _("C1 – advanced")
    C2 = "c2", _("C2 – proficient")
    NATIVE = "native", _("Native speaker")

    @classmethod
    def at_least(cls, level: str) -> list[str]:
        values = list(cls.values)
        return values[values.index(level) :] if level in values else []


class CareerPreference(models.TextChoices):
    """Asked for coupled tracks (LIS1 coupled to a later ALIS/LIS3 post in a municipality)."""

    HOSPITAL = "hospital", _("Hospital")
    PRIMARY_CARE = "primary_care", _("Primary care (municipality)")
    UNDECIDED = "undecided", _("Undecided")


HPR_NUMBER_PATTERN = r"^[0-9]{7,9}$"


class ApplicantProfile(models.Model):
    """The one profile an applicant keeps and every application reuses. The name is the
    user's ``full_name``; everything else the employers need lives here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="applicant_profile",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    university = models.CharField(_("university"), max_length=200, blank=True)
    education_country = models.CharField(_("country of study"), max_length=100, blank=True)
    graduation_date = models.DateField(
        _("graduation date"),
        null=True,
        blank=True,
        help_text=_("The date you graduated, or expect to graduate."),
    )
    licence_status = models.CharField(
        _("licence status"), max_length=16, choices=LicenceStatus.choices, blank=True
    )
    hpr_number = models.CharField(
        _("HPR number"),
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(
                HPR_NUMBER_PATTERN, _("An HPR number has 7 to 9 digits and nothing else.")
            )
        ],
        help_text=_("Your number in the Health Personnel Register (7–9 digits)."),
    )
    norwegian_level = models.CharField(
        _("Norwegian language level"), max_length=8, choices=LanguageLevel.choices, blank=True
    )
    # Local connection (*lokal tilknytning*) is a priority criterion; each criterion is
    # its own answer so employers apply the same explicit rule to everyone.
    grew_up_in_region = models.BooleanField(_("I grew up in the region"), default=False)
    studied_in_region = models.BooleanField(_("I have studied in the region"), default=False)
    family_in_region = models.BooleanField(_("I have close family in the region"), default=False)
    worked_in_region = models.BooleanField(_("I have worked in the region"), default=False)
    local_connection_details = models.TextField(
        _("more about your connection to the region"), blank=True
    )
    clinical_experience = models.TextField(_("clinical experience"), blank=True)
    career_preference = models.CharField(
        _("where do you see your career"),
        max_length=16,
        choices=CareerPreference.choices,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(hpr_number="") | Q(hpr_number__regex=HPR_NUMBER_PATTERN),
                name="applicant_profile_hpr_number_format",
                violation_error_message=_("An HPR number has 7 to 9 digits and nothing else."),
            ),
            models.UniqueConstraint(
                fields=["hpr_number"],
                condition=~Q(hpr_number=""),
                name="applicant_profile_unique_hpr_number",
                violation_error_message=_("Another profile already uses this HPR number."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def has_local_connection(self) -> bool:
        return any(
            [
                self.grew_up_in_region,
                self.studied_in_region,
                self.family_in_region,
                self.worked_in_region,
            ]
        )


class SpecialtyInterest(models.Model):
    """A career interest: a hospital specialty or general practice (allmennmedisin)."""

    profile = models.ForeignKey(
        ApplicantProfile, on_delete=models.CASCADE, related_name="interests"
    )
    specialty = models.CharField(_("specialty"), max_length=64, choices=Specialty.choices)

    class Meta:
        verbose_name = _("career interest")
        verbose_name_plural = _("career interests")
        ordering = ["specialty"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "specialty"], name="specialty_interest_unique"
            ),
            models.CheckConstraint(condition=~Q(specialty=""), name="specialty_interest_named"),
        ]

    def __str__(self) -> str:
        return self.get_specialty_display()


def document_upload_to(instance, filename: str) -> str:
    """A generated name: the applicant's own file name never reaches the storage."""
    return f"documents/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """A PDF uploaded once and attached to any number of applications."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        DIPLOMA = "diploma", _("Diploma")
        LICENCE = "licence", _("Licence / authorisation")
        REFERENCE = "reference", _("Reference")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind of document"), max_length=16, choices=Kind.choices)
    title = models.CharField(
        _("file name"), max_length=200, help_text=_("The name the file had when uploaded.")
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "-uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["cv", "diploma", "licence", "reference", "other"]),
                name="document_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class ApplicationRoundQuerySet(models.QuerySet):
    """A round is **open** from ``opens_at`` until, not including, ``closes_at`` (its
    deadline): a submit at the deadline second is late. It has **closed** from
    ``closes_at`` on. ``ApplicationRound.is_open``/``has_closed`` say the same for one row;
    the ``*_q`` conditions let a query through a relation ask it (``prefix="round__"``)."""

    @staticmethod
    def open_q(now, prefix: str = "") -> Q:
        return Q(**{f"{prefix}opens_at__lte": now}) & ApplicationRoundQuerySet.not_closed_q(
            now, prefix
        )

    @staticmethod
    def not_closed_q(now, prefix: str = "") -> Q:
        return Q(**{f"{prefix}closes_at__gt": now})

    @staticmethod
    def closed_q(now, prefix: str = "") -> Q:
        return Q(**{f"{prefix}closes_at__lte": now})

    def open(self, now):
        """Rounds taking applications at ``now``."""
        return self.filter(self.open_q(now))


class ApplicationRound(models.Model):
    """A joint round (e.g. "LIS1 høst 2027") run by the recruitment coordinator: the
    applicant ranks the round's postings from every employer in one application."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of ranked choices"), default=10, validators=[MinValueValidator(1)]
    )
    documents_required = models.BooleanField(
        _("documents required"),
        default=True,
        help_text=_("Applicants must attach at least their CV before they can submit."),
    )
    share_rank_with_employers = models.BooleanField(
        _("share rank with employers"),
        default=False,
        help_text=_(
            "Off: an employer never learns where else or how high a candidate ranked others."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationRoundQuerySet.as_manager()

    # Set on the rounds recruitment.selectors.statistics_rounds returns (not a field).
    main_kind: str

    class Meta:
        verbose_name = _("application round")
        verbose_name_plural = _("application rounds")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="round_closes_after_opens",
                violation_error_message=_("The round must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1), name="round_max_choices_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now=None) -> bool:
        """Open for applications (the rule of ``ApplicationRoundQuerySet``, for one row)."""
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class ApplicationQuerySet(models.QuerySet):
    def with_deadline(self):
        """Annotates ``closes_at_value``: the round's close, or the posting's own deadline
        for a direct application (none for a restplass) – ``Application.closes_at``."""
        return self.annotate(
            closes_at_value=Coalesce(F("round__closes_at"), F("posting__deadline"))
        )

    def closing_between(self, after, until):
        """Applications whose deadline falls in (after, until]."""
        return self.with_deadline().filter(closes_at_value__gt=after, closes_at_value__lte=until)


class Application(models.Model):
    """An applicant's ONE application in a round (a ranked list of choices), or a direct
    application to a single posting outside any round (exactly one choice)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    round = models.ForeignKey(
        ApplicationRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    posting = models.ForeignKey(
        Posting,
        verbose_name=_("posting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="direct_applications",
        help_text=_("Only for a direct application outside a round."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    motivation = models.TextField(
        _("motivation for every employer"),
        blank=True,
        help_text=_("Shown to every employer you rank, unless you write one for that choice."),
    )
    documents = models.ManyToManyField(
        Document, verbose_name=_("attached documents"), related_name="applications", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "round"],
                condition=Q(round__isnull=False),
                name="application_one_per_round",
                violation_error_message=_("You already have an application in this round."),
            ),
            models.UniqueConstraint(
                fields=["applicant", "posting"],
                condition=Q(posting__isnull=False),
                name="application_one_direct_per_posting",
                violation_error_message=_("You have already applied for this posting."),
            ),
            models.CheckConstraint(
                condition=Q(round__isnull=True, posting__isnull=False)
                | Q(round__isnull=False, posting__isnull=True),
                name="application_round_or_posting",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="application_submitted_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="application_withdrawn_has_timestamp",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "withdrawn"]),
                name="application_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.round or self.posting}"

    def get_absolute_url(self) -> str:
        return reverse("recruitment:application_detail", kwargs={"pk": self.pk})

    @property
    def is_direct(self) -> bool:
        return self.round_id is None

    @property
    def title(self) -> str:
        return self.round.name if self.round_id else self.posting.title

    @property
    def closes_at(self):
        """Changes and submission are accepted until this moment: the round's close, or
        the posting's deadline (``None`` for a restplass, open until it is filled)."""
        return self.round.closes_at if self.round_id else self.posting.direct_deadline()

    def is_open(self, now=None) -> bool:
        """May the applicant still change and submit it at ``now``?"""
        if self.round_id:
            return self.round.is_open(now)
        return self.posting.accepts_applications(now)


class ChoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEW = "interview", _("Interview")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REJECTED = "rejected", _("Not selected")
    RESERVE = "reserve", _("Reserve list")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def set_by_employer(cls) -> list[str]:
        """What an employer may mark a choice as from the applicant list."""
        return [cls.UNDER_REVIEW, cls.SHORTLISTED, cls.INTERVIEW, cls.RESERVE, cls.REJECTED]

    @classmethod
    def submitted(cls) -> list[str]:
        """Every status of a sent choice (see ``ChoiceQuerySet``)."""
        return [status for status in cls if status != cls.DRAFT]

    @classmethod
    def active(cls) -> list[str]:
        """Every status of a sent choice still in play (see ``ChoiceQuerySet``)."""
        return [status for status in cls if status not in (cls.DRAFT, cls.WITHDRAWN)]


class ChoiceQuerySet(models.QuerySet["Choice"]):
    """What a choice counts as, each stated once; ``Choice`` answers the same for one row.

    - **Submitted**: the applicant has sent it. Employers see submitted choices only, and
      "applications received" counts them; a later withdrawal does not undo it.
    - **Active**: submitted and not withdrawn – someone still applying for the posting.
    - **Listed**: on the applicant's own ranked list – not withdrawn, drafts included.

    A choice's own status says it, with no need to join its application: a choice is a
    draft exactly while its application is one (submitting sends every draft choice, a
    choice added to a sent application is sent at once, withdrawing the application
    withdraws its choices; applications.services keeps this, tests/recruitment/
    test_choice_rules.py tries it).

    ``active_q(prefix)`` is the condition for a query that reaches choices through a
    relation (``Count("choices", filter=Choice.objects.active_q("choices__"))``).
    """

    @staticmethod
    def submitted_q(prefix: str = "") -> Q:
        return Q(**{f"{prefix}status__in": ChoiceStatus.submitted()})

    @staticmethod
    def active_q(prefix: str = "") -> Q:
        return Q(**{f"{prefix}status__in": ChoiceStatus.active()})

    def submitted(self):
        return self.filter(self.submitted_q())

    def active(self):
        return self.filter(self.active_q())

    def listed(self):
        return self.exclude(status=ChoiceStatus.WITHDRAWN)


class Choice(models.Model):
    """One ranked posting in an application. Rank 1 is the applicant's first choice;
    listed choices hold ranks 1..n, withdrawn ones are moved after them."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    posting = models.ForeignKey(
        Posting, verbose_name=_("posting"), on_delete=models.PROTECT, related_name="choices"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    motivation = models.TextField(_("motivation for this employer only"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ChoiceStatus.choices, default=ChoiceStatus.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    objects = ChoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["rank"]
        indexes = [
            models.Index(fields=["posting", "status"], name="choice_posting_status"),
        ]
        constraints = [
            # Deferred so a reorder can swap ranks inside one transaction.
            models.UniqueConstraint(
                fields=["application", "rank"],
                name="choice_unique_rank",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.UniqueConstraint(
                fields=["application", "posting"],
                name="choice_unique_posting",
                violation_error_message=_("This posting is already on your list."),
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="choice_rank_positive"),
            models.CheckConstraint(
                condition=Q(status__in=ChoiceStatus.values), name="choice_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.posting}"

    @property
    def is_submitted(self) -> bool:
        return self.status in ChoiceStatus.submitted()

    @property
    def is_active(self) -> bool:
        return self.status in ChoiceStatus.active()

    @property
    def is_listed(self) -> bool:
        return self.status != ChoiceStatus.WITHDRAWN


class ChoiceEvent(models.Model):
    """The status history of a choice: the applicant's timeline. ``reason_code`` says why,
    when the portal changed the status by itself."""

    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=ChoiceStatus.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason_code = reason_code_field()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason_code__in=["", *StatusReason.values]),
                name="choice_event_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.choice} → {self.get_status_display()}"


class EmployerNote(models.Model):
    """A note on a candidate's choice, private to the employer organisation that wrote it:
    never shown to the applicant or to other employers."""

    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="employer_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer note")
        verbose_name_plural = _("employer notes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="employer_note_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:50]


@receiver(post_delete, sender=Document, dispatch_uid="recruitment_document_file_cleanup")
def _delete_document_file(sender, instance: Document, **kwargs) -> None:
    """Remove the stored file once the row is gone for good. A signal because cascades
    (an applicant deleting their account) never call a service; after commit so a
    rolled-back delete keeps its file."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# The employer workflow (interviews, offers, reserve lists, public applicant lists).
from recruitment.hiring.models import (  # noqa: E402, F401
    ExemptionDecision,
    ExemptionRequest,
    InterviewAssessment,
    InterviewBooking,
    InterviewInvitation,
    InterviewParticipant,
    InterviewSlot,
    Offer,
    OfferEvent,
    OfferWave,
    PublicApplicantList,
    PublicListDetails,
    ReservePlace,
    RoundOfferPolicy,
)


class JobAlert(models.Model):
    """A saved board search, e-mailed as a digest of new postings daily or weekly.

    ``query`` is the board's own query string (only the filters, cleaned by the board's
    ``PostingFilter``), evaluated through the same filter as the board. A visitor without
    an account gives an address (``email``); a signed-in person's alert writes to their
    account (``user``). Nothing is sent before the address is confirmed (``confirmed_at``,
    double opt-in); unsubscribing deletes the alert.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="job_alerts",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="nb")
    query = models.CharField(_("search"), max_length=2000, blank=True)
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")
        constraints = [
            # Exactly one of the two: an account, or an address without one.
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email=""))
                | (Q(user__isnull=True) & ~Q(email="")),
                name="job_alert_user_or_email",
            ),
            models.UniqueConstraint(
                fields=["user", "query"],
                condition=Q(user__isnull=False),
                name="job_alert_once_per_user_search",
            ),
            models.UniqueConstraint(
                fields=["email", "query"],
                condition=Q(user__isnull=True),
                name="job_alert_once_per_address_search",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or self.email}: {self.query or '*'} ({self.frequency})"

    @property
    def period(self) -> timedelta:
        return timedelta(days=7 if self.frequency == self.Frequency.WEEKLY else 1)


class JobAlertDigest(models.Model):
    """One period of one alert: the postings that were new in (since, until], fixed when
    the sweep found the period due. It is the digest notification's object, so each
    period's e-mail is written once; a period with nothing new is kept (it moves the
    alert on) and sends nothing."""

    alert = models.ForeignKey(JobAlert, on_delete=models.CASCADE, related_name="digests")
    since = models.DateTimeField()
    until = models.DateTimeField()
    postings = models.ManyToManyField(Posting, related_name="+", blank=True)

    class Meta:
        ordering = ["alert", "-until"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "since"], name="job_alert_digest_once"),
            models.CheckConstraint(
                condition=Q(until__gt=F("since")), name="job_alert_digest_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.since:%Y-%m-%d} – {self.until:%Y-%m-%d}"


# Letters to applicants (templates per organisation, letters as sent).
from recruitment.letters.models import Letter, LetterKind, LetterTemplate  # noqa: E402, F401
