"""The audit trail records who viewed or changed personal data, and nothing secret ever
reaches it or the log output. (Append-only, staff logins, failed logins and the
coordinator's search are tested in tests/portal/test_security.py.)"""

import io
import logging
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.log_filters import RedactSecrets, redact
from portal.models import AuditEvent
from recruitment.models import ChoiceStatus
from tests.factories import PASSWORD
from tests.security.test_bad_input import project_forms

Action = AuditEvent.Action


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).values("actor_id", "subject_user_id"))


def test_an_employer_viewing_an_application_is_recorded(world):
    world.client("recruiter").get(
        reverse("recruitment:staff_application", args=[world.application.pk])
    )
    assert events(action=Action.VIEW, object_type="recruitment.application") == [
        {"actor_id": world.users["recruiter"].pk, "subject_user_id": world.application.applicant_id}
    ]


def test_an_outsider_trying_leaves_no_view_event(world):
    world.client("outsider_recruiter").get(
        reverse("recruitment:staff_application", args=[world.application.pk])
    )
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


@pytest.mark.parametrize("persona", ["recruiter", "applicant"])
def test_downloading_a_document_is_recorded(world, persona):
    if persona == "recruiter":
        url = reverse("recruitment:staff_document", args=[world.application.pk, world.cv.uuid])
    else:
        url = reverse("recruitment:document_download", args=[world.cv.uuid])
    assert world.client(persona).get(url).status_code == 200
    [event] = AuditEvent.objects.filter(action=Action.DOWNLOAD)
    assert event.actor_id == world.users[persona].pk
    assert event.subject_user_id == world.cv.owner_id
    assert (event.object_type, event.object_id) == ("recruitment.document", str(world.cv.pk))


def test_exporting_and_listing_applicants_are_recorded(world):
    client = world.client("recruiter")
    client.get(reverse("recruitment:posting_applicants", args=[world.posting.pk]))
    client.get(reverse("recruitment:posting_applicants_csv", args=[world.posting.pk]))
    actions = set(
        AuditEvent.objects.filter(object_type="recruitment.posting").values_list(
            "action", flat=True
        )
    )
    assert actions == {Action.VIEW, Action.EXPORT}


def test_changing_an_application_is_recorded_without_the_note(world):
    client = world.client("recruiter")
    choice = world.choice
    # Only what happens from here: the world's own submission is recorded too.
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client.post(
        reverse("recruitment:staff_choice_status", args=[choice.pk]),
        {f"c{choice.pk}-status": ChoiceStatus.SHORTLISTED, f"c{choice.pk}-note": "Ring henne"},
    )
    client.post(
        reverse("recruitment:staff_choice_note", args=[choice.pk]),
        {f"n{choice.pk}-text": "Hemmelig vurdering"},
    )
    changes = AuditEvent.objects.filter(
        pk__gt=before, action=Action.CHANGE, object_type="recruitment.application"
    )
    details = [event.detail for event in changes]
    assert any("shortlisted" in detail for detail in details)
    assert any("note" in detail for detail in details)
    assert all(e.actor_id == world.users["recruiter"].pk for e in changes)
    assert not any("Ring henne" in d or "Hemmelig" in d for d in details)


def test_an_applicant_withdrawing_is_recorded(world):
    world.client("applicant").post(
        reverse("recruitment:application_withdraw", args=[world.application.pk])
    )
    assert AuditEvent.objects.filter(
        action=Action.CHANGE, object_id=str(world.application.pk), detail="withdrawn"
    ).exists()


def test_an_employer_viewing_the_offers_is_recorded(world):
    url = reverse("recruitment:hiring_offers", args=[world.hiring_posting.pk])
    assert world.client("recruiter").get(url).status_code == 200
    [event] = AuditEvent.objects.filter(action=Action.VIEW, detail="offers and reserve list")
    assert event.actor_id == world.users["recruiter"].pk
    assert event.object_id == str(world.hiring_posting.pk)
    assert event.organisation_id == world.hospital.pk


def test_offers_and_consents_are_recorded_from_the_start(world):
    offer = AuditEvent.objects.get(object_type="recruitment.offer", object_id=str(world.offer.pk))
    assert offer.actor_id == world.users["recruiter"].pk
    assert offer.subject_user_id == world.users["applicant"].pk
    consent = AuditEvent.objects.get(
        object_type="careers.trackconsent", object_id=str(world.track_consent.pk)
    )
    assert consent.action == Action.CREATE
    world.client("applicant").post(
        reverse("careers:consent_withdraw", args=[world.track_consent.pk])
    )
    assert AuditEvent.objects.filter(
        object_type="careers.trackconsent",
        object_id=str(world.track_consent.pk),
        action=Action.CHANGE,
        actor_id=world.users["applicant"].pk,
    ).exists()


