"""Writes in the application portal. Each service checks who acts and the object's state,
changes it in one transaction (locking the application row, so a double click, an autosave
and a submit never interleave) and sends e-mail only after the commit."""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal import audit, clock, notifications
from portal import merge as merging
from portal import permissions as portal_permissions
from portal.models import AuditEvent, User
from recruitment import hooks, permissions
from recruitment.applications import selectors
from recruitment.applications.pdf import CleanPdf, clean_pdf
from recruitment.caching import board_changed
from recruitment.hiring import selectors as hiring_selectors
from recruitment.hiring.models import ExemptionRequest, PublicListDetails
from recruitment.models import (
    ApplicantProfile,
    Application,
    ApplicationRound,
    CareerPreference,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    Document,
    EmployerNote,
    Posting,
    SpecialtyInterest,
)
from recruitment.services import record_choice_status


class AlreadyApplied(ValidationError):
    """A second application in the same round (or to the same posting) was attempted."""

    def __init__(self, application: Application, message: str):
        super().__init__(message, code="already_applied")
        self.application = application


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- Profile -------------------------------------------------------------------------------


@transaction.atomic
def save_profile(
    *, user: User, profile: ApplicantProfile, full_name: str, interests: Iterable[str]
) -> ApplicantProfile:
    """Save the profile (validated by ProfileForm), the user's name and career interests."""
    if profile.pk and profile.user_id != user.pk:
        raise PermissionDenied
    profile.user = user
    profile.save()
    if user.full_name != full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    wanted = set(interests)
    profile.interests.exclude(specialty__in=wanted).delete()
    existing = set(profile.interests.values_list("specialty", flat=True))
    SpecialtyInterest.objects.bulk_create(
        SpecialtyInterest(profile=profile, specialty=specialty)
        for specialty in sorted(wanted - existing)
    )
    return profile


def profile_values(user: User, profile: ApplicantProfile | None, names: Iterable[str]) -> dict:
    """The stored profile as the profile form shows it (``merging.canon``), by field."""
    values = {}
    for name in names:
        value: Any  # a text, a list of specialties or a field's value
        if name == "full_name":
            value = user.full_name
        elif name == "interests":
            value = list(profile.interests.values_list("specialty", flat=True)) if profile else []
        else:
            value = getattr(profile, name, None) if profile and profile.pk else None
        values[name] = merging.canon(value)
    return values


def profile_versions(user: User, names: Iterable[str]) -> dict[str, str]:
    profile = ApplicantProfile.objects.filter(user=user).first()
    return {
        name: merging.fingerprint(value)
        for name, value in profile_values(user, profile, names).items()
    }


@transaction.atomic
def save_profile_changes(*, user: User, values: dict, bases: dict) -> list[merging.Conflict]:
    """Save the fields of the profile form that were changed on the page that sent it
    (``values``: the form's cleaned values; ``bases``: the version each field started
    from). A field changed elsewhere meanwhile (another tab) is not written but returned
    as a conflict; the others are saved. As ``save_draft_changes`` for the application."""
    profile = ApplicantProfile.objects.select_for_update().filter(
        user=user
    ).first() or ApplicantProfile(user=user)
    current = profile_values(user, profile if profile.pk else None, values)
    changes, conflicts = merging.merge(
        current, {name: merging.canon(value) for name, value in values.items()}, bases
    )
    for name in changes:
        if name not in ("full_name", "interests"):
            setattr(profile, name, values[name])
    stored_interests = current["interests"].split(",") if current.get("interests") else []
    save_profile(
        user=user,
        profile=profile,
        full_name=values["full_name"] if "full_name" in changes else user.full_name,
        interests=values["interests"] if "interests" in changes else stored_interests,
    )
    return conflicts


@transaction.atomic
def set_career_preference(*, user: User, preference: str) -> ApplicantProfile:
    """Hospital, primary care or undecided – asked on its own where coupled tracks are
    explained (careers.tracks); creates the profile if the applicant has none yet."""
    if preference not in CareerPreference.values:
        raise ValidationError(_("Choose hospital, primary care or undecided."))
    profile, _created = ApplicantProfile.objects.get_or_create(user=user)
    if profile.career_preference != preference:
        profile.career_preference = preference
        profile.save(update_fields=["career_preference", "updated_at"])
    return profile


