"""Reads of the employer workflow. Access rules are in recruitment.hiring.permissions;
list selectors fetch everything a page shows in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from portal.models import Membership, Organisation, User
from recruitment import permissions as recruitment_permissions
from recruitment.hiring import permissions
from recruitment.hiring.models import Gender, PrimaryCareInterest
from recruitment.models import (
    Application,
    ApplicationRound,
    Choice,
    ChoiceQuerySet,
    ChoiceStatus,
    ExemptionRequest,
    InterviewAssessment,
    InterviewBooking,
    InterviewInvitation,
    InterviewSlot,
    Offer,
    OfferEvent,
    OfferWave,
    Posting,
    PublicApplicantList,
    PublicListDetails,
)

Status = Offer.Status

# Choices an employer may invite, put on the reserve list or offer a post to. "Not
# selected" is among them: hiring from the last list reconsiders everyone.
OFFERABLE = [
    ChoiceStatus.SUBMITTED,
    ChoiceStatus.UNDER_REVIEW,
    ChoiceStatus.SHORTLISTED,
    ChoiceStatus.INTERVIEW,
    ChoiceStatus.RESERVE,
    ChoiceStatus.REJECTED,
]

# Higher choices that can no longer be offered: accepting "with upgrade" means nothing then.
NOT_UPGRADABLE = [
    ChoiceStatus.WITHDRAWN,
    ChoiceStatus.DRAFT,
    ChoiceStatus.DECLINED,
    ChoiceStatus.REJECTED,
]

# --- Posting state -------------------------------------------------------------------------


@dataclass(frozen=True)
class FillState:
    """How a posting's posts stand: accepted, waiting for an answer, prepared for a wave."""

    posts: int
    accepted: int = 0
    open: int = 0
    prepared: int = 0

    @property
    def live(self) -> int:
        return self.accepted + self.open + self.prepared

    @property
    def free(self) -> int:
        """Posts no offer holds: the employer may offer these now."""
        return max(self.posts - self.live, 0)

    @property
    def filled(self) -> bool:
        return self.accepted >= self.posts


# The applicant's answers for the public applicant list, by the editor's field names.
PUBLIC_FIELDS = {
    "public_birth_year": "birth_year",
    "public_gender": "gender",
    "public_residence": "residence",
    "public_title": "occupational_title",
}


def public_list_state(
    application: Application,
) -> tuple[PublicListDetails | None, ExemptionRequest | None]:
    """The applicant's ``PublicListDetails`` and the application's ``ExemptionRequest``
    (either None), read once per application instance: the editor's form and its field
    versions both show them."""
    cached = getattr(application, "_public_list_state", None)
    if cached is None:
        cached = (
            PublicListDetails.objects.filter(user_id=application.applicant_id).first(),
            ExemptionRequest.objects.filter(application=application).first(),
        )
        application._public_list_state = cached  # type: ignore[attr-defined]
    return cached


def _fill_counts() -> dict[str, Count]:
    return {
        "accepted": Count("pk", filter=Q(status=Status.ACCEPTED)),
        "open": Count("pk", filter=Q(status=Status.OPEN)),
        "prepared": Count("pk", filter=Q(status=Status.PREPARED)),
    }


def fill_state(posting: Posting) -> FillState:
    counts = Offer.objects.filter(choice__posting=posting).aggregate(**_fill_counts())
    return FillState(posts=posting.number_of_posts, **counts)


def accepted_elsewhere() -> Exists:
    """For a Choice queryset: has the candidate accepted another post in the same
    application? This is the marking (*merking*) every employer sees at once."""
    return Exists(
        Offer.objects.filter(application=OuterRef("application"), status=Status.ACCEPTED).exclude(
            choice=OuterRef("pk")
        )
    )


def pending_waves(
    round: ApplicationRound | None, now: datetime | None = None
) -> QuerySet[OfferWave]:
    """Waves of the round still to come: offers made now are prepared for one of these."""
    if round is None:
        return OfferWave.objects.none()
    return round.offer_waves.pending(now or timezone.now()).order_by("offers_at", "pk")


