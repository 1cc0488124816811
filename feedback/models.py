"""Anonymous feedback from doctors: survey templates, campaigns, invitations and answers.

How anonymity is kept (the promise made to every respondent; SECURITY.md states it whole):

- ``Invitation`` knows who was asked (e-mail, unit) and holds only a SHA-256 hash of the
  single-use link's token. ``Participation`` records that an invitation was used – for
  reminders and one answer per person – and nothing about what was answered.
- ``PendingResponse`` holds a submitted answer, sealed with ``SURVEY_HOLD_KEY``
  (feedback/sealing.py), with its campaign and unit only. It is written in its own
  transaction, before and apart from the ``Participation``; that transaction neither locks
  nor updates the invitation, so no transaction id or lock mark pairs the two.
- feedback/release.py moves held answers into ``Response``/``Answer`` in batches of at least
  *k* of one unit, shuffled, one transaction per batch; a closed campaign's leftovers are
  combined when they reach *k* together and destroyed otherwise. So a unit's results change
  only in steps of at least *k* people, and nothing stays held.
- ``Response`` has a random UUID, the campaign, the unit (empty: "smaller units,
  combined") and its release batch – no user, invitation, timestamp, IP or user agent.
- Residual exposure, stated honestly: the held row and the participation are written a
  moment apart, so their transaction ids are close; someone with database access can pair
  an invitation with a sealed held row, which tells them nothing without the key. Whoever
  holds the key could open a held answer before its release.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.bilingual import Bilingual
from portal.models import Unit


class SurveyKind(models.TextChoices):
    LIS1 = "lis1", _("LIS1 rotation")
    LIS2_3 = "lis2_3", _("LIS2/LIS3")
    ALIS = "alis", _("ALIS")
    EXIT = "exit", _("Exit (why are you leaving?)")
    STAY = "stay", _("Stay (why do you stay?)")


class Theme(models.TextChoices):
    SUPERVISION = "supervision", _("Supervision")
    ACCESS = "access", _("Access to supervisor and leader")
    SAFETY = "safety", _("Safety at work")
    LEARNING_GOALS = "learning_goals", _("Learning goals")
    WORKLOAD = "workload", _("Workload")
    ENVIRONMENT = "environment", _("Environment")
    CAREER_PLANS = "career_plans", _("Career plans")
    GENERAL = "general", _("General")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Scale 1–5")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


LIKERT_VALUES = (1, 2, 3, 4, 5)


class SurveyTemplate(models.Model):
    """A survey as the coordinator knows it, e.g. "LIS1 rotation". Its questions live in
    numbered ``SurveyVersion``s: a version used by a campaign is never changed, so editing
    a template never touches past results."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SurveyKind.choices)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["kind", "name_nb", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SurveyKind.values), name="surveytemplate_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("feedback:template_detail", kwargs={"pk": self.pk})

    name = Bilingual()