# --- Documents -----------------------------------------------------------------------------


def _display_name(name: str | None) -> str:
    """The name shown for a document: the uploaded name without any path (either kind of
    separator) or unprintable characters. Storage never sees it (see document_upload_to)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if char.isprintable()).strip() or "document.pdf"
    stem, _ext = os.path.splitext(base)
    return f"{stem[:190] or 'document'}.pdf"


def _submitted_applications_with(document: Document) -> QuerySet[Application]:
    return document.applications.filter(status=Application.Status.SUBMITTED).select_related(
        "round", "posting"
    )


@dataclass(frozen=True)
class StoredUpload:
    """A document as stored, and what ``clean_pdf`` took out of the upload to store it
    (kinds from ``recruitment.applications.pdf``; the applicant is told)."""

    document: Document
    clean: CleanPdf


def upload_document(*, user: User, kind: str, uploaded: UploadedFile) -> StoredUpload:
    """Store the cleaned rewrite of ``uploaded``, never the uploaded bytes. The cleaning
    (a process of its own, up to seconds) runs before the transaction, not inside it."""
    clean = clean_pdf(uploaded)
    with transaction.atomic():
        document = Document(
            owner=user, kind=kind, title=_display_name(uploaded.name), size=len(clean.content)
        )
        document.file.save("upload.pdf", ContentFile(clean.content), save=False)
        try:
            document.save()
        except Exception:
            if document.file.name:
                default_storage.delete(document.file.name)
            raise
    return StoredUpload(document=document, clean=clean)


def replace_document(*, user: User, document: Document, uploaded: UploadedFile) -> StoredUpload:
    """New content under the same document, so every application it is attached to gets
    the new version, unless one of them has passed its deadline (that would change a
    closed application). Cleaned first, as in ``upload_document``."""
    if document.owner_id != user.pk:
        raise PermissionDenied
    clean = clean_pdf(uploaded)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        for application in _submitted_applications_with(document):
            if not application.is_open():
                raise ValidationError(
                    _(
                        "This document is part of your application “%(title)s”, whose "
                        "deadline has passed, so it cannot be changed. Upload it as a new "
                        "document instead."
                    )
                    % {"title": application.title}
                )
        old_name = document.file.name
        document.file.save("upload.pdf", ContentFile(clean.content), save=False)
        document.title = _display_name(uploaded.name)
        document.size = len(clean.content)
        document.uploaded_at = timezone.now()
        try:
            document.save(update_fields=["file", "title", "size", "uploaded_at"])
        except Exception:
            if document.file.name:
                default_storage.delete(document.file.name)
            raise
        if old_name:
            transaction.on_commit(lambda: default_storage.delete(old_name))
    return StoredUpload(document=document, clean=clean)


@transaction.atomic
def delete_document(*, user: User, document: Document) -> None:
    """Delete the document and its file. Refused while it is part of a submitted
    application: employers rely on it (detach it from the application or replace it)."""
    if document.owner_id != user.pk:
        raise PermissionDenied
    document = Document.objects.select_for_update().get(pk=document.pk)
    submitted = _submitted_applications_with(document).first()
    if submitted is not None:
        raise ValidationError(
            _(
                "This document is attached to your submitted application “%(title)s”. "
                "Replace it, or remove it from that application first."
            )
            % {"title": submitted.title}
        )
    document.delete()  # the file goes after commit (see recruitment.models)


# --- Rounds (coordinator) ------------------------------------------------------------------


def _check_coordinator(user: User) -> None:
    if not portal_permissions.is_coordinator(user):
        raise PermissionDenied


@transaction.atomic
def save_round(*, user: User, round: ApplicationRound) -> ApplicationRound:
    _check_coordinator(user)
    if round.pk is None:
        round.created_by = user
    round.save()
    return round


@transaction.atomic
def add_postings_to_round(
    *, user: User, round: ApplicationRound, postings: Iterable[Posting]
) -> int:
    """Postings join the round and take its deadline: their own is dropped, so nobody can
    read a date the server does not enforce. Refused for a posting in another round, or
    one that already has direct applications (they would lose their deadline)."""
    _check_coordinator(user)
    ids = [posting.pk for posting in postings]
    locked = list(Posting.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    for posting in locked:
        if posting.round_id is not None and posting.round_id != round.pk:
            raise ValidationError(
                _("“%(title)s” is already part of a round.") % {"title": posting.title}
            )
        if posting.direct_applications.exists():
            raise ValidationError(
                _(
                    "Applicants have already applied directly for “%(title)s”; it cannot "
                    "join a round."
                )
                % {"title": posting.title}
            )
    with hooks.coupling_limit_kept.ask(postings=locked):
        Posting.objects.filter(pk__in=[p.pk for p in locked]).update(
            round=round, deadline=None, updated_at=timezone.now()
        )
    transaction.on_commit(board_changed)
    return len(locked)


@transaction.atomic
def remove_posting_from_round(*, user: User, round: ApplicationRound, posting: Posting) -> None:
    """The posting leaves the round, keeping the round's close as its own deadline (its
    employer may move it)."""
    _check_coordinator(user)
    if Choice.objects.filter(application__round=round, posting=posting).exists():
        raise ValidationError(
            _("Applicants have already put “%(title)s” on their list; it cannot be removed.")
            % {"title": posting.title}
        )
    with hooks.coupling_limit_kept.ask(postings=[posting]):
        Posting.objects.filter(pk=posting.pk, round=round).update(
            round=None, deadline=round.closes_at, updated_at=timezone.now()
        )
    transaction.on_commit(board_changed)


# --- Applications (applicant) --------------------------------------------------------------


def _lock(user: User, application: Application) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "posting")
        .get(pk=application.pk)
    )
    if locked.applicant_id != user.pk:
        raise PermissionDenied
    return locked


def closed_message(application: Application) -> str:
    closes = application.closes_at
    if closes is None:  # a restplass, filled or closed since
        return _("“%(title)s” no longer takes applications. Your draft is kept as it was.") % {
            "title": application.title
        }
    return _(
        "The deadline for “%(title)s” was %(deadline)s. Changes and submissions are no "
        "longer accepted. Your draft is kept as it was."
    ) % {"title": application.title, "deadline": _local(closes)}


def _check_changeable(application: Application, now: datetime | None = None) -> None:
    """The one deadline check of every change and submission. ``now``: when the
    applicant's request reached the portal (``portal.clock.arrived``), less the grace
    period of the rules (``portal.clock.judged``)."""
    if application.status == Application.Status.WITHDRAWN:
        raise ValidationError(_("This application has been withdrawn and cannot be changed."))
    if not application.is_open(clock.judged(now or timezone.now())):
        raise ValidationError(closed_message(application), code="closed")


def _check_round_open(round: ApplicationRound, now: datetime) -> None:
    if now < round.opens_at:
        raise ValidationError(
            _("“%(name)s” opens for applications on %(opens)s.")
            % {"name": round.name, "opens": _local(round.opens_at)},
            code="not_open",
        )
    if round.has_closed(now):
        raise ValidationError(
            _("“%(name)s” closed on %(closes)s.")
            % {"name": round.name, "closes": _local(round.closes_at)},
            code="closed",
        )


def start_round_application(
    *, user: User, round: ApplicationRound, now: datetime | None = None
) -> Application:
    """The applicant's ONE application in the round, as a new draft. A second attempt
    raises AlreadyApplied, carrying the existing application."""
    existing = Application.objects.filter(applicant=user, round=round).first()
    if existing is not None:
        raise AlreadyApplied(
            existing,
            _("You already have an application in “%(name)s”. You can change it below.")
            % {"name": round.name},
        )
    _check_round_open(round, now or timezone.now())
    try:
        with transaction.atomic():
            return Application.objects.create(applicant=user, round=round)
    except IntegrityError:
        # Another request (a double click) created it between our check and insert.
        existing = Application.objects.get(applicant=user, round=round)
        raise AlreadyApplied(
            existing,
            _("You already have an application in “%(name)s”.") % {"name": round.name},
        ) from None


def _not_a_restplass(posting: Posting, now: datetime) -> str:
    """Why a posting of a round takes no direct application at ``now``, in the terms of
    ``PostingQuerySet``: its round still runs, its waves are not over, or it has no free
    post (or is closed)."""
    round = posting.round
    assert round is not None  # asked only of a posting in a round
    if not round.has_closed(now):
        return _("This posting is part of the round “%(name)s”. Apply through the round.") % {
            "name": round.name
        }
    if posting.status != Posting.Status.PUBLISHED:
        return _("“%(title)s” is closed and no longer takes applications.") % {
            "title": posting.title
        }
    state = Posting.objects.with_last_marking().get(pk=posting.pk)
    if state.last_marking_at is None:
        return _("“%(name)s” has closed, and “%(title)s” no longer takes applications.") % {
            "name": round.name,
            "title": posting.title,
        }
    if now < state.last_marking_at:
        return _(
            "“%(name)s” has closed and its offers are going out in waves. If “%(title)s” "
            "still has a free post after the last wave's marking, %(marking)s, it takes "
            "direct applications from then on as a leftover post (restplass)."
        ) % {"name": round.name, "title": posting.title, "marking": _local(state.last_marking_at)}
    return _(
        "Every post of “%(title)s” has been filled or offered, so it no longer takes applications."
    ) % {"title": posting.title}


def start_direct_application(
    *, user: User, posting: Posting, now: datetime | None = None
) -> Application:
    """A single application to a posting outside any round (summer job, ALIS, consultant),
    or to a restplass: a round's post still free after its last wave."""
    now = now or timezone.now()
    existing = Application.objects.filter(applicant=user, posting=posting).first()
    if existing is not None:
        raise AlreadyApplied(
            existing,
            _("You have already applied for “%(title)s”. You can follow it below.")
            % {"title": posting.title},
        )
    if posting.round_id is not None and not posting.is_restplass(now):
        raise ValidationError(_not_a_restplass(posting, now), code="closed")
    if not posting.accepts_applications(now):
        raise ValidationError(_("This posting is no longer open for applications."))
    try:
        with transaction.atomic():
            application = Application.objects.create(applicant=user, posting=posting)
            Choice.objects.create(application=application, posting=posting, rank=1)
    except IntegrityError:
        existing = Application.objects.get(applicant=user, posting=posting)
        raise AlreadyApplied(
            existing, _("You have already applied for “%(title)s”.") % {"title": posting.title}
        ) from None
    return application


