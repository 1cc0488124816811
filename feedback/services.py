"""Writes of feedback data: templates and their versions, campaigns, invitations and links,
submitting an answer and releasing held answers in shuffled batches.

Nothing here logs, raises or returns an answer: log lines carry counts and campaign ids
only, and the functions that touch answers or tokens hide them from error reports.
"""

import hashlib
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from feedback import caching, release, sealing, selectors
from feedback.models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Participation,
    PendingResponse,
    Question,
    QuestionKind,
    Response,
    SurveyTemplate,
    SurveyVersion,
)
from feedback.permissions import may_run_surveys
from portal import notifications
from portal.models import Membership, Unit, User

logger = logging.getLogger(__name__)


def _check_coordinator(user: User) -> None:
    if not may_run_surveys(user):
        raise PermissionDenied


# --- Templates --------------------------------------------------------------------------------


@dataclass
class QuestionData:
    theme: str
    kind: str
    text_nb: str
    text_en: str = ""
    key: str = ""
    low_label_nb: str = ""
    low_label_en: str = ""
    high_label_nb: str = ""
    high_label_en: str = ""
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)  # (Norwegian, English)


@dataclass
class TemplateData:
    name_nb: str
    name_en: str
    intro_nb: str
    intro_en: str
    questions: list[QuestionData]


def _unique_key(text: str, taken: set[str]) -> str:
    base = slugify(text)[:50].strip("-") or "question"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def _write_questions(version: SurveyVersion, questions: list[QuestionData]) -> None:
    taken = {q.key for q in questions if q.key}
    for position, data in enumerate(questions, start=1):
        key = data.key if data.key else _unique_key(data.text_en or data.text_nb, taken)
        question = Question.objects.create(
            version=version,
            key=key,
            position=position,
            theme=data.theme,
            kind=data.kind,
            text_nb=data.text_nb,
            text_en=data.text_en,
            low_label_nb=data.low_label_nb if data.kind == QuestionKind.LIKERT else "",
            low_label_en=data.low_label_en if data.kind == QuestionKind.LIKERT else "",
            high_label_nb=data.high_label_nb if data.kind == QuestionKind.LIKERT else "",
            high_label_en=data.high_label_en if data.kind == QuestionKind.LIKERT else "",
            required=data.required,
        )
        if question.has_choices:
            choice_keys: set[str] = set()
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    key=_unique_key(text_nb, choice_keys),
                    position=n,
                    text_nb=text_nb,
                    text_en=text_en,
                )
                for n, (text_nb, text_en) in enumerate(data.choices, start=1)
            )


def question_data(version: SurveyVersion) -> list[QuestionData]:
    """A version's questions as editable data (what the edit form starts from)."""
    return [
        QuestionData(
            key=q.key,
            theme=q.theme,
            kind=q.kind,
            text_nb=q.text_nb,
            text_en=q.text_en,
            low_label_nb=q.low_label_nb,
            low_label_en=q.low_label_en,
            high_label_nb=q.high_label_nb,
            high_label_en=q.high_label_en,
            required=q.required,
            choices=[(c.text_nb, c.text_en) for c in q.choices.all()],
        )
        for q in version.questions.prefetch_related("choices")
    ]


@transaction.atomic
def save_template(*, user: User, template: SurveyTemplate, data: TemplateData) -> SurveyVersion:
    """Save the coordinator's edit. A version that a campaign uses is frozen, so the edit
    becomes a new version; an unused latest version is changed in place."""
    _check_coordinator(user)
    template = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
    if not data.questions:
        raise ValidationError(_("A survey needs at least one question."))
    template.name_nb, template.name_en = data.name_nb, data.name_en
    template.save(update_fields=["name_nb", "name_en"])
    version = selectors.latest_version(template)
    if version is None or version.campaigns.exists():
        version = SurveyVersion.objects.create(
            template=template, number=(version.number + 1) if version else 1, created_by=user
        )
    else:
        version.questions.all().delete()
    version.intro_nb, version.intro_en = data.intro_nb, data.intro_en
    version.save(update_fields=["intro_nb", "intro_en"])
    _write_questions(version, data.questions)
    return version


@transaction.atomic
def copy_template(*, user: User, template: SurveyTemplate) -> SurveyTemplate:
    """A new, independent template starting from the latest version of another."""
    _check_coordinator(user)
    source = selectors.latest_version(template)
    copy = SurveyTemplate.objects.create(
        slug=f"{template.slug[:60]}-{secrets.token_hex(4)}",
        kind=template.kind,
        name_nb=_("%(name)s (copy)") % {"name": template.name_nb},
        name_en=_("%(name)s (copy)") % {"name": template.name_en} if template.name_en else "",
        copied_from=template,
        created_by=user,
    )
    version = SurveyVersion.objects.create(
        template=copy,
        number=1,
        intro_nb=source.intro_nb if source else "",
        intro_en=source.intro_en if source else "",
        created_by=user,
    )
    if source:
        _write_questions(version, question_data(source))
    return copy