# --- Interviews ----------------------------------------------------------------------------


def possible_interviewers(posting: Posting) -> QuerySet[User]:
    """Staff of the employer (and of the trust above a hospital) and of the organisations
    taking part in the posting's interviews."""
    org_ids = {posting.employer_id}
    parent = (
        Organisation.objects.filter(pk=posting.employer_id)
        .values_list("parent_id", "parent__kind")
        .first()
    )
    if parent and parent[0] and parent[1] == Organisation.Kind.HOSPITAL_TRUST:
        org_ids.add(parent[0])
    org_ids |= set(posting.interview_participants.values_list("organisation_id", flat=True))
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=org_ids,
            memberships__role__in=[Membership.Role.RECRUITER, Membership.Role.CHIEF_PHYSICIAN],
        )
        .distinct()
        .order_by("full_name", "email")
    )


def change_deadline(slot: InterviewSlot) -> datetime:
    """Until when a booking of this slot can be made, moved or cancelled."""
    return slot.starts_at - timedelta(hours=settings.HIRING_INTERVIEW_CHANGE_HOURS)


def open_slots(posting: Posting, now: datetime | None = None) -> QuerySet[InterviewSlot]:
    """Slots a candidate may still book (not cancelled, before the change deadline), with
    their number of active bookings as ``booked``."""
    cutoff = (now or timezone.now()) + timedelta(hours=settings.HIRING_INTERVIEW_CHANGE_HOURS)
    return (
        InterviewSlot.objects.filter(
            posting=posting, cancelled_at__isnull=True, starts_at__gt=cutoff
        )
        .annotate(booked=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True)))
        .order_by("starts_at", "pk")
    )


def _active_bookings() -> QuerySet[InterviewBooking]:
    return (
        InterviewBooking.objects.filter(cancelled_at__isnull=True)
        .select_related("choice__application__applicant")
        .order_by("booked_at", "pk")
    )


def slot_bookings(slot: InterviewSlot) -> QuerySet[InterviewBooking]:
    """The slot's active bookings: whom cancelling it would reach."""
    return _active_bookings().filter(slot=slot)


def slots_with_bookings(posting: Posting) -> QuerySet[InterviewSlot]:
    """Every slot of the posting (upcoming first), with interviewers and active bookings."""
    return (
        InterviewSlot.objects.filter(posting=posting)
        .prefetch_related(
            "interviewers",
            Prefetch("bookings", queryset=_active_bookings(), to_attr="active_bookings"),
        )
        .order_by("starts_at", "pk")
    )


def invitable_choices(user: User, posting: Posting) -> QuerySet[Choice]:
    """Candidates the employer may invite to interview: active, not yet invited."""
    return (
        recruitment_permissions.employer_choices(user)
        .filter(posting=posting, status__in=OFFERABLE, interview_invitation__isnull=True)
        .exclude(status=ChoiceStatus.REJECTED)
        .select_related("application__applicant")
        .order_by("application__applicant__full_name", "pk")
    )


def invited_choices(posting: Posting) -> QuerySet[Choice]:
    """Invited candidates with their active booking (``active_bookings``)."""
    return (
        Choice.objects.filter(posting=posting, interview_invitation__isnull=False)
        .active()
        .select_related("application__applicant", "interview_invitation")
        .prefetch_related(
            Prefetch(
                "interview_bookings",
                queryset=InterviewBooking.objects.filter(cancelled_at__isnull=True).select_related(
                    "slot"
                ),
                to_attr="active_bookings",
            )
        )
        .order_by("application__applicant__full_name", "pk")
    )


