"""Writes for coupled tracks. Each checks who acts and in what state, changes rows in one
transaction, records personal-data changes in the audit trail and sends e-mail only after
the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from careers.models import (
    ConsentText,
    Invitation,
    InvitationTime,
    Placement,
    Track,
    TrackConsent,
    TrackMunicipality,
)
from careers.tracks import consent as consent_words
from careers.tracks import coupling, permissions, selectors
from portal import audit, notifications
from portal.models import Membership, Organisation, User
from recruitment.applications import services as application_services
from recruitment.enums import PostingKind

if TYPE_CHECKING:  # careers reads postings through its selectors; here a type only
    from recruitment.models import Posting

Action = audit.Action

# --- Tracks (coordinator) -------------------------------------------------------------------


def _check_manager(user: User) -> None:
    if not permissions.may_manage_tracks(user):
        raise PermissionDenied


def ensure_consent_text(track: Track) -> ConsentText:
    """The track's current consent text; a new version when the track's name, trust or
    municipalities (or the wording) changed since the last one. Old versions stay: each
    consent keeps the version it was given to."""
    municipalities = list(
        Organisation.objects.filter(track_participations__track=track).order_by("name", "pk")
    )
    texts = consent_words.bodies(
        track=track.name,
        trust=track.hospital_trust.name,
        municipalities=[m.name for m in municipalities],
    )
    latest = track.consent_texts.order_by("-version").first()
    if latest is not None:
        same_words = all(getattr(latest, name) == value for name, value in texts.items())
        same_places = {m.pk for m in latest.municipalities.all()} == {m.pk for m in municipalities}
        if same_words and same_places:
            return latest
    text = ConsentText.objects.create(
        track=track, version=(latest.version + 1) if latest else 1, **texts
    )
    text.municipalities.set(municipalities)
    return text


def _validate_postings(track: Track, postings: Sequence[Posting]) -> None:
    for posting in postings:
        if posting.kind != PostingKind.LIS1:
            raise ValidationError(
                {"postings": _("“%(title)s” is not a LIS1 posting.") % {"title": posting.title}}
            )
        trust = coupling.trust_of(posting.employer)
        if trust is None or trust.pk != track.hospital_trust_id:
            raise ValidationError(
                {
                    "postings": _("“%(title)s” is not a posting of %(trust)s.")
                    % {"title": posting.title, "trust": track.hospital_trust.name}
                }
            )


def _unique_slug(name: str) -> str:
    base = slugify(name.translate(NORWEGIAN_LETTERS))[:180] or "track"
    slug, n = base, 1
    while Track.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})


@transaction.atomic
def save_track(*, user: User, track: Track, postings: Iterable[Posting]) -> Track:
    """Create or change a track and the LIS1 postings it covers (the trust's own), within
    the coupling limit of each round they are in (careers.tracks.coupling)."""
    _check_manager(user)
    postings = list(postings)
    _validate_postings(track, postings)
    if track.pk is None:
        track.created_by = user
    if not track.slug:
        track.slug = _unique_slug(track.name)
    if track.is_published and track.published_at is None:
        track.published_at = timezone.now()
    track.full_clean(exclude=["postings", "created_by"])
    with coupling.limit_kept(track=track):
        track.save()
        track.postings.set(postings)
    ensure_consent_text(track)
    return track


@transaction.atomic
def add_municipality(*, user: User, track: Track, municipality: Organisation) -> TrackMunicipality:
    _check_manager(user)
    if not municipality.is_municipality:
        raise ValidationError({"municipality": _("Only municipalities take part in a track.")})
    if TrackMunicipality.objects.filter(track=track, municipality=municipality).exists():
        raise ValidationError(
            {"municipality": _("The municipality already takes part in this track.")}
        )
    participation = TrackMunicipality.objects.create(track=track, municipality=municipality)
    ensure_consent_text(track)
    return participation


@transaction.atomic
def remove_municipality(*, user: User, participation: TrackMunicipality) -> None:
    """The municipality leaves the track: it no longer sees the pool, and the next consent
    version no longer names it. Refused while it has placements in the track."""
    _check_manager(user)
    if (
        Placement.objects.filter(
            track_id=participation.track_id, municipality_id=participation.municipality_id
        )
        .exclude(status=Placement.Status.ENDED)
        .exists()
    ):
        raise ValidationError(
            _("%(name)s has placements in this track and cannot leave it.")
            % {"name": participation.municipality.name}
        )
    track = participation.track
    participation.delete()
    ensure_consent_text(track)


@transaction.atomic
def save_terms(*, user: User, participation: TrackMunicipality) -> TrackMunicipality:
    """The ALIS/LIS3 terms a municipality offers: its chief physician or the coordinator."""
    if not (
        permissions.may_manage_tracks(user)
        or participation.municipality_id in permissions.chief_physician_of(user)
    ):
        raise PermissionDenied
    participation.save()
    return participation


# --- Candidate: preference and consent ------------------------------------------------------


def set_preference(*, user: User, preference: str) -> None:
    application_services.set_career_preference(user=user, preference=preference)


class Answers:
    """What ``save_answers`` did."""

    CONSENT_GIVEN = "given"
    CONSENT_WITHDRAWN = "withdrawn"
    PREFERENCE_ONLY = "preference"


@transaction.atomic
def save_answers(
    *,
    user: User,
    track: Track,
    preference: str,
    consent: bool,
    share_documents: bool,
    request: HttpRequest | None = None,
) -> tuple[str, TrackConsent | None]:
    """The candidate's panel in one go: the preference, and the consent as the box now
    says – given (or renewed), withdrawn (unticked), or left as it was. Returns what
    happened and the active consent, if any."""
    set_preference(user=user, preference=preference)
    active = (
        TrackConsent.objects.filter(candidate=user, track=track, ended_at__isnull=True)
        .select_related("text")
        .first()
    )
    if consent:
        given = give_consent(
            user=user, track=track, share_documents=share_documents, request=request
        )
        changed = active is None or active.pk != given.pk
        return (Answers.CONSENT_GIVEN if changed else Answers.PREFERENCE_ONLY), given
    if active is not None:
        withdraw_consent(user=user, consent=active, request=request)
        return Answers.CONSENT_WITHDRAWN, None
    return Answers.PREFERENCE_ONLY, None


@transaction.atomic
def give_consent(
    *, user: User, track: Track, share_documents: bool, request: HttpRequest | None = None
) -> TrackConsent:
    """Consent to the track's current text, with or without documents. Giving it again
    unchanged changes nothing (a double click); a change of the document choice or a newer
    text replaces the active consent, and the old one is kept as the record."""
    if not track.is_published:
        raise ValidationError(_("This track is not open for consent."))
    text = ensure_consent_text(track)
    active = (
        TrackConsent.objects.select_for_update()
        .filter(candidate=user, track=track, ended_at__isnull=True)
        .first()
    )
    if active is not None:
        if active.text_id == text.pk and active.share_documents == share_documents:
            return active
        active.ended_at = timezone.now()
        active.end_reason = TrackConsent.EndReason.RENEWED
        active.save(update_fields=["ended_at", "end_reason"])
    consent = TrackConsent.objects.create(
        candidate=user, track=track, text=text, share_documents=share_documents
    )
    audit.record(
        actor=user,
        action=Action.CREATE,
        obj=consent,
        subject_user_id=user.pk,
        detail=f"track consent given: {track.slug} v{text.version}"
        + (" with documents" if share_documents else ""),
        request=request,
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, user: User, consent: TrackConsent, request: HttpRequest | None = None
) -> TrackConsent:
    """Withdraw at once: the candidate leaves every pool of the track on the next request,
    and invitations still running end. Withdrawing twice changes nothing."""
    consent = TrackConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.candidate_id != user.pk:
        raise PermissionDenied
    if consent.ended_at is not None:
        return consent
    consent.ended_at = timezone.now()
    consent.end_reason = TrackConsent.EndReason.WITHDRAWN
    consent.save(update_fields=["ended_at", "end_reason"])
    running = Invitation.objects.filter(
        candidate=user,
        track_id=consent.track_id,
        status__in=[Invitation.Status.SENT, Invitation.Status.PROPOSED, Invitation.Status.ACCEPTED],
    )
    agreed = list(running.filter(status=Invitation.Status.ACCEPTED))
    running.update(status=Invitation.Status.WITHDRAWN, updated_at=timezone.now())
    for invitation in agreed:
        # A meeting already in the calendar is taken out of it (CANCEL, same UID).
        notifications.supersede(["track_invitation_update"], invitation)
        notifications.notify("track_invitation_update", invitation, [user], event="withdrawn")
    audit.record(
        actor=user,
        action=Action.CHANGE,
        obj=consent,
        subject_user_id=user.pk,
        detail=f"track consent withdrawn: v{consent.text.version}",
        request=request,
    )
    return consent


# --- Municipality: invitations --------------------------------------------------------------


def _check_chief(user: User, municipality_id: int) -> None:
    if municipality_id not in permissions.chief_physician_of(user):
        raise PermissionDenied


@transaction.atomic
def invite(
    *,
    user: User,
    participation: TrackMunicipality,
    candidate_id: int,
    kind: str,
    message: str,
    times: Sequence[datetime],
    place: str = "",
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite a pool candidate to an interview, a visit or a talk, proposing times."""
    _check_chief(user, participation.municipality_id)
    track = participation.track
    if (
        not selectors.pool_users(track, participation.municipality_id)
        .filter(pk=candidate_id)
        .exists()
    ):
        raise ValidationError(_("The candidate is no longer in the pool."))
    times = sorted(set(times))
    if not times:
        raise ValidationError({"times": _("Propose at least one time.")})
    now = timezone.now()
    if any(moment <= now for moment in times):
        raise ValidationError({"times": _("The proposed times must be in the future.")})
    if not message.strip():
        raise ValidationError({"message": _("Write a message to the candidate.")})
    invitation = Invitation(
        track=track,
        municipality_id=participation.municipality_id,
        candidate_id=candidate_id,
        kind=kind,
        message=message.strip(),
        place=place,
        created_by=user,
    )
    invitation.full_clean(exclude=["chosen_time", "track", "municipality", "candidate"])
    invitation.save()
    InvitationTime.objects.bulk_create(
        InvitationTime(invitation=invitation, starts_at=moment) for moment in times
    )
    audit.record(
        actor=user,
        action=Action.CREATE,
        obj=invitation,
        subject_user_id=candidate_id,
        organisation_id=participation.municipality_id,
        detail="track invitation",
        request=request,
    )
    notifications.notify("track_invitation", invitation, [invitation.candidate])
    return invitation


def _lock_invitation(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("track", "municipality")
        .get(pk=invitation.pk)
    )


class Answer:
    ACCEPT = "accept"
    PROPOSE = "propose"
    DECLINE = "decline"


@transaction.atomic
def answer_invitation(
    *,
    user: User,
    invitation: Invitation,
    answer: str,
    time_id: int | None = None,
    proposed_time: datetime | None = None,
    message: str = "",
) -> Invitation:
    """The candidate accepts one of the proposed times, proposes another, or declines.
    Possible while the invitation waits for an answer (also after proposing a time)."""
    invitation = _lock_invitation(invitation)
    if invitation.candidate_id != user.pk:
        raise PermissionDenied
    if not invitation.is_open:
        raise ValidationError(_("This invitation has already been answered or has ended."))
    if answer == Answer.ACCEPT:
        chosen = invitation.times.filter(pk=time_id).first() if time_id else None
        if chosen is None:
            raise ValidationError({"time": _("Choose one of the proposed times.")})
        if chosen.starts_at <= timezone.now():
            raise ValidationError({"time": _("That time has passed. Propose another one.")})
        invitation.status = Invitation.Status.ACCEPTED
        invitation.chosen_time = chosen
    elif answer == Answer.PROPOSE:
        if proposed_time is None or proposed_time <= timezone.now():
            raise ValidationError({"proposed_time": _("Propose a time in the future.")})
        invitation.status = Invitation.Status.PROPOSED
        invitation.proposed_time = proposed_time
    elif answer == Answer.DECLINE:
        invitation.status = Invitation.Status.DECLINED
    else:
        raise ValidationError(_("Choose an answer."))
    invitation.candidate_message = message.strip()
    invitation.answered_at = timezone.now()
    invitation.save()
    chiefs = User.objects.filter(
        memberships__organisation_id=invitation.municipality_id,
        memberships__role=Membership.Role.CHIEF_PHYSICIAN,
        is_active=True,
    ).distinct()
    # An answer after proposing a time is a new answer: one message per answer.
    name = f"answer:{invitation.answered_at.isoformat()}"
    notifications.notify("track_invitation_answered", invitation, chiefs, event=name)
    if invitation.status == Invitation.Status.ACCEPTED:
        # The candidate's own calendar entry for the time they chose.
        notifications.notify(
            "track_invitation_update", invitation, [invitation.candidate], event="accepted"
        )
    return invitation


def _lock_for_municipality(user: User, invitation: Invitation) -> Invitation:
    invitation = _lock_invitation(invitation)
    _check_chief(user, invitation.municipality_id)
    return invitation


@transaction.atomic
def accept_proposal(*, user: User, invitation: Invitation) -> Invitation:
    """The municipality agrees to the time the candidate proposed."""
    invitation = _lock_for_municipality(user, invitation)
    if invitation.status != Invitation.Status.PROPOSED:
        raise ValidationError(_("The candidate has not proposed a time."))
    # invitation_proposed_has_time: a proposed invitation has its time.
    assert invitation.proposed_time is not None
    if invitation.proposed_time <= timezone.now():
        raise ValidationError(_("The proposed time has passed. Send a new invitation."))
    time, _created = InvitationTime.objects.get_or_create(
        invitation=invitation, starts_at=invitation.proposed_time
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.chosen_time = time
    invitation.save(update_fields=["status", "chosen_time", "updated_at"])
    notifications.notify(
        "track_invitation_update", invitation, [invitation.candidate], event="accepted"
    )
    return invitation


def check_cancellable_invitation(invitation: Invitation) -> None:
    """Asked by the confirmation page and again by ``cancel_invitation`` under its lock."""
    if invitation.status not in (
        Invitation.Status.SENT,
        Invitation.Status.PROPOSED,
        Invitation.Status.ACCEPTED,
    ):
        raise ValidationError(_("This invitation has already ended."))


@transaction.atomic
def cancel_invitation(*, user: User, invitation: Invitation) -> Invitation:
    invitation = _lock_for_municipality(user, invitation)
    check_cancellable_invitation(invitation)
    invitation.status = Invitation.Status.CANCELLED
    invitation.save(update_fields=["status", "updated_at"])
    # "Agreed" not yet sent is not sent: the cancellation replaces it.
    notifications.supersede(["track_invitation_update"], invitation)
    notifications.notify(
        "track_invitation_update", invitation, [invitation.candidate], event="cancelled"
    )
    return invitation


OUTCOME_ORDER: dict[str, int] = {
    Invitation.Outcome.NONE: 0,
    Invitation.Outcome.INTERVIEWED: 1,
    Invitation.Outcome.OFFERED: 2,
    Invitation.Outcome.ACCEPTED: 3,
    Invitation.Outcome.DECLINED: 3,
}


@transaction.atomic
def record_outcome(
    *, user: User, invitation: Invitation, outcome: str, request: HttpRequest | None = None
) -> Invitation:
    """What came of a meeting: interviewed → offered a coupled post → accepted or declined.
    Only after a time was agreed, and only forwards."""
    invitation = _lock_for_municipality(user, invitation)
    if outcome not in OUTCOME_ORDER or outcome == Invitation.Outcome.NONE:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if invitation.status != Invitation.Status.ACCEPTED:
        raise ValidationError(_("Record an outcome once a time has been agreed."))
    current = OUTCOME_ORDER[invitation.outcome]
    if current == 3 or OUTCOME_ORDER[outcome] <= current:
        raise ValidationError(
            {
                "outcome": _("The outcome is already “%(outcome)s”.")
                % {"outcome": invitation.get_outcome_display()}
            }
        )
    invitation.outcome = outcome
    invitation.outcome_at = timezone.now()
    invitation.save(update_fields=["outcome", "outcome_at", "updated_at"])
    audit.record(
        actor=user,
        action=Action.CHANGE,
        obj=invitation,
        subject_user_id=invitation.candidate_id,
        organisation_id=invitation.municipality_id,
        detail=f"track invitation outcome: {outcome}",
        request=request,
    )
    return invitation


# --- Placements -----------------------------------------------------------------------------


@transaction.atomic
def create_placement(
    *,
    user: User,
    invitation: Invitation,
    lis1_start: date,
    alis_start: date,
    municipal_lis1_start: date | None = None,
    municipal_lis1_end: date | None = None,
    request: HttpRequest | None = None,
) -> Placement:
    """Record the agreed coupled post once the candidate accepted it. The doctor is told at
    once and sees the whole path from then on."""
    invitation = _lock_for_municipality(user, invitation)
    if invitation.outcome != Invitation.Outcome.ACCEPTED:
        raise ValidationError(_("Record that the candidate accepted the coupled post first."))
    existing = (
        Placement.objects.filter(candidate_id=invitation.candidate_id, track=invitation.track)
        .exclude(status=Placement.Status.ENDED)
        .first()
    )
    if existing is not None:
        raise ValidationError(_("This doctor already has a placement in this track."))
    placement = Placement(
        candidate_id=invitation.candidate_id,
        track=invitation.track,
        municipality_id=invitation.municipality_id,
        invitation=invitation,
        lis1_posting=selectors.accepted_lis1_posting(invitation.track, invitation.candidate_id),
        lis1_start=lis1_start,
        municipal_lis1_start=municipal_lis1_start,
        municipal_lis1_end=municipal_lis1_end,
        alis_start=alis_start,
        created_by=user,
    )
    placement.full_clean()
    placement.save()
    audit.record(
        actor=user,
        action=Action.CREATE,
        obj=placement,
        subject_user_id=placement.candidate_id,
        organisation_id=placement.municipality_id,
        detail="track placement",
        request=request,
    )
    notifications.notify("track_placement", placement, [placement.candidate])
    return placement


@transaction.atomic
def update_placement(
    *, user: User, placement: Placement, request: HttpRequest | None = None
) -> Placement:
    """Save changed dates or status (validated by the form and the model's constraints)."""
    if not (
        permissions.may_manage_tracks(user)
        or placement.municipality_id in permissions.chief_physician_of(user)
    ):
        raise PermissionDenied
    placement.full_clean()
    placement.save()
    audit.record(
        actor=user,
        action=Action.CHANGE,
        obj=placement,
        subject_user_id=placement.candidate_id,
        organisation_id=placement.municipality_id,
        detail=f"track placement: {placement.status}",
        request=request,
    )
    return placement
