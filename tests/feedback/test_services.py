import json
import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from feedback import sealing, selectors, services
from feedback.models import (
    Answer,
    Campaign,
    Invitation,
    Participation,
    PendingResponse,
    Response,
    SurveyTemplate,
)
from feedback.selectors import COMBINED, TOTAL
from portal import notifications
from portal.models import Membership, Notification
from tests import factories
from tests.feedback.conftest import LIS1_ANSWERS, answers_by_key, close, respond, token_for
from tests.feedback.factories import CampaignFactory, InvitationFactory, latest_version
from tests.reminders import sweep_at, written_then_rolled_back

LINK = re.compile(r"/survey/([\w-]+)/")

# --- Answering --------------------------------------------------------------------------------


def test_an_answer_waits_sealed_and_only_participation_is_noted(campaign, units):
    invitation = respond(campaign, units[0])
    assert Participation.objects.filter(invitation=invitation).exists()
    pending = PendingResponse.objects.get()
    assert pending.unit == units[0]
    assert LIS1_ANSWERS["text_good"].encode() not in bytes(pending.sealed)
    opened = sealing.open_sealed(pending.sealed, campaign_id=campaign.pk, unit_id=units[0].pk)
    assert set(opened) == {str(q) for q in answers_by_key(campaign, LIS1_ANSWERS)}
    assert not Response.objects.exists()


def test_a_sealed_answer_opens_only_for_its_own_unit_and_key(campaign, units, settings):
    respond(campaign, units[0])
    sealed = PendingResponse.objects.get().sealed
    with pytest.raises(sealing.Unopenable):
        sealing.open_sealed(sealed, campaign_id=campaign.pk, unit_id=units[1].pk)
    settings.SURVEY_HOLD_OLD_KEYS = [settings.SURVEY_HOLD_KEY]
    settings.SURVEY_HOLD_KEY = sealing.new_key()  # rotated: the old key still opens it
    assert sealing.open_sealed(sealed, campaign_id=campaign.pk, unit_id=units[0].pk)
    settings.SURVEY_HOLD_OLD_KEYS = []
    with pytest.raises(sealing.Unopenable):
        sealing.open_sealed(sealed, campaign_id=campaign.pk, unit_id=units[0].pk)


def test_a_held_answer_no_key_opens_stays_held_and_is_reported(campaign, units, settings, caplog):
    for _ in range(5):
        respond(campaign, units[0])
    settings.SURVEY_HOLD_KEY = sealing.new_key()
    with caplog.at_level(logging.ERROR, logger="feedback.services"):
        assert services.release_pending_responses() == 0
    assert PendingResponse.objects.count() == 5
    assert not Response.objects.exists()
    assert f"Held answers of campaign {campaign.pk} cannot be opened" in caplog.text


def test_the_same_link_cannot_answer_twice(campaign, units):
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    token = token_for(invitation)
    answers = answers_by_key(campaign, LIS1_ANSWERS)
    services.submit_response(token=token, answers=answers)
    with pytest.raises(services.LinkUnusable) as refused:
        services.submit_response(token=token, answers=answers)
    assert refused.value.state == selectors.LinkState.USED
    assert PendingResponse.objects.count() == 1


@pytest.mark.parametrize(("days", "state"), [(30, "not_open"), (-30, "closed")])
def test_a_link_outside_the_campaign_period_is_refused(campaign, units, days, state):
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    token = token_for(invitation)
    shift = timedelta(days=days)
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=campaign.opens_on + shift, closes_on=campaign.closes_on + shift
    )
    with pytest.raises(services.LinkUnusable) as refused:
        services.submit_response(token=token, answers={})
    assert refused.value.state == state
    assert not Participation.objects.exists()


def test_an_unknown_token_is_refused():
    with pytest.raises(services.LinkUnusable) as refused:
        services.submit_response(token="not-a-token", answers={})
    assert refused.value.state == "unknown"