# --- Campaigns and invitations ----------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *,
    user: User,
    template: SurveyTemplate,
    title: str,
    units: list[Unit],
    opens_on: date,
    closes_on: date,
    k: int = 5,
    k_text: int = 10,
) -> Campaign:
    """Start a campaign on the template's current version, which it keeps for good."""
    _check_coordinator(user)
    version = selectors.latest_version(template)
    if version is None or not version.questions.exists():
        raise ValidationError(_("The template has no questions yet."))
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The closing date must be after the opening date.")})
    if k_text < k:
        raise ValidationError({"k_text": _("Free text needs at least as many answers as scores.")})
    campaign = Campaign.objects.create(
        version=version,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        k=k,
        k_text=k_text,
        created_by=user,
    )
    campaign.units.set(units)
    return campaign


@dataclass
class InviteOutcome:
    invited: list[str]
    already_invited: list[str]


@transaction.atomic
def invite(
    *, user: User, campaign: Campaign, unit: Unit, emails: list[str], include_members: bool = False
) -> InviteOutcome:
    """Invite people to answer for a unit: the given e-mail addresses, and if asked, the
    people with a role in the unit's organisation. Links go out after commit."""
    _check_coordinator(user)
    if not campaign.units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("The unit is not part of this campaign.")})
    if campaign.is_closed():
        raise ValidationError(_("The campaign has closed; no more invitations can be sent."))
    wanted = [email.strip().lower() for email in emails if email.strip()]
    if include_members:
        wanted += [
            email.lower()
            for email in Membership.objects.filter(organisation_id=unit.organisation_id)
            .values_list("user__email", flat=True)
            .distinct()
        ]
    wanted = list(dict.fromkeys(wanted))
    users = {u.email: u for u in User.objects.filter(email__in=wanted)}
    taken_emails = set(campaign.invitations.values_list("email", flat=True))
    taken_users = set(campaign.invitations.exclude(user=None).values_list("user_id", flat=True))
    outcome = InviteOutcome(invited=[], already_invited=[])
    new = []
    for email in wanted:
        person = users.get(email)
        if email in taken_emails or (person and person.pk in taken_users):
            outcome.already_invited.append(email)
            continue
        new.append(
            Invitation(
                campaign=campaign,
                unit=unit,
                email=email,
                user=person,
                language=person.language if person else settings.LANGUAGE_CODE,
            )
        )
        outcome.invited.append(email)
    Invitation.objects.bulk_create(new)
    # Each invitation's e-mail is a notification written here, in this transaction; its
    # link is made only when it is sent (``invitation_link``) and is never stored.
    for invitation in new:
        person = invitation.user if invitation.user and invitation.user.is_active else None
        notifications.notify("survey_invitation", invitation, [person])
    return outcome


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_url(token: str) -> str:
    return settings.SITE_URL + reverse("feedback:survey", kwargs={"token": token})


@sensitive_variables("token")
def new_link(invitation: Invitation) -> str:
    """A fresh single-use link for an invitation (for the first e-mail or a reminder).

    Only the token's hash is stored, so a lost link cannot be shown again; issuing a new
    one replaces the old, which then stops working.
    """
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))
    return survey_url(token)