DOCUMENTS = "documents"
EXEMPTION = "public_exemption"
EXEMPTION_REASON = "public_exemption_reason"


def choice_field(choice_pk: int) -> str:
    return f"motivation_{choice_pk}"


@dataclass
class DraftSave:
    """What a save of a draft did: the fields it wrote, those it refused because they were
    changed elsewhere meanwhile, and every field's version after it."""

    saved: list[str]
    conflicts: list[merging.Conflict]
    versions: dict[str, str]


def draft_state(application: Application) -> dict:
    """The stored value of every field of the editor, as the editor shows it: texts as
    text, the exemption request as "1"/"", attached documents as a set of ids."""
    details, request = hiring_selectors.public_list_state(application)
    state: dict[str, Any] = {"motivation": application.motivation}
    # The editor's application has its choices and documents prefetched: use them.
    for choice in sorted(application.choices.all(), key=lambda c: (c.rank, c.pk)):
        if choice.is_listed:
            state[choice_field(choice.pk)] = choice.motivation
    for name, attribute in hiring_selectors.PUBLIC_FIELDS.items():
        value = getattr(details, attribute, None) if details else None
        state[name] = "" if value is None else str(value)
    state[EXEMPTION] = "1" if request else ""
    state[EXEMPTION_REASON] = request.reason if request else ""
    state[DOCUMENTS] = {document.pk for document in application.documents.all()}
    return state