def test_only_a_hash_of_the_link_is_stored(campaign, units):
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    token = token_for(invitation)
    invitation.refresh_from_db()
    assert invitation.token_hash == services.hash_token(token)
    assert token not in json.dumps(list(Invitation.objects.values()), default=str)


def test_a_new_link_replaces_the_old_one(campaign, units):
    invitation = InvitationFactory(campaign=campaign, unit=units[0])
    old, new = token_for(invitation), token_for(invitation)
    with pytest.raises(services.LinkUnusable):
        services.submit_response(token=old, answers={})
    services.submit_response(token=new, answers={})


# --- Releasing in batches ---------------------------------------------------------------------


def test_answers_are_held_until_k_from_a_unit_have_arrived(campaign, units):
    for _ in range(4):
        respond(campaign, units[0])
    assert services.release_pending_responses() == 0
    assert not Response.objects.exists()
    respond(campaign, units[0])
    assert services.release_pending_responses() == 5
    assert Response.objects.filter(unit=units[0]).count() == 5
    assert Answer.objects.filter(response__campaign=campaign).count() == 5 * 9
    assert not PendingResponse.objects.exists()


def test_running_the_release_twice_releases_nothing_more(campaign, units):
    for _ in range(5):
        respond(campaign, units[0])
    services.release_pending_responses()
    assert services.release_pending_responses() == 0
    assert Response.objects.count() == 5


def test_a_small_unit_is_held_while_the_campaign_runs(campaign, units):
    for _ in range(6):
        respond(campaign, units[0])
    for _ in range(2):
        respond(campaign, units[1])
    assert services.release_pending_responses() == 6
    assert PendingResponse.objects.filter(unit=units[1]).count() == 2


def test_closing_pools_the_small_units_into_one_combined_batch_of_at_least_k(campaign, units):
    medical, surgical, emergency = units
    for unit, n in ((medical, 6), (surgical, 3), (emergency, 2)):
        for _ in range(n):
            respond(campaign, unit)
    assert services.release_pending_responses() == 6  # the medical unit's batch
    close(campaign)

    assert services.release_pending_responses() == 5
    campaign.refresh_from_db()
    assert campaign.finalised
    assert not PendingResponse.objects.exists()
    # 3 + 2 held answers of two small units come out together, as one group of 5.
    assert Response.objects.filter(unit=None).count() == 5
    assert Response.objects.filter(unit=medical).count() == 6
    assert set(Response.objects.values_list("batch", flat=True)) == {1, 2}
    results = selectors.campaign_results(campaign)
    assert results.group(COMBINED).cell.n == 5
    assert results.group(TOTAL).cell.n == 11
    assert results.group(emergency.pk).cell.hidden


def test_closing_destroys_held_answers_that_can_never_reach_k(campaign, units):
    medical, surgical, emergency = units
    for unit, n in ((medical, 6), (surgical, 2), (emergency, 1)):
        for _ in range(n):
            respond(campaign, unit)
    services.release_pending_responses()
    close(campaign)
    assert services.release_pending_responses() == 0
    campaign.refresh_from_db()
    assert campaign.finalised
    assert not PendingResponse.objects.exists()  # nothing held for ever
    assert Response.objects.count() == 6
    assert Participation.objects.count() == 9  # who answered is still known: for reminders


def test_a_campaign_with_fewer_than_k_answers_in_all_is_never_released(campaign, units):
    for unit in units:
        respond(campaign, unit)
    close(campaign)
    assert services.release_pending_responses() == 0
    assert not PendingResponse.objects.exists()
    assert not Response.objects.exists()


def test_a_closed_campaign_nobody_answered_is_finalised(campaign):
    close(campaign)
    services.release_pending_responses()
    campaign.refresh_from_db()
    assert campaign.finalised


