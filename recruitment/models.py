"""The joint job board: postings from the hospital trust and every municipality."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, Unit


class PostingKind(models.TextChoices):
    """The stages of a doctor's path, in the order people walk it."""

    SUMMER_JOB = "summer_job", _("Summer job (sommervikar)")
    OBSERVERSHIP = "observership", _("Observership (hospitering)")
    LIS0 = "lis0", _("Student with limited licence (LIS0)")
    LIS1 = "lis1", _("LIS1")
    LIS2_3 = "lis2_3", _("LIS2/LIS3 (hospital specialty)")
    ALIS = "alis", _("ALIS (general practice in training)")
    CONSULTANT = "consultant", _("Consultant (overlege)")
    COMBINED = "combined", _("Combined post (kombinasjonsstilling)")
    OTHER = "other", _("Other")


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
    def published(self):
        return self.filter(status=Posting.Status.PUBLISHED)

    def open(self, now=None):
        return self.published().filter(deadline__gt=now or timezone.now())

    def publicly_visible(self):
        """Postings whose page answers to the public: published or closed."""
        return self.filter(status__in=[Posting.Status.PUBLISHED, Posting.Status.CLOSED])

    def with_related(self):
        return self.select_related("employer", "unit", "municipality")


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
    deadline = models.DateTimeField(_("application deadline"))
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
    # Maintained by a PostgreSQL trigger (see migration 0002); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="posting_status_deadline"),
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
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = f"{slugify(self.title)[:200]}-{secrets.token_hex(3)}"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("recruitment:posting_detail", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.deadline > timezone.now()

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