def versions_of(state: dict) -> dict[str, str]:
    """The version of each field the editor sends back with a save. Attachments travel as
    the list of ids themselves: a save attaches and detaches what the person ticked and
    unticked on that page, and leaves the rest as it is now."""
    return {
        name: ",".join(str(pk) for pk in sorted(value))
        if name == DOCUMENTS
        else merging.fingerprint(value)
        for name, value in state.items()
    }


def _document_ids(base: str | None) -> set[int] | None:
    if base is None:
        return None
    return {int(pk) for pk in base.split(",") if pk.strip().isdecimal()}


@transaction.atomic
def save_draft_changes(
    *,
    user: User,
    application: Application,
    changes: dict,
    bases: dict[str, str | None] | None = None,
    now: datetime | None = None,
) -> DraftSave:
    """Save what the applicant changed on one page of the editor (also the autosave).
    Allowed on a submitted application until the deadline.

    ``changes`` maps field names (``motivation``, ``motivation_<choice>``, the public list
    fields, ``documents`` as a set of document ids) to their new values; ``bases`` the
    version each started from on that page (``versions_of``). A field changed elsewhere
    meanwhile is not written but returned as a conflict; attachments and the request to
    be left off the public list change only as the person ticked or unticked them on that
    page, never because an older page still showed the old state."""
    bases = bases or {}
    application = _lock(user, application)
    _check_changeable(application, now)
    state = draft_state(application)
    texts = {name: value for name, value in changes.items() if name != DOCUMENTS}
    written, conflicts = merging.merge(
        {name: value for name, value in state.items() if name != DOCUMENTS},
        {name: "" if value is None else str(value) for name, value in texts.items()},
        bases,
    )
    saved = list(written)
    _write_motivations(application, written)
    _write_public_details(application, written)
    _write_exemption(application, state, written, saved)
    if DOCUMENTS in changes:
        _write_documents(user, application, state, set(changes[DOCUMENTS]), bases)
        saved.append(DOCUMENTS)
    for name in saved:
        if name != DOCUMENTS:
            state[name] = written[name]
    return DraftSave(saved=saved, conflicts=conflicts, versions=versions_of(state))