def test_exit_answers_are_invisible_until_k_have_arrived(units):
    exit_survey = CampaignFactory(units=[units[0]], version=latest_version("exit"))
    reasons = {"exit_reasons": ["workload", "on_call"], "safety_work": 2}
    for _ in range(4):
        respond(exit_survey, units[0], reasons)
    services.release_pending_responses()
    results = selectors.campaign_results(exit_survey)
    assert not Response.objects.exists()
    assert all(group.cell.hidden for group in results.groups)

    respond(exit_survey, units[0], reasons)
    services.release_pending_responses()
    results = selectors.campaign_results(exit_survey)
    assert results.group(TOTAL).cell.n == 5
    workload = next(
        r for r in results.group(TOTAL).questions if r.question.key == "exit_reasons"
    ).cell.bars[0]
    assert workload.count == 5


def test_the_release_shuffles_responses(campaign, units, monkeypatch):
    shuffled = []
    original = services.secrets.SystemRandom.shuffle

    def spy(self, items):
        shuffled.append(len(items))
        return original(self, items)

    monkeypatch.setattr(services.secrets.SystemRandom, "shuffle", spy)
    for _ in range(5):
        respond(campaign, units[0])
    services.release_pending_responses()
    assert shuffled == [5, 5 * 9]  # the responses, then their answers


def _rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [name for (name,) in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            for (row,) in cursor.fetchall():
                yield table, json.loads(row)


def _flatten(row, prefix=""):
    """(column, value) pairs of a row, nested JSON included."""
    for column, value in row.items():
        name = f"{prefix}{column}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{name}.")
        elif isinstance(value, list):
            for item in value:
                yield name, item
        else:
            yield name, value


def _identifies(table: str, row: dict, user, invitation) -> bool:
    markers = {user.email, invitation.email, invitation.token_hash}
    for column, value in _flatten(row):
        if isinstance(value, str) and value in markers:
            return True
        if column.endswith("user_id") and value == user.pk:
            return True
        if column.endswith("invitation_id") and value == invitation.pk:
            return True
        if column == "id" and (table, value) in {
            ("portal_user", user.pk),
            ("feedback_invitation", invitation.pk),
        }:
            return True
    return False


def _linked_rows(user, invitation, answer_ids: set[str]) -> list:
    return [
        (table, row)
        for table, row in _rows()
        if any(str(value) in answer_ids for _column, value in _flatten(row))
        and _identifies(table, row, user, invitation)
    ]


def test_the_database_scan_would_notice_a_row_linking_person_and_answer(campaign, units):
    doctor = factories.UserFactory()
    invitation = respond(campaign, units[0], user=doctor, email=doctor.email)
    invitation.refresh_from_db()
    participation = str(Participation.objects.get().pk)
    # Treat the participation row as if it were an answer: it names the invitation.
    assert _linked_rows(doctor, invitation, {participation})


def test_after_a_submission_no_row_or_log_line_holds_both_person_and_response(
    client, campaign, units, caplog
):
    caplog.set_level(logging.DEBUG)
    doctor = factories.UserFactory(email="lis1@example.no")
    client.force_login(doctor)  # even logged in, nothing of the session reaches the answer
    for _ in range(4):
        respond(campaign, units[0])
    invitation = InvitationFactory(
        campaign=campaign, unit=units[0], user=doctor, email=doctor.email
    )
    url = reverse("feedback:survey", kwargs={"token": token_for(invitation)})
    form = {f"q{qid}": value for qid, value in answers_by_key(campaign, LIS1_ANSWERS).items()}
    client.get(url)
    assert client.post(url, form).status_code == 302

    pending_ids = {str(pk) for pk in PendingResponse.objects.values_list("pk", flat=True)}
    assert _linked_rows(doctor, invitation, pending_ids) == []
    services.release_pending_responses()
    released_ids = {
        str(pk)
        for pk in [
            *Response.objects.values_list("pk", flat=True),
            *Answer.objects.values_list("pk", flat=True),
        ]
    }
    assert len(released_ids) > 5
    assert _linked_rows(doctor, invitation, released_ids) == []

    person = {doctor.email, invitation.token_hash, f"user_id={doctor.pk}"}
    for record in caplog.records:
        line = record.getMessage() + " " + str(record.args)
        assert not any(i in line for i in released_ids | pending_ids) or not any(
            p in line for p in person
        ), line
        assert "Godt fagmiljø" not in line