def staff_interviews(user: User, now: datetime | None = None) -> QuerySet[InterviewSlot]:
    """Upcoming (and today's) slots with bookings for the postings the user interviews
    for; the slots where the user is an interviewer come first."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        InterviewSlot.objects.filter(
            posting__in=permissions.interview_postings(user),
            cancelled_at__isnull=True,
            starts_at__gte=start,
        )
        .select_related("posting__employer")
        .prefetch_related(
            "interviewers",
            Prefetch("bookings", queryset=_active_bookings(), to_attr="active_bookings"),
        )
        .annotate(
            mine=Exists(
                InterviewSlot.interviewers.through.objects.filter(
                    interviewslot_id=OuterRef("pk"), user_id=user.pk
                )
            )
        )
        .order_by("starts_at", "pk")
    )


def visible_assessments(user: User, choice: Choice) -> QuerySet[InterviewAssessment]:
    return (
        permissions.assessments_for(user)
        .filter(choice=choice)
        .select_related("author", "organisation")
        .order_by("created_at", "pk")
    )


def primary_care_interest(applicant_ids: Iterable[int]) -> dict[int, str]:
    """For coupled tracks: the latest interest in primary care an interviewer recorded for
    each candidate ("yes", "maybe", "no"); candidates never asked are left out."""
    rows = (
        InterviewAssessment.objects.filter(
            choice__application__applicant_id__in=list(applicant_ids)
        )
        .exclude(primary_care_interest=PrimaryCareInterest.NOT_ASKED)
        .order_by("updated_at", "pk")
        .values_list("choice__application__applicant_id", "primary_care_interest")
    )
    return dict(rows)


# --- Offers and the reserve list -----------------------------------------------------------


def reserve_list(posting: Posting) -> QuerySet[Choice]:
    """The posting's reserve list in order: placed candidates first, then those marked
    "reserve" from the applicant list, in the order they were marked."""
    return (
        Choice.objects.filter(posting=posting, status=ChoiceStatus.RESERVE)
        .select_related("application__applicant", "reserve_place")
        .annotate(has_accepted_elsewhere=accepted_elsewhere())
        .order_by("reserve_place__position", "status_changed_at", "pk")
    )


def _with_scores(user: User, choices: ChoiceQuerySet) -> ChoiceQuerySet:
    """Average overall score from the assessments the user may read, and the marking."""
    visible = permissions.assessments_for(user).filter(choice=OuterRef("pk"))
    average = visible.order_by().values("choice").annotate(avg=Avg("overall")).values("avg")
    return choices.annotate(
        average_score=Subquery(average), has_accepted_elsewhere=accepted_elsewhere()
    )


def offer_candidates(user: User, posting: Posting) -> QuerySet[Choice]:
    """Who the employer may offer a post to now: active candidates without an offer."""
    choices = (
        recruitment_permissions.employer_choices(user)
        .filter(posting=posting, status__in=OFFERABLE)
        .exclude(status=ChoiceStatus.REJECTED)
        .exclude(offers__status__in=Status.live())
        .select_related("application__applicant")
        .order_by("application__applicant__full_name", "pk")
    )
    return _with_scores(user, choices)


def posting_offers(posting: Posting) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(choice__posting=posting)
        .select_related("application__applicant", "wave", "choice")
        .prefetch_related(
            Prefetch(
                "events", queryset=OfferEvent.objects.select_related("actor").order_by("at", "pk")
            )
        )
        .order_by("-created_at", "-pk")
    )


def last_list(user: User, posting: Posting) -> QuerySet[Choice]:
    """Hiring from the last list: every applicant to this posting who could still take the
    post — the reserve list first, then the others by their interview scores."""
    choices = (
        recruitment_permissions.employer_choices(user)
        .filter(posting=posting, status__in=OFFERABLE)
        .exclude(offers__status__in=Status.live())
        .select_related("application__applicant", "reserve_place")
    )
    return (
        _with_scores(user, choices)
        .annotate(
            on_reserve=Case(
                When(status=ChoiceStatus.RESERVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        # average_score: annotated by _with_scores, which its declared type does not carry.
        .order_by(  # type: ignore[misc]
            "on_reserve", "reserve_place__position", "-average_score", "pk"
        )
    )


# --- Candidate -----------------------------------------------------------------------------


def applicant_offers(user: User) -> QuerySet[Offer]:
    """The candidate's released offers, open ones first, for comparing and answering."""
    return (
        permissions.offers_for_applicant(user)
        .select_related(
            "choice__posting__employer",
            "choice__posting__municipality",
            "application__round",
            "wave",
        )
        .order_by("respond_by", "pk")
    )