def _write_motivations(application: Application, written: dict[str, str]) -> None:
    """The application's motivation and each listed choice's own, where they changed."""
    if "motivation" in written:
        application.motivation = written["motivation"]
        application.save(update_fields=["motivation", "updated_at"])
    for choice in application.choices.listed():
        name = choice_field(choice.pk)
        if name in written:
            choice.motivation = written[name]
            choice.save(update_fields=["motivation"])


def _write_public_details(application: Application, written: dict[str, str]) -> None:
    """What the public applicant list shows of the applicant (``PublicListDetails``)."""
    details: dict[str, Any] = {
        hiring_selectors.PUBLIC_FIELDS[name]: value
        for name, value in written.items()
        if name in hiring_selectors.PUBLIC_FIELDS
    }
    if not details:
        return
    if "birth_year" in details:
        details["birth_year"] = int(details["birth_year"]) if details["birth_year"] else None
    for attribute in ("residence", "occupational_title"):
        if attribute in details:
            details[attribute] = details[attribute].strip()
    PublicListDetails.objects.update_or_create(user_id=application.applicant_id, defaults=details)


def _write_exemption(
    application: Application, state: dict, written: dict[str, str], saved: list[str]
) -> None:
    """The request to be left off the public list, only as the box was ticked or
    unticked; a reason without the box is not saved (dropped from ``saved``)."""
    asking = written.get(EXEMPTION, state[EXEMPTION])
    reason = written.get(EXEMPTION_REASON, state[EXEMPTION_REASON]).strip()
    if EXEMPTION in written and not asking:
        ExemptionRequest.objects.filter(application=application).delete()
        if EXEMPTION_REASON in written:
            saved.remove(EXEMPTION_REASON)  # nothing to keep a reason on
    elif asking and (EXEMPTION in written or EXEMPTION_REASON in written):
        ExemptionRequest.objects.update_or_create(
            application=application, defaults={"reason": reason}
        )
    elif EXEMPTION_REASON in written:
        saved.remove(EXEMPTION_REASON)  # kept on the page until the box is ticked