def test_the_coordinator_finds_who_looked_at_a_person(world):
    world.client("recruiter").get(
        reverse("recruitment:staff_application", args=[world.application.pk])
    )
    response = world.client("coordinator").get(
        reverse("audit_log"), {"person": world.users["applicant"].email}
    )
    assert response.status_code == 200
    rows = list(response.context["page"])
    person = world.users["applicant"].pk
    assert rows
    assert all(person in (row.subject_user_id, row.actor_id) for row in rows)
    assert any(
        row.actor_id == world.users["recruiter"].pk and row.action == Action.VIEW for row in rows
    )


def test_a_staff_login_with_both_factors_is_recorded_once(recruiter):
    client = Client()
    client.post(reverse("account_login"), {"login": recruiter.email, "password": PASSWORD})
    assert not AuditEvent.objects.filter(action=Action.LOGIN).exists()
    secret = Authenticator.objects.get(user=recruiter, type=Authenticator.Type.TOTP).data["secret"]
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session.get("_auth_user_id") == str(recruiter.pk)
    assert list(
        AuditEvent.objects.filter(action=Action.LOGIN).values_list("actor_id", flat=True)
    ) == [recruiter.pk]


def test_the_database_itself_refuses_to_change_or_delete_the_trail(world):
    from django.db import DatabaseError, connection, transaction

    event = AuditEvent.objects.earliest("pk")
    for statement in (
        "UPDATE portal_auditevent SET detail = 'changed' WHERE id = %s",
        "DELETE FROM portal_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).detail == event.detail


# --- Nothing secret in the trail or the log output --------------------------------------------


@pytest.fixture
def log_output(caplog):
    """What the configured log handlers write, at every level, while the test runs."""
    caplog.set_level(logging.DEBUG)
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler)
        and any(isinstance(f, RedactSecrets) for f in handler.filters)
    ]
    assert handlers, "the console log handler must carry the RedactSecrets filter"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def answer_survey(client, token: str, text: str):
    url = reverse("feedback:survey", args=[token])
    page = client.get(url)
    [form] = project_forms(url, page.content.decode())
    data = {}
    for name, field in form.fields.items():
        if field.kind == "textarea":
            data[name] = text
        elif field.options:
            data[name] = field.options[0]
    return client.post(url, data)


def test_no_password_token_or_survey_answer_reaches_the_audit_trail_or_the_logs(
    world, applicant, log_output
):
    secrets = {
        "password": PASSWORD,
        "wrong password": "Feil-Passord-999",
        "new password": "a brand new passphrase for the portal",
        "survey token": world.survey_token,
        "survey answer": "Avdelingssjefen roper til LIS-ene",
    }
    client = Client()
    client.post(
        reverse("account_login"), {"login": applicant.email, "password": "Feil-Passord-999"}
    )
    client.post(reverse("account_login"), {"login": applicant.email, "password": PASSWORD})
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": secrets["new password"],
            "password2": secrets["new password"],
        },
    )
    Client().post(reverse("account_reset_password"), {"email": applicant.email})
    reset_key = re.search(r"/password/reset/key/([^/\s]+)/", mail.outbox[-1].body).group(1)
    secrets["reset key"] = reset_key
    Client().get(f"/accounts/password/reset/key/{reset_key}x/")  # a wrong key: logged 4xx?
    response = answer_survey(Client(), world.survey_token, secrets["survey answer"])
    assert response.status_code == 302
    Client().get(reverse("feedback:survey", args=[world.survey_token + "x"]))  # 404, logged

    written = log_output.getvalue()
    assert "[redacted]" in written  # the 404 was logged, without the token
    trail = " ".join(str(row) for row in AuditEvent.objects.values())
    for what, secret in secrets.items():
        assert secret not in written, f"the {what} was written to the log"
        assert secret not in trail, f"the {what} is in the audit trail"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /survey/abcDEF123_-xyz/", "Not Found: /survey/[redacted]/"),
        ("GET /accounts/confirm-email/k3y/ 404", "GET /accounts/confirm-email/[redacted]/ 404"),
        ("/accounts/password/reset/key/1-abc/", "/accounts/password/reset/key/[redacted]/"),
        ("Bad Request: /sign-in/link/1-abc-def/", "Bad Request: /sign-in/link/[redacted]/"),
        ("/x/?token=abc&page=2", "/x/?token=[redacted]&page=2"),
        ("/survey/thanks/", "/survey/thanks/"),
        ("/jobs/lis1-sykehuset-ost-a1b2c3/", "/jobs/lis1-sykehuset-ost-a1b2c3/"),
    ],
)
def test_secrets_in_paths_are_redacted(line, expected):
    assert redact(line) == expected