def acceptance_consequences(offer: Offer) -> dict:
    """What accepting ``offer`` would do, for the confirmation page."""
    choices = list(
        offer.application.choices.active().select_related("posting__employer").order_by("rank")
    )
    rank = offer.choice.rank
    others = list(
        Offer.objects.filter(
            application=offer.application, status__in=[Status.OPEN, Status.ACCEPTED]
        )
        .exclude(pk=offer.pk)
        .select_related("choice__posting__employer")
    )
    return {
        "withdrawn": [c for c in choices if c.rank > rank],
        "declined": [o for o in others if o.status == Status.OPEN],
        "released": [o for o in others if o.status == Status.ACCEPTED],
        "higher": [c for c in choices if c.rank < rank and c.status not in NOT_UPGRADABLE],
    }


@dataclass
class ApplicantHiring:
    """What an application's page shows of the employers' workflow."""

    invitations: list[InterviewInvitation] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    decisions: list = field(default_factory=list)
    exemption_request: ExemptionRequest | None = None

    @property
    def open_offers(self) -> list[Offer]:
        return [o for o in self.offers if o.status == Status.OPEN]


def applicant_hiring(user: User, application: Application) -> ApplicantHiring:
    invitations = list(
        InterviewInvitation.objects.filter(
            choice__application=application, choice__application__applicant=user
        )
        .filter(Choice.objects.active_q("choice__"))
        .select_related("choice__posting__employer")
        .prefetch_related(
            Prefetch(
                "choice__interview_bookings",
                queryset=InterviewBooking.objects.filter(cancelled_at__isnull=True).select_related(
                    "slot"
                ),
                to_attr="active_bookings",
            )
        )
        .order_by("invited_at", "pk")
    )
    offers = list(
        permissions.offers_for_applicant(user)
        .filter(application=application)
        .select_related("choice__posting__employer")
        .order_by("-released_at", "-pk")
    )
    decisions = list(
        Choice.objects.filter(
            application=application,
            application__applicant=user,
            exemption_decision__isnull=False,
        )
        .select_related("posting", "exemption_decision")
        .order_by("rank")
    )
    request = ExemptionRequest.objects.filter(application=application).first()
    return ApplicantHiring(invitations, offers, decisions, request)


def applicant_summary(user: User) -> dict[str, list]:
    """For "My applications": open offers and invitations still to book."""
    offers = list(
        permissions.offers_for_applicant(user)
        .filter(status=Status.OPEN)
        .select_related("choice__posting__employer")
        .order_by("respond_by", "pk")
    )
    to_book = list(
        InterviewInvitation.objects.filter(choice__application__applicant=user)
        .exclude(
            choice__status__in=[
                ChoiceStatus.WITHDRAWN,
                ChoiceStatus.REJECTED,
                ChoiceStatus.DECLINED,
                ChoiceStatus.ACCEPTED,
                ChoiceStatus.OFFERED,
            ]
        )
        .exclude(
            Exists(
                InterviewBooking.objects.filter(
                    choice=OuterRef("choice"), cancelled_at__isnull=True
                )
            )
        )
        .select_related("choice__posting__employer", "choice__application")
        .order_by("invited_at", "pk")
    )
    return {"offers": offers, "to_book": to_book}


# --- Public applicant list -----------------------------------------------------------------


def public_list_choices(posting: Posting) -> QuerySet[Choice]:
    """Everyone who applied for the posting and has not withdrawn (drafts never count)."""
    return (
        Choice.objects.active()
        .filter(posting=posting)
        .select_related(
            "application__applicant__public_list_details",
            "application__exemption_request",
            "exemption_decision",
        )
        .order_by("application__applicant__full_name", "pk")
    )


def exemption_requests(posting: Posting) -> list[Choice]:
    return [
        c
        for c in public_list_choices(posting)
        if getattr(c.application, "exemption_request", None) is not None
    ]


@dataclass(frozen=True)
class PublicListRow:
    name: str
    age: int | None
    title: str
    residence: str


