"""Reads for the application portal. Access rules come from recruitment.permissions;
list selectors fetch everything a page shows in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.tables import DATE, DATETIME, INT, Column, Table
from recruitment import permissions, wording
from recruitment.hiring.selectors import accepted_elsewhere
from recruitment.models import (
    ApplicantProfile,
    Application,
    ApplicationRound,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    Document,
    LanguageLevel,
    LicenceStatus,
    Posting,
    SpecialtyInterest,
)
from recruitment.selectors import BOARD_DEFERRED, search_postings

# --- Profile -------------------------------------------------------------------------------


def profile_for(user: User) -> ApplicantProfile:
    """The user's profile; an unsaved one when they have not filled it in yet."""
    try:
        return ApplicantProfile.objects.prefetch_related("interests").get(user=user)
    except ApplicantProfile.DoesNotExist:
        return ApplicantProfile(user=user)


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    label: Promise
    done: bool
    required: bool  # must be done before an application can be submitted
    anchor: str  # the form field (or page) to jump to


@dataclass(frozen=True)
class Completeness:
    items: list[CompletenessItem] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if not self.items:
            return 100
        return round(100 * sum(item.done for item in self.items) / len(self.items))

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.done]

    @property
    def missing_required(self) -> list[CompletenessItem]:
        return [item for item in self.missing if item.required]


def is_prefetched(obj: Model, name: str) -> bool:
    """Whether ``name`` was prefetched on ``obj`` (a batch loaded it for many at once)."""
    return name in getattr(obj, "_prefetched_objects_cache", {})


def loaded_profile(user: User) -> ApplicantProfile | None:
    """The user's profile when it was loaded with the user (select_related), else None."""
    if not type(user).applicant_profile.is_cached(user):
        return None
    try:
        return user.applicant_profile
    except ApplicantProfile.DoesNotExist:
        return ApplicantProfile(user=user)


def profile_completeness(user: User, profile: ApplicantProfile | None = None) -> Completeness:
    profile = profile if profile is not None else profile_for(user)
    saved = profile.pk is not None
    needs_hpr = profile.licence_status in LicenceStatus.with_hpr_number()
    if is_prefetched(user, "documents"):  # loaded for a batch of reminders
        has_cv = any(document.kind == Document.Kind.CV for document in user.documents.all())
    else:
        has_cv = Document.objects.filter(owner=user, kind=Document.Kind.CV).exists()
    has_interests = saved and any(True for _interest in profile.interests.all())
    items = [
        CompletenessItem("name", _("Your full name"), bool(user.full_name), True, "id_full_name"),
        CompletenessItem("phone", _("Phone number"), bool(profile.phone), True, "id_phone"),
        CompletenessItem(
            "education",
            _("Education: university, country and graduation date"),
            bool(profile.university and profile.education_country and profile.graduation_date),
            True,
            "id_university",
        ),
        CompletenessItem(
            "licence",
            _("Licence status (and HPR number when you have one)"),
            bool(profile.licence_status) and (not needs_hpr or bool(profile.hpr_number)),
            True,
            "id_licence_status",
        ),
        CompletenessItem(
            "language",
            _("Norwegian language level"),
            bool(profile.norwegian_level),
            True,
            "id_norwegian_level",
        ),
        CompletenessItem(
            "experience",
            _("Clinical experience"),
            bool(profile.clinical_experience),
            False,
            "id_clinical_experience",
        ),
        CompletenessItem(
            "interests", _("Career interests"), has_interests, False, "id_interests_0"
        ),
        CompletenessItem(
            "preference",
            _("Hospital or primary care preference"),
            bool(profile.career_preference),
            False,
            "id_career_preference_0",
        ),
        CompletenessItem("cv", _("A CV (PDF)"), has_cv, False, "documents"),
    ]
    return Completeness(items)


def documents_for(user: User) -> QuerySet[Document]:
    return Document.objects.filter(owner=user)