def _write_documents(
    user: User,
    application: Application,
    state: dict,
    mine: set[int],
    bases: dict[str, str | None],
) -> None:
    """Attach and detach what the person ticked and unticked on that page (``mine``
    against the page's ``bases``), leaving the rest as it is now; only their own
    documents. ``state`` follows."""
    base = _document_ids(bases.get(DOCUMENTS))
    current = state[DOCUMENTS]
    wanted = mine if base is None else (current | (mine - base)) - (base - mine)
    added = wanted - current
    if added:
        owners = set(Document.objects.filter(pk__in=added).values_list("owner_id", flat=True))
        if owners != {user.pk}:
            raise PermissionDenied
    if wanted != current:
        application.documents.set(wanted)
        state[DOCUMENTS] = wanted


def save_draft(
    *,
    user: User,
    application: Application,
    motivation: str | None = None,
    choice_motivations: dict[int, str] | None = None,
    documents: Iterable[Document] | None = None,
    public_list: dict | None = None,
    now: datetime | None = None,
) -> Application:
    """Overwrite the given parts of the draft (no versions: for scripts and tests; the
    editor uses ``save_draft_changes``)."""
    changes: dict = {}
    if motivation is not None:
        changes["motivation"] = motivation
    for pk, text in (choice_motivations or {}).items():
        changes[choice_field(pk)] = text
    if documents is not None:
        changes[DOCUMENTS] = {document.pk for document in documents}
    if public_list is not None:
        for name, attribute in hiring_selectors.PUBLIC_FIELDS.items():
            value = public_list.get(attribute)
            changes[name] = "" if value is None else str(value)
        changes[EXEMPTION] = "1" if public_list.get("exemption") else ""
        changes[EXEMPTION_REASON] = public_list.get("exemption_reason", "")
    save_draft_changes(user=user, application=application, changes=changes, now=now)
    return application