@dataclass(frozen=True)
class PublicList:
    rows: list[PublicListRow]
    total: int
    by_gender: dict[str, int]
    left_off: int
    left_off_by_gender: dict[str, int]


def _details(choice: Choice) -> PublicListDetails | None:
    return getattr(choice.application.applicant, "public_list_details", None)


def build_public_list(posting: Posting) -> PublicList:
    """The list as offentleglova § 25 has it: name, age, position or occupational title and
    municipality of residence of every applicant not granted exemption; the number of
    applicants and their gender for everyone, including those left off."""
    rows, left_off = [], []
    everyone = list(public_list_choices(posting))
    for choice in everyone:
        decision = getattr(choice, "exemption_decision", None)
        if decision is not None and decision.granted:
            left_off.append(choice)
            continue
        details = _details(choice)
        applicant = choice.application.applicant
        rows.append(
            PublicListRow(
                name=applicant.full_name or "–",
                age=details.age() if details else None,
                title=details.occupational_title if details else "",
                residence=details.residence if details else "",
            )
        )

    def genders(choices: list[Choice]) -> dict[str, int]:
        """Women, men, and "other" (which includes those who did not say)."""
        counts = dict.fromkeys(Gender.values, 0)
        for choice in choices:
            details = _details(choice)
            counts[details.gender if details and details.gender else Gender.OTHER] += 1
        return counts

    return PublicList(rows, len(everyone), genders(everyone), len(left_off), genders(left_off))


def published_list(posting: Posting) -> PublicApplicantList | None:
    return PublicApplicantList.objects.filter(posting=posting, published_at__isnull=False).first()


# --- Wave calendar -------------------------------------------------------------------------


def round_waves(round: ApplicationRound, now: datetime | None = None) -> list[OfferWave]:
    """The round's waves in order, each with its ``state`` now (scheduled, released or
    missed) and how its offers stand. One query."""
    now = now or timezone.now()
    waves: list[OfferWave] = list(
        round.offer_waves.annotate(
            prepared=Count("offers", filter=Q(offers__status=Status.PREPARED)),
            open_offers=Count("offers", filter=Q(offers__status=Status.OPEN)),
            accepted=Count("offers", filter=Q(offers__status=Status.ACCEPTED)),
            total=Count("offers"),
        ).order_by("offers_at", "pk")
    )
    for wave in waves:
        wave.state = wave.state_at(now)  # type: ignore[attr-defined]
    return waves


# --- Dashboards ----------------------------------------------------------------------------


def upcoming_interview_slots(
    postings: QuerySet[Posting], start: datetime, end: datetime, *, limit: int = 10
) -> tuple[list[InterviewSlot], int]:
    """For the dashboards: the first ``limit`` slots (not cancelled) of ``postings`` that
    start in [start, end), each with ``booked`` – its active bookings, or None for none –
    and how many such slots there are. Times and counts only, never a candidate. Two
    queries."""
    slots = InterviewSlot.objects.filter(
        posting__in=postings.values("pk"),
        cancelled_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=end,
    )
    booked = (
        InterviewBooking.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)
        .order_by()
        .values("slot")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows: list[InterviewSlot] = list(
        slots.select_related("posting__employer")
        .annotate(booked=Subquery(booked))
        .order_by("starts_at", "pk")[:limit]
    )
    return rows, slots.count()


def interview_participants(posting: Posting) -> QuerySet:
    """The organisations taking part in ``posting``'s interviews."""
    return posting.interview_participants.select_related("organisation")


def current_booking(choice: Choice) -> InterviewBooking | None:
    """The candidate's interview time for ``choice``, unless cancelled."""
    return (
        choice.interview_bookings.filter(cancelled_at__isnull=True).select_related("slot").first()
    )


def bookable_slot(posting: Posting, slot_id: str) -> InterviewSlot | None:
    """The interview time of ``posting`` a booking form named, if it names one."""
    if not slot_id.isdecimal():
        return None
    return posting.interview_slots.filter(pk=int(slot_id)).first()