# --- Applicant's applications -------------------------------------------------------------


def open_rounds(now: datetime | None = None) -> QuerySet[ApplicationRound]:
    return ApplicationRound.objects.open(now or timezone.now()).order_by("closes_at")


def _choices_with_postings() -> QuerySet[Choice]:
    return Choice.objects.select_related("posting__employer", "posting__municipality")


def applications_for_applicant(user: User) -> QuerySet[Application]:
    """'My applications': every application with its choices and their timelines."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("round", "posting")
        .prefetch_related(
            Prefetch("choices", queryset=_choices_with_postings().order_by("rank")),
            Prefetch("choices__events", queryset=ChoiceEvent.objects.order_by("at", "pk")),
        )
        .order_by("-created_at", "-pk")
    )


def application_with_choices(application: Application) -> Application:
    """Reload an applicant's application with what the editor shows."""
    return (
        Application.objects.select_related("round", "posting__employer")
        .prefetch_related(
            Prefetch("choices", queryset=_choices_with_postings().order_by("rank")),
            Prefetch("choices__events", queryset=ChoiceEvent.objects.order_by("at", "pk")),
            "documents",
        )
        .get(pk=application.pk)
    )


def available_postings(application: Application, find: str = "") -> QuerySet[Posting]:
    """Postings in the application's round that are open and not yet on its list, those
    matching ``find`` (the job board's search) if given."""
    if application.round_id is None:
        return Posting.objects.none()
    postings = (
        Posting.objects.published()
        .filter(round_id=application.round_id)
        .exclude(choices__application=application)
        .select_related("employer", "municipality", "unit")
        .defer(*BOARD_DEFERRED)
    )
    return search_postings(postings, find).order_by("employer__name", "title", "pk")


# --- Employer ------------------------------------------------------------------------------

SORTS = {
    "submitted": ("application__submitted_at", "pk"),
    "name": ("application__applicant__full_name", "pk"),
    "language": ("-language_order", "pk"),
    "graduation": ("application__applicant__applicant_profile__graduation_date", "pk"),
    "status": ("status", "pk"),
    "rank": ("rank", "pk"),
}


def posting_applicants(
    user: User,
    posting: Posting,
    *,
    local_connection: str = "",
    licence_status: str = "",
    min_language: str = "",
    interest: str = "",
    status: str = "",
    sort: str = "submitted",
) -> QuerySet[Choice]:
    """The choices ranking ``posting`` that ``user`` may see, filtered and sorted, with
    profile and interests loaded up front and the number of this organisation's notes."""
    profile = "application__applicant__applicant_profile"
    choices = permissions.employer_choices(user).filter(posting=posting)
    if status == "active" or not status:
        choices = choices.active()
    elif status in ChoiceStatus.values:
        choices = choices.filter(status=status)
    criteria = {"grew_up", "studied", "family", "worked"}
    if local_connection == "any":
        choices = choices.filter(
            Q(**{f"{profile}__grew_up_in_region": True})
            | Q(**{f"{profile}__studied_in_region": True})
            | Q(**{f"{profile}__family_in_region": True})
            | Q(**{f"{profile}__worked_in_region": True})
        )
    elif local_connection in criteria:
        field_name = f"{local_connection}_in_region"
        choices = choices.filter(**{f"{profile}__{field_name}": True})
    if licence_status in LicenceStatus.values:
        choices = choices.filter(**{f"{profile}__licence_status": licence_status})
    if min_language in LanguageLevel.values:
        choices = choices.filter(
            **{f"{profile}__norwegian_level__in": LanguageLevel.at_least(min_language)}
        )
    if interest:
        choices = choices.filter(
            Exists(
                SpecialtyInterest.objects.filter(
                    profile__user=OuterRef("application__applicant"), specialty=interest
                )
            )
        )
    if sort == "language":
        choices = choices.annotate(
            language_order=Case(
                *[
                    When(**{f"{profile}__norwegian_level": value}, then=Value(index))
                    for index, value in enumerate(LanguageLevel.values)
                ],
                default=Value(-1),
                output_field=IntegerField(),
            )
        )
    if sort == "rank" and not permissions.can_see_rank(user, posting.round):
        sort = "submitted"
    # The list shows how many notes each candidate has, not the notes themselves.
    note_count = (
        permissions.notes_for(user)
        .filter(choice=OuterRef("pk"))
        .order_by()
        .values("choice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        choices.annotate(
            has_accepted_elsewhere=accepted_elsewhere(),
            note_count=Coalesce(Subquery(note_count), 0),
        )
        # Every row is for ``posting``: neither it nor the round is joined fifty times.
        .select_related("application__applicant__applicant_profile")
        .prefetch_related(
            Prefetch(
                "application__applicant__applicant_profile__interests",
                queryset=SpecialtyInterest.objects.order_by("specialty"),
            ),
        )
        .order_by(*SORTS.get(sort, SORTS["submitted"]))
    )