# --- Invitations ------------------------------------------------------------------------------


def test_invitations_send_single_use_links_in_the_recipients_language(
    campaign, units, coordinator, django_capture_on_commit_callbacks
):
    factories.UserFactory(email="english@example.no", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.invite(
            user=coordinator,
            campaign=campaign,
            unit=units[0],
            emails=["english@example.no", "Norsk@Example.no"],
        )
    assert outcome.invited == ["english@example.no", "norsk@example.no"]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english, norwegian = by_recipient["english@example.no"], by_recipient["norsk@example.no"]
    assert "Anonymous survey" in english.subject
    assert "Anonym undersøkelse" in norwegian.subject or "Anonymous" not in norwegian.body
    assert english.alternatives[0].mimetype == "text/html"
    link = next(line for line in english.body.splitlines() if "/survey/" in line).strip()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    invitation = Invitation.objects.get(email="english@example.no")
    assert invitation.token_hash == services.hash_token(token)
    assert invitation.user.email == "english@example.no"
    assert invitation.language == "en"


def test_inviting_again_skips_those_already_invited(campaign, units, coordinator):
    services.invite(user=coordinator, campaign=campaign, unit=units[0], emails=["a@example.no"])
    outcome = services.invite(
        user=coordinator, campaign=campaign, unit=units[1], emails=["a@example.no", "b@example.no"]
    )
    assert outcome.invited == ["b@example.no"]
    assert outcome.already_invited == ["a@example.no"]


def test_members_of_the_units_organisation_can_be_invited_in_one_go(
    campaign, units, coordinator, recruiter
):
    outcome = services.invite(
        user=coordinator, campaign=campaign, unit=units[0], emails=[], include_members=True
    )
    assert outcome.invited == [recruiter.email]


def test_each_invitation_is_sent_once_however_often_delivery_runs(
    campaign, units, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            user=coordinator, campaign=campaign, unit=units[0], emails=["a@x.no", "b@x.no"]
        )
    sweep_at(timezone.now())
    for row in Notification.objects.filter(occasion="survey_invitation"):
        assert notifications.deliver(row.pk) == "not-claimed"
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.no", "b@x.no"]
    assert Invitation.objects.filter(link_sent_at__isnull=True).count() == 0


def test_the_invitation_is_written_in_the_coordinators_transaction_and_only_then(
    campaign, units, coordinator
):
    def change():
        services.invite(user=coordinator, campaign=campaign, unit=units[0], emails=["a@x.no"])

    assert written_then_rolled_back(change, "survey_invitation") == (1, 0)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_stored_invitation_holds_no_link_and_nothing_but_the_invitation(
    campaign, units, coordinator, django_capture_on_commit_callbacks
):
    """The row names the invitation (which names the person, as it always has) and keeps
    a copy of the e-mail with the link replaced: no token, no hash, no answer."""
    doctor = factories.UserFactory(email="lege@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(user=coordinator, campaign=campaign, unit=units[0], emails=[doctor.email])
    (message,) = mail.outbox
    token = LINK.search(message.body).group(1)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == services.hash_token(token)  # the link works …
    row = Notification.objects.get(occasion="survey_invitation")
    assert (row.recipient, row.object_id, row.status) == (doctor, invitation.pk, "sent")
    stored = " ".join(
        str(v) for v in Notification.objects.filter(pk=row.pk).values().get().values()
    )
    assert token not in stored
    assert invitation.token_hash not in stored
    assert row.link == ""


def test_a_failed_e_mail_leaves_no_link_and_the_retry_sends_a_working_one(
    campaign, units, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    real_send = notifications._send

    def server_down(mailer, message):
        raise notifications.Failure(notifications.Failure.SERVER, OSError("mail server down"))

    monkeypatch.setattr(notifications, "_send", server_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(user=coordinator, campaign=campaign, unit=units[0], emails=["a@x.no"])
    invitation = Invitation.objects.get()
    assert (invitation.link_sent_at, invitation.token_hash) == (None, None)
    row = Notification.objects.get(occasion="survey_invitation")
    assert row.status == "deferred"
    monkeypatch.setattr(notifications, "_send", real_send)
    assert notifications.deliver(row.pk) == "sent"
    token = LINK.search(mail.outbox[-1].body).group(1)
    invitation.refresh_from_db()
    assert invitation.link_sent_at is not None
    assert invitation.token_hash == services.hash_token(token)


def test_a_unit_outside_the_campaign_cannot_be_invited(campaign, coordinator):
    with pytest.raises(ValidationError):
        services.invite(
            user=coordinator, campaign=campaign, unit=factories.UnitFactory(), emails=["x@y.no"]
        )


def test_only_the_coordinator_runs_surveys(campaign, units, recruiter):
    with pytest.raises(PermissionDenied):
        services.invite(user=recruiter, campaign=campaign, unit=units[0], emails=["x@y.no"])
    with pytest.raises(PermissionDenied):
        services.copy_template(user=recruiter, template=SurveyTemplate.objects.first())


# --- Templates and campaigns ------------------------------------------------------------------


def _edited(template, version, **changes):
    questions = services.question_data(version)
    questions[0].text_nb = "Ny formulering"
    return services.TemplateData(
        name_nb=template.name_nb,
        name_en=template.name_en,
        intro_nb="",
        intro_en="",
        questions=questions,
        **changes,
    )


def test_editing_a_template_a_campaign_used_makes_a_new_version(campaign, units, coordinator):
    template = campaign.version.template
    first_question = campaign.version.questions.first()
    released_answers = respond(campaign, units[0])
    assert released_answers

    version = services.save_template(
        user=coordinator, template=template, data=_edited(template, campaign.version)
    )

    assert version.number == 2
    campaign.refresh_from_db()
    assert campaign.version.number == 1
    first_question.refresh_from_db()
    assert first_question.text_nb != "Ny formulering"
    assert version.questions.first().text_nb == "Ny formulering"
    assert version.questions.first().key == first_question.key  # so trends line up


def test_editing_an_unused_template_changes_it_in_place(coordinator):
    template = SurveyTemplate.objects.get(slug="stay")
    version = template.versions.get()
    saved = services.save_template(
        user=coordinator, template=template, data=_edited(template, version)
    )
    assert saved.pk == version.pk
    assert template.versions.count() == 1
    assert saved.questions.first().text_nb == "Ny formulering"


def test_a_copy_is_an_independent_template(coordinator):
    original = SurveyTemplate.objects.get(slug="alis")
    copy = services.copy_template(user=coordinator, template=original)
    assert copy.copied_from == original
    assert copy.kind == original.kind
    copied, source = copy.versions.get(), original.versions.get()
    assert list(copied.questions.values_list("key", "text_nb")) == list(
        source.questions.values_list("key", "text_nb")
    )
    assert copied.questions.filter(kind="single").first().choices.count() == 3


def test_a_campaign_pins_the_templates_current_version(coordinator, units):
    template = SurveyTemplate.objects.get(slug="lis2-3")
    today = timezone.localdate()
    campaign = services.create_campaign(
        user=coordinator,
        template=template,
        title="LIS2/3 2026",
        units=units[:2],
        opens_on=today,
        closes_on=today + timedelta(days=14),
    )
    assert campaign.version == template.versions.get()
    assert (campaign.k, campaign.k_text) == (5, 10)
    assert set(campaign.units.all()) == set(units[:2])


def test_membership_roles_are_the_cohort_source(recruiter, hospital):
    assert Membership.objects.filter(organisation=hospital).exists()