@sensitive_variables("token")
def invitation_link(invitation: Invitation) -> str:
    """The link for the invitation e-mail, made as it is sent (inside the sending
    transaction, so an e-mail that fails leaves nothing behind): like ``new_link``, and the
    invitation is marked sent, which starts the reminders' clock. A second attempt (the
    first one's fate unknown) gets a new link that replaces the first."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=hash_token(token),
        link_sent_at=Coalesce(F("link_sent_at"), Value(timezone.now())),
    )
    return survey_url(token)


# --- Answering --------------------------------------------------------------------------------


class LinkUnusable(Exception):
    def __init__(self, state: selectors.LinkState):
        super().__init__(state.value)
        self.state = state


@sensitive_variables("token", "answers")
def submit_response(*, token: str, answers: dict[int, object]) -> None:
    """Record one person's answers through their single-use link.

    Two writes, each its own transaction and neither locking nor updating the invitation,
    so that no transaction id, lock mark or row version ties who answered to what (the
    database administrator's view, SECURITY.md):

    1. the answers go to the held pile, sealed (feedback/sealing.py), with the campaign and
       unit only;
    2. the invitation is marked used (``Participation``); its unique key makes the link
       single-use. If it was used meanwhile (a double submit), the held answer from step 1
       is taken out again.

    In this order a failure between the two keeps the answer rather than losing it (the
    link then still works; a second answer would count twice – the lesser harm).
    """
    invitation = (
        Invitation.objects.select_related("campaign").filter(token_hash=hash_token(token)).first()
    )
    state = selectors.link_state(invitation)
    if invitation is None or state != selectors.LinkState.VALID:
        raise LinkUnusable(state)
    campaign_id, unit_id = invitation.campaign_id, invitation.unit_id
    held = PendingResponse.objects.create(
        campaign_id=campaign_id,
        unit_id=unit_id,
        sealed=sealing.seal(
            {str(question_id): value for question_id, value in answers.items()},
            campaign_id=campaign_id,
            unit_id=unit_id,
        ),
    )
    try:
        with transaction.atomic():
            Participation.objects.create(invitation=invitation)
    except IntegrityError:
        PendingResponse.objects.filter(pk=held.pk).delete()
        raise LinkUnusable(selectors.LinkState.USED) from None
    except Exception:
        PendingResponse.objects.filter(pk=held.pk).delete()
        raise


# --- Releasing held answers -------------------------------------------------------------------


def release_pending_responses(today: date | None = None) -> int:
    """Carry out feedback/release.py's plan for every campaign with held answers, and
    finalise the closed ones; returns how many answers were released. One transaction per
    batch. Every sweep ends by rewriting the held table on PostgreSQL, so released and
    destroyed answers (sealed in any case) leave no dead row versions behind – at the
    latest by the next sweep, where a transaction still running kept them this time."""
    today = today or timezone.localdate()
    campaign_ids = set(PendingResponse.objects.values_list("campaign_id", flat=True)) | set(
        Campaign.objects.filter(finalised=False, closes_on__lt=today).values_list("pk", flat=True)
    )
    released = removed = 0
    for campaign_id in sorted(campaign_ids):
        try:
            out, gone = _release_campaign(campaign_id, today)
        except sealing.Unopenable:
            # Nothing is lost: the batch rolled back and waits for the right key.
            logger.error("Held answers of campaign %s cannot be opened", campaign_id)
            continue
        released, removed = released + out, removed + gone
    _rewrite_held_table()
    return released


def _release_campaign(campaign_id: int, today: date) -> tuple[int, int]:
    campaign = Campaign.objects.get(pk=campaign_id)
    held: dict[int, list] = defaultdict(list)
    for pk, unit_id in PendingResponse.objects.filter(campaign=campaign).values_list(
        "pk", "unit_id"
    ):
        held[unit_id].append(pk)
    decided = release.plan(held, k=campaign.k, closed=campaign.is_closed(today))
    released = sum(_release_batch(campaign_id, batch) for batch in decided.batches)
    destroyed = 0
    if decided.destroyed:
        destroyed, _ = PendingResponse.objects.filter(pk__in=decided.destroyed).delete()
        logger.info(
            "Destroyed %d held responses of campaign %s (fewer than k)", destroyed, campaign_id
        )
    if decided.final and not campaign.finalised:
        Campaign.objects.filter(pk=campaign_id).update(finalised=True)
        # Its units' postings may now show new scores (feedback/caching.py).
        unit_ids = list(campaign.units.values_list("pk", flat=True))
        transaction.on_commit(lambda: caching.forget_unit_scores(unit_ids))
    return released, destroyed


@transaction.atomic
def _release_batch(campaign_id: int, batch: release.Batch) -> int:
    # The campaign's row lock lets one sweep at a time release its batches and count them.
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    rows = list(PendingResponse.objects.select_for_update().filter(pk__in=batch.held))
    if len(rows) != len(batch.held):
        return 0  # another sweep took some meanwhile; the next one plans again
    opened = [
        sealing.open_sealed(row.sealed, campaign_id=campaign_id, unit_id=row.unit_id)
        for row in rows
    ]
    campaign.release_batches += 1
    campaign.save(update_fields=["release_batches"])
    _write_shuffled(campaign, opened, batch.unit_id, campaign.release_batches)
    PendingResponse.objects.filter(pk__in=batch.held).delete()
    logger.info("Released %d held responses of campaign %s", len(rows), campaign_id)
    return len(rows)


def _write_shuffled(
    campaign: Campaign, opened: list[dict], unit_id: int | None, number: int
) -> None:
    rng = secrets.SystemRandom()
    rng.shuffle(opened)
    kinds = dict(campaign.version.questions.values_list("pk", "kind"))
    responses, answers = [], []
    for values in opened:
        response = Response(campaign=campaign, unit_id=unit_id, batch=number)
        responses.append(response)
        for question_id, value in values.items():
            kind = kinds.get(int(question_id))
            if kind == QuestionKind.LIKERT:
                answers.append(Answer(response=response, question_id=question_id, score=value))
            elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                answers.extend(
                    Answer(response=response, question_id=question_id, choice_id=choice_id)
                    for choice_id in value
                )
            elif kind == QuestionKind.TEXT:
                answers.append(Answer(response=response, question_id=question_id, text=value))
    rng.shuffle(answers)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)


def _rewrite_held_table() -> None:
    """VACUUM FULL the held table on PostgreSQL: a fresh file holding only what still waits
    (a small table: milliseconds). Row versions that a transaction still running might
    see are copied too, and go at the next sweep. Waits at most a few seconds for its
    lock; the next sweep tries again."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    table = connection.ops.quote_name(PendingResponse._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
            cursor.execute(f"VACUUM FULL {table}")
            cursor.execute("RESET lock_timeout")
    except DatabaseError:
        logger.warning("The held answers' table could not be rewritten now; the next sweep will")