def in_order(queryset: QuerySet, ids: list[int]) -> list:
    """The rows of ``queryset`` with these ids, in the order of ``ids``."""
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def staff_choices(user: User, application: Application) -> list[Choice]:
    """The choices of an application (``permissions.application_for_staff``) that a staff
    user may see, with their history and the notes the user may read."""
    return list(
        permissions.visible_choices(user, application)
        .select_related("posting__employer")
        .prefetch_related(
            Prefetch("events", queryset=ChoiceEvent.objects.order_by("at", "pk")),
            Prefetch(
                "notes",
                queryset=permissions.notes_for(user).select_related("author", "organisation"),
                to_attr="visible_notes",
            ),
        )
    )


def staff_profile(application: Application) -> ApplicantProfile | None:
    try:
        return (
            ApplicantProfile.objects.prefetch_related("interests")
            .select_related("user")
            .get(user_id=application.applicant_id)
        )
    except ApplicantProfile.DoesNotExist:
        return None


# --- Coordinator ---------------------------------------------------------------------------


def rounds_overview() -> QuerySet[ApplicationRound]:
    return ApplicationRound.objects.annotate(
        posting_count=Count("postings", distinct=True),
        submitted_count=Count(
            "applications",
            filter=Q(applications__status=Application.Status.SUBMITTED),
            distinct=True,
        ),
    ).order_by("-opens_at", "pk")


def round_posting_counts(round: ApplicationRound) -> QuerySet[Posting]:
    """The round's postings, each with its number of active and first-choice applicants."""
    active = Choice.objects.active_q("choices__") & Q(choices__application__round=round)
    return (
        Posting.objects.filter(round=round)
        .select_related("employer")
        .annotate(
            applicant_count=Count("choices", filter=active),
            first_choice_count=Count("choices", filter=active & Q(choices__rank=1)),
        )
        .order_by("employer__name", "title")
    )


def round_applications(round: ApplicationRound) -> QuerySet[Application]:
    """Every sent (submitted or withdrawn) application in the round; drafts stay private."""
    return (
        Application.objects.filter(round=round)
        .exclude(status=Application.Status.DRAFT)
        .select_related("applicant")
        .annotate(choice_count=Count("choices", filter=Choice.objects.active_q("choices__")))
        .order_by("submitted_at", "pk")
    )


def round_draft_count(round: ApplicationRound) -> int:
    return Application.objects.filter(round=round, status=Application.Status.DRAFT).count()