class SurveyVersion(models.Model):
    """One frozen set of questions of a template. Campaigns pin a version."""

    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    intro_nb = models.TextField(_("introduction (Norwegian)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="surveyversion_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="surveyversion_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    intro = Bilingual()


class Question(models.Model):
    """A question of one version. ``key`` stays the same when a question is carried into a
    new version, so trends compare like with like."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    text_nb = models.CharField(_("question (Norwegian)"), max_length=400)
    text_en = models.CharField(_("question (English)"), max_length=400, blank=True)
    low_label_nb = models.CharField(_("label for 1 (Norwegian)"), max_length=60, blank=True)
    low_label_en = models.CharField(_("label for 1 (English)"), max_length=60, blank=True)
    high_label_nb = models.CharField(_("label for 5 (Norwegian)"), max_length=60, blank=True)
    high_label_en = models.CharField(_("label for 5 (English)"), max_length=60, blank=True)
    required = models.BooleanField(_("answer required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="question_unique_key"),
            models.CheckConstraint(
                condition=Q(theme__in=Theme.values), name="question_theme_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="likert") | (~Q(low_label_nb="") & ~Q(high_label_nb="")),
                name="question_likert_has_labelled_ends",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    text = Bilingual()
    low_label = Bilingual()
    high_label = Bilingual()

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_nb = models.CharField(_("option (Norwegian)"), max_length=200)
    text_en = models.CharField(_("option (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_unique_key"),
        ]

    def __str__(self) -> str:
        return self.text

    text = Bilingual()


class Campaign(models.Model):
    """A round of one survey version for a set of units, open between two dates (Oslo)."""

    version = models.ForeignKey(
        SurveyVersion,
        verbose_name=_("survey version"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    title = models.CharField(_("title"), max_length=160)
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="+")
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    k = models.PositiveSmallIntegerField(
        _("minimum respondents for scores (k)"),
        default=5,
        help_text=_("Results for a group are shown only when at least this many have answered."),
    )
    k_text = models.PositiveSmallIntegerField(
        _("minimum respondents for free text"),
        default=10,
        help_text=_("Free-text answers of a group are shown only from this many respondents."),
    )
    # Set once the closed campaign's last answers are released, combined or destroyed.
    finalised = models.BooleanField(_("results final"), default=False, editable=False)
    # How many batches of held answers have been released (feedback/release.py).
    release_batches = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(k__gte=3), name="campaign_k_at_least_3"),
            models.CheckConstraint(
                condition=Q(k_text__gte=models.F("k")), name="campaign_k_text_not_below_k"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feedback:campaign_detail", kwargs={"pk": self.pk})

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def is_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on

    def has_not_opened(self, today=None) -> bool:
        return (today or timezone.localdate()) < self.opens_on


class Invitation(models.Model):
    """A person asked to answer a campaign. It knows who was asked – never what they
    answered. Only a hash of the link's token is kept; the token itself is in the e-mail."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, default="nb")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    link_sent_at = models.DateTimeField(_("link sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email"], name="invitation_unique_email_per_campaign"
            ),
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=Q(user__isnull=False),
                name="invitation_unique_user_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.campaign}"


class Participation(models.Model):
    """That an invitation has been used to answer. No time, no link to the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="participation"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        # Deliberately says nothing about whose or which: these rows are not for browsing.
        return str(_("participation"))


class PendingResponse(models.Model):
    """A submitted answer waiting to be released in a batch (feedback/release.py), sealed
    (feedback/sealing.py): ``sealed`` opens, with the key, to a map of question ids to a
    score, a list of option ids, or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("pending response")
        verbose_name_plural = _("pending responses")

    def __str__(self) -> str:
        # Deliberately says nothing about whose or which: these rows are not for browsing.
        return str(_("pending response"))


class Response(models.Model):
    """One person's released answers. ``unit`` is empty for the units combined because
    fewer than k of them took part."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")
    # The campaign's release batch it came out in (1, 2, …; 0: released before batches were
    # counted). A batch holds at least k responses of one group; free text is shown in
    # steps of whole batches (feedback.selectors).
    batch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["campaign", "unit"], name="response_campaign_unit")]

    def __str__(self) -> str:
        # Deliberately says nothing about whose or which: these rows are not for browsing.
        return str(_("response"))


class Answer(models.Model):
    """One value of a response: a score, one chosen option (a multiple choice gives one
    row per option), or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True)
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, null=True, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="answer_score_in_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(score__isnull=False, choice__isnull=True, text="")
                    | Q(score__isnull=True, choice__isnull=False, text="")
                    | (Q(score__isnull=True, choice__isnull=True) & ~Q(text=""))
                ),
                name="answer_holds_one_value",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(choice__isnull=True),
                name="answer_one_value_per_question",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="answer_choice_once"
            ),
        ]

    def __str__(self) -> str:
        # Deliberately says nothing about whose or which: these rows are not for browsing.
        return str(_("answer"))