def _check_ranks_now() -> None:
    """Check the deferred rank constraint at once, so a bad reorder fails here and not at
    some later commit; then defer it again for the rest of the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS choice_unique_rank IMMEDIATE")
            cursor.execute("SET CONSTRAINTS choice_unique_rank DEFERRED")


def _renumber(application: Application, active_order: list[int] | None = None) -> None:
    """Ranks 1..n for active choices (in ``active_order`` if given), withdrawn ones after."""
    choices = list(application.choices.order_by("rank", "pk"))
    active = [c for c in choices if c.is_listed]
    withdrawn = [c for c in choices if not c.is_listed]
    if active_order is not None:
        position = {pk: index for index, pk in enumerate(active_order)}
        active.sort(key=lambda c: position[c.pk])
    changed = []
    for rank, choice in enumerate(active + withdrawn, start=1):
        if choice.rank != rank:
            choice.rank = rank
            changed.append(choice)
    Choice.objects.bulk_update(changed, ["rank"])
    _check_ranks_now()


@transaction.atomic
def add_choice(
    *, user: User, application: Application, posting: Posting, now: datetime | None = None
) -> Choice:
    application = _lock(user, application)
    _check_changeable(application, now)
    if application.is_direct:
        raise ValidationError(_("A direct application is for one posting only."))
    in_round = Posting.objects.published().filter(round_id=application.round_id, pk=posting.pk)
    if not in_round.exists():
        raise ValidationError(_("This posting is not open in this round."))
    choices = list(application.choices.all())
    active = [c for c in choices if c.is_listed]
    assert application.round is not None  # not direct, so in a round
    if len(active) >= application.round.max_choices:
        raise ValidationError(
            _("You can rank at most %(max)d postings in this round.")
            % {"max": application.round.max_choices}
        )
    sent = application.status == Application.Status.SUBMITTED
    status = ChoiceStatus.SUBMITTED if sent else ChoiceStatus.DRAFT
    choice = next((c for c in choices if c.posting_id == posting.pk), None)
    if choice is not None and choice.is_listed:
        raise ValidationError(_("This posting is already on your list."))
    if choice is None:
        choice = Choice.objects.create(
            application=application,
            posting=posting,
            rank=len(choices) + 1,
            status=status,
        )
        if sent:
            ChoiceEvent.objects.create(choice=choice, status=status, actor=user)
    else:  # taking back a withdrawn choice
        record_choice_status([choice], status, user)
    _renumber(application, [c.pk for c in active] + [choice.pk])
    return choice


@transaction.atomic
def move_choice(
    *,
    user: User,
    application: Application,
    choice_id: int,
    offset: int,
    now: datetime | None = None,
) -> Choice:
    """Move a choice ``offset`` places (-1 up, +1 down); at either end it stays put."""
    application = _lock(user, application)
    _check_changeable(application, now)
    order = list(application.choices.listed().order_by("rank").values_list("pk", flat=True))
    if choice_id not in order:
        raise ValidationError(_("That choice is not on your list."))
    index = order.index(choice_id)
    target = max(0, min(len(order) - 1, index + offset))
    order.insert(target, order.pop(index))
    _renumber(application, order)
    return application.choices.get(pk=choice_id)


@transaction.atomic
def reorder_choices(
    *, user: User, application: Application, order: list[int], now: datetime | None = None
) -> None:
    """Put the active choices in the given order (used by drag and drop)."""
    application = _lock(user, application)
    _check_changeable(application, now)
    current = set(application.choices.listed().values_list("pk", flat=True))
    if len(order) != len(current) or set(order) != current:
        raise ValidationError(
            _("Your list was changed in another window. Reload the page and try again.")
        )
    _renumber(application, order)


@transaction.atomic
def remove_choice(
    *, user: User, application: Application, choice_id: int, now: datetime | None = None
) -> None:
    """Take a posting off a draft list. On a submitted application use withdraw_choice."""
    application = _lock(user, application)
    _check_changeable(application, now)
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("Your application is submitted; withdraw the choice instead."))
    if application.is_direct:
        raise ValidationError(_("Delete the draft instead."))
    deleted, _detail = application.choices.filter(pk=choice_id).delete()
    if not deleted:
        raise ValidationError(_("That choice is not on your list."))
    _renumber(application)


@transaction.atomic
def delete_draft(*, user: User, application: Application) -> None:
    application = _lock(user, application)
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("Only a draft can be deleted; withdraw a sent application."))
    application.delete()


def submission_problems(application: Application) -> list[str]:
    """Why the application cannot be submitted yet (empty when it can)."""
    problems = []
    if selectors.is_prefetched(application, "choices"):  # loaded with their postings
        choices = application.choices.all()
    else:
        choices = application.choices.select_related("posting")
    active = [c for c in choices if c.is_listed]
    if not active:
        problems.append(_("Add at least one posting to your list."))
    if application.round is not None and len(active) > application.round.max_choices:
        problems.append(
            _("You can rank at most %(max)d postings in this round.")
            % {"max": application.round.max_choices}
        )
    for choice in active:
        if choice.posting.status != Posting.Status.PUBLISHED:
            problems.append(
                _("“%(title)s” is no longer open. Remove it from your list.")
                % {"title": choice.posting.title}
            )
    applicant = application.applicant
    completeness = selectors.profile_completeness(applicant, selectors.loaded_profile(applicant))
    for item in completeness.missing_required:
        problems.append(_("Your profile is missing: %(item)s.") % {"item": item.label})
    if application.round is not None and application.round.documents_required:
        has_cv = any(d.kind == Document.Kind.CV for d in application.documents.all())
        if not has_cv:
            problems.append(_("This round requires documents: attach at least your CV."))
    return problems


@transaction.atomic
def submit_application(
    *, user: User, application: Application, now: datetime | None = None
) -> Application:
    """Send the application. Idempotent: a second call (a double click) finds it already
    submitted and changes nothing, so there is one submission and one receipt."""
    application = _lock(user, application)
    if application.status == Application.Status.SUBMITTED:
        return application
    _check_changeable(application, now)
    problems = submission_problems(application)
    if problems:
        raise ValidationError(problems, code="incomplete")
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now or timezone.now()
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    record_choice_status(
        application.choices.filter(status=ChoiceStatus.DRAFT), ChoiceStatus.SUBMITTED, user
    )
    _audit_change(user, application, "submitted")
    notifications.notify("application_submitted", application, [application.applicant])
    return application


@transaction.atomic
def withdraw_application(*, user: User, application: Application) -> Application:
    """Withdraw the whole application. Possible after the deadline too: a candidate must
    always be able to step back."""
    application = _lock(user, application)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be withdrawn."))
    withdrawn = list(application.choices.listed())
    record_choice_status(withdrawn, ChoiceStatus.WITHDRAWN, user)
    _end_hiring(withdrawn, user)
    application.status = Application.Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _audit_change(user, application, "withdrawn")
    notifications.notify("application_withdrawn", application, [application.applicant])
    return application


@transaction.atomic
def withdraw_choice(*, user: User, application: Application, choice_id: int) -> Application:
    """Withdraw one choice; withdrawing the last one withdraws the application."""
    application = _lock(user, application)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Only choices in a submitted application can be withdrawn."))
    active = list(application.choices.listed())
    choice = next((c for c in active if c.pk == choice_id), None)
    if choice is None:
        raise ValidationError(_("That choice is not on your list."))
    if len(active) == 1:
        return withdraw_application(user=user, application=application)
    record_choice_status([choice], ChoiceStatus.WITHDRAWN, user)
    _end_hiring([choice], user)
    _renumber(application)
    _audit_change(user, application, f"choice {choice.pk} withdrawn")
    notifications.notify("application_choice_withdrawn", choice, [application.applicant])
    return application


def _end_hiring(choices: Iterable[Choice], user: User) -> None:
    """Withdrawn choices leave the employers' workflow: offers end, bookings are
    cancelled, reserve places freed (recruitment.hiring)."""
    hooks.choices_withdrawn.send(choice_ids=[c.pk for c in choices], actor=user)


def _audit_change(
    user: User, application: Application, what: str, organisation_id: int | None = None
) -> None:
    audit.record(
        actor=user,
        action=AuditEvent.Action.CHANGE,
        obj=application,
        subject_user_id=application.applicant_id,
        organisation_id=organisation_id,
        detail=what,
    )


# --- Employer ------------------------------------------------------------------------------


@transaction.atomic
def set_choice_status(*, user: User, choices: Iterable[Choice], status: str, note: str = "") -> int:
    """Mark choices (one or a bulk selection) as under review / shortlisted / rejected …,
    with an optional note private to the employer. Returns how many changed."""
    if status not in ChoiceStatus.set_by_employer():
        raise ValidationError(_("Choose a valid status."))
    ids = [choice.pk for choice in choices]
    locked = list(
        permissions.employer_choices(user)
        .select_for_update(of=("self",))
        .select_related("posting", "application")
        .filter(pk__in=ids)
    )
    if len(locked) != len(set(ids)):
        raise PermissionDenied
    for choice in locked:
        if not permissions.may_change_status(user, choice):
            raise ValidationError(
                _("The candidate has withdrawn “%(title)s”; it can no longer be changed.")
                % {"title": choice.posting.title}
            )
        if choice.status in (ChoiceStatus.OFFERED, ChoiceStatus.ACCEPTED):
            raise ValidationError(
                _("The candidate has an offer for “%(title)s”; change it on the offers page.")
                % {"title": choice.posting.title}
            )
    changed = [choice for choice in locked if choice.status != status]
    record_choice_status(changed, status, user)
    for choice in changed:
        _audit_change(
            user, choice.application, f"choice {choice.pk}: {status}", choice.posting.employer_id
        )
    note = note.strip()
    if note:
        EmployerNote.objects.bulk_create(
            EmployerNote(
                choice=choice, organisation_id=choice.posting.employer_id, author=user, text=note
            )
            for choice in locked
        )
    return len(changed)


@transaction.atomic
def add_note(*, user: User, choice: Choice, text: str) -> EmployerNote:
    if not portal_permissions.can_act_for(user, choice.posting.employer_id):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a note first."))
    _audit_change(
        user, choice.application, f"note on choice {choice.pk}", choice.posting.employer_id
    )
    return EmployerNote.objects.create(
        choice=choice, organisation_id=choice.posting.employer_id, author=user, text=text
    )