def applicants_table(choices: QuerySet[Choice], *, show_rank: bool, audience: str) -> Table:
    """A posting's applicant list as a table, what the CSV export writes: one row per choice,
    the applicant's profile (blank where there is none), status and submitted time, and the
    applicant's rank when the posting shows one."""
    columns = [
        Column("name", str(_("Name"))),
        Column("email", str(_("E-mail"))),
        Column("phone", str(_("Phone"))),
        Column("university", str(_("University"))),
        Column("education_country", str(_("Country of study"))),
        Column("graduation_date", str(_("Graduation date")), DATE),
        Column("licence_status", str(_("Licence status"))),
        Column("hpr_number", str(_("HPR number"))),
        Column("norwegian_level", str(_("Norwegian level"))),
        Column("grew_up_in_region", str(_("Grew up here"))),
        Column("studied_in_region", str(_("Studied here"))),
        Column("family_in_region", str(_("Family here"))),
        Column("worked_in_region", str(_("Worked here"))),
        Column("interests", str(_("Career interests"))),
        Column("career_preference", str(_("Preference"))),
        Column("status", str(_("Status"))),
        Column("submitted", str(_("Submitted")), DATETIME),
    ]
    if show_rank:
        columns.append(Column("rank", str(_("Rank")), INT))
    table = Table(key="applicants", title=str(_("Applicants")), columns=columns, shown=None)
    yes, no = str(_("yes")), str(_("no"))
    for choice in choices.iterator(chunk_size=500):
        applicant = choice.application.applicant
        profile = getattr(applicant, "applicant_profile", None)
        row: list = [applicant.full_name, applicant.email]
        if profile is not None:
            row += [
                profile.phone,
                profile.university,
                profile.education_country,
                profile.graduation_date or "",
                profile.get_licence_status_display(),
                profile.hpr_number,
                profile.get_norwegian_level_display(),
                *[
                    yes if flag else no
                    for flag in (
                        profile.grew_up_in_region,
                        profile.studied_in_region,
                        profile.family_in_region,
                        profile.worked_in_region,
                    )
                ],
                ", ".join(str(i) for i in profile.interests.all()),
                profile.get_career_preference_display(),
            ]
        else:
            row += [""] * 13
        row += [
            wording.choice_status(choice.status, audience),
            choice.application.submitted_at,
        ]
        if show_rank:
            row.append(choice.rank)
        table.add(row)
    return table


def available_page(application: Application, find: str, shown: int) -> tuple[list[Posting], int]:
    """The first ``shown`` of ``available_postings`` and how many there are in all (counted
    only when there are more than are shown)."""
    postings = available_postings(application, find)
    page = list(postings[:shown])
    total = len(page)
    if total == shown:
        total = postings.count()
    return page, total


def next_deadline(user: User, now: datetime) -> Application | None:
    """The person's draft whose deadline comes first (a restplass has none to remind of)."""
    drafts = (
        Application.objects.filter(applicant=user, status=Application.Status.DRAFT)
        .select_related("round", "posting")
        .order_by("pk")
    )
    upcoming = sorted(
        (a for a in drafts if a.closes_at and a.is_open(now)),
        key=lambda application: application.closes_at,
    )
    return upcoming[0] if upcoming else None


def round_posting(round: ApplicationRound, posting_id: str | None) -> Posting | None:
    """The published posting of ``round`` a link named, if it names one."""
    if not posting_id or not str(posting_id).isdecimal():
        return None
    return Posting.objects.published().filter(round=round, pk=posting_id).first()


def application_in_round(user: User | AnonymousUser, round: ApplicationRound) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(applicant=user, round=round).first()


def round_postings(round: ApplicationRound) -> QuerySet[Posting]:
    return (
        Posting.objects.published()
        .filter(round=round)
        .select_related("employer")
        .order_by("employer__name", "title")
    )


def applicant_page(choices: QuerySet[Choice], number: str | None) -> Page:
    """One page of an applicant list. All the ids in order first (one narrow query: a busy
    posting's thousand are a few kilobytes, and their number needs no second query), then
    only the page's rows with their profiles."""
    page = Paginator(list(choices.values_list("pk", flat=True)), 50).get_page(number)
    page.object_list = in_order(choices, list(page.object_list))
    return page
