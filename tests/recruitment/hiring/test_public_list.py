"""The public applicant list (offentleglova § 25): exemption requests captured when
applying, decided by the employer with a reason, the applicant told before publication,
and the list public at a stable address once published."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import notifications
from recruitment.hiring import selectors, services
from recruitment.models import (
    ApplicationRound,
    ExemptionDecision,
    ExemptionRequest,
    Posting,
    PublicListDetails,
)
from tests.reminders import other_than_receipts


def editor_data(application, **extra):
    data = {"motivation": ""}
    for choice in application.choices.all():
        data[f"motivation_{choice.pk}"] = ""
    return data | extra


def close_applications(round, posting) -> Posting:
    past = timezone.now() - timedelta(hours=1)
    ApplicationRound.objects.filter(pk=round.pk).update(closes_at=past)
    posting.refresh_from_db()
    return posting


@pytest.fixture
def closed(lis1_round, hospital_postings):
    """Applications are closed: the list may be published."""
    return close_applications(lis1_round, hospital_postings[0])


@pytest.fixture
def asked(login, applicant, applied):
    """Ola fills in the public-list details and asks to be left off, in the application."""
    response = login(applicant).post(
        applied.get_absolute_url(),
        editor_data(
            applied,
            public_birth_year="1999",
            public_gender="male",
            public_residence="Sarpsborg",
            public_title="Medisinstudent",
            public_exemption="on",
            public_exemption_reason="Jeg er ansatt et annet sted og har ikke sagt opp ennå.",
        ),
    )
    assert response.status_code == 302
    return applied


def test_the_application_form_captures_details_and_the_request(asked, applicant):
    details = PublicListDetails.objects.get(user=applicant)
    assert (details.birth_year, details.residence, details.gender) == (1999, "Sarpsborg", "male")
    assert ExemptionRequest.objects.get(application=asked).reason.startswith("Jeg er ansatt")


def test_unticking_takes_the_request_back(login, applicant, asked):
    login(applicant).post(asked.get_absolute_url(), editor_data(asked, public_birth_year="1999"))
    assert not ExemptionRequest.objects.filter(application=asked).exists()


def test_autosave_keeps_the_answers_too(login, applicant, applied):
    url = reverse("recruitment:application_autosave", args=[applied.pk])
    login(applicant).post(url, editor_data(applied, public_residence="Halden"))
    assert PublicListDetails.objects.get(user=applicant).residence == "Halden"


def test_a_decision_needs_a_request_and_a_reason(
    recruiter, other_applicant, make_application, asked, our_choice, hospital_postings
):
    with pytest.raises(ValidationError, match="reason"):
        services.decide_exemption(user=recruiter, choice=our_choice, granted=True, reason=" ")
    other = make_application(other_applicant, [hospital_postings[0]], submit=True).choices.get()
    with pytest.raises(ValidationError, match="not asked"):
        services.decide_exemption(user=recruiter, choice=other, granted=True, reason="Ja")


def test_publication_waits_for_the_deadline_and_every_decision(
    recruiter, asked, our_choice, hospital_postings
):
    posting = hospital_postings[0]
    assert any(
        "Applications are accepted until" in p for p in services.publication_problems(posting)
    )
    past = timezone.now() - timedelta(hours=1)
    ApplicationRound.objects.filter(pk=asked.round_id).update(closes_at=past)
    posting.refresh_from_db()
    assert services.publication_problems(posting) == [
        "1 request to be left off the list is not decided yet."
    ]
    services.decide_exemption(
        user=recruiter, choice=our_choice, granted=False, reason="Offentlig interesse"
    )
    problems = services.publication_problems(posting)
    assert len(problems) == 1
    assert "may withdraw" in problems[0]
    with pytest.raises(ValidationError):
        services.publish_public_list(user=recruiter, posting=posting)


def test_the_applicant_is_told_the_decision_before_publication(
    login, recruiter, applicant, asked, our_choice, closed, django_capture_on_commit_callbacks
):
    services.decide_exemption(
        user=recruiter, choice=our_choice, granted=False, reason="Offentlig interesse veier tyngre."
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notifications.sweep()
    told = [m for m in other_than_receipts() if m.to == [applicant.email]]
    assert len(told) == 1
    assert "Offentlig interesse veier tyngre." in told[0].body
    page = login(applicant).get(asked.get_absolute_url()).content.decode()
    assert "Offentlig interesse veier tyngre." in page


def test_granted_applicants_are_left_off_and_counted(
    client, settings, recruiter, asked, our_choice, candidates, lis1_round, hospital_postings
):
    settings.HIRING_EXEMPTION_NOTICE_HOURS = 0
    shown = candidates(2)
    closed = close_applications(lis1_round, hospital_postings[0])
    PublicListDetails.objects.create(
        user=shown[0].application.applicant,
        birth_year=1998,
        gender="female",
        residence="Halden",
        occupational_title="Lege",
    )
    url = reverse("recruitment:public_applicant_list", args=[closed.slug])
    assert client.get(url).status_code == 404  # not before publication

    services.decide_exemption(
        user=recruiter, choice=our_choice, granted=True, reason="Vernet arbeidsforhold"
    )
    services.publish_public_list(user=recruiter, posting=closed)

    response = client.get(url)
    assert response.status_code == 200
    public = response.context["public_list"]
    assert [row.name for row in public.rows] == ["Kandidat 0", "Kandidat 1"]
    assert "Ola Søker" not in response.content.decode()
    assert public.total == 3
    assert public.left_off == 1
    assert public.by_gender == {"female": 1, "male": 1, "other": 1}
    assert public.left_off_by_gender["male"] == 1
    row = public.rows[0]
    assert (row.age, row.title, row.residence) == (
        timezone.localdate().year - 1998,
        "Lege",
        "Halden",
    )


def test_a_refusal_cannot_follow_publication(settings, recruiter, asked, our_choice, closed):
    settings.HIRING_EXEMPTION_NOTICE_HOURS = 0
    services.decide_exemption(user=recruiter, choice=our_choice, granted=True, reason="Ja")
    services.publish_public_list(user=recruiter, posting=closed)
    with pytest.raises(ValidationError, match="Take it down"):
        services.decide_exemption(user=recruiter, choice=our_choice, granted=False, reason="Nei")


def test_withdrawn_applicants_and_drafts_are_not_on_the_list(
    applicant, other_applicant, make_application, applied, our_choice, closed
):
    from recruitment.applications.services import withdraw_choice

    withdraw_choice(user=applicant, application=applied, choice_id=our_choice.pk)
    assert selectors.build_public_list(closed).total == 0


def test_outsiders_get_404_on_the_list_management(
    login, outsider_recruiter, applicant, asked, our_choice, closed
):
    for user in (outsider_recruiter, applicant):
        client = login(user)
        assert (
            client.get(
                reverse("recruitment:hiring_public_list_manage", args=[closed.pk])
            ).status_code
            == 404
        )
        decide = reverse("recruitment:hiring_exemption_decide", args=[closed.pk, our_choice.pk])
        assert (
            client.post(
                decide, {f"d{our_choice.pk}-granted": "yes", f"d{our_choice.pk}-reason": "x"}
            ).status_code
            == 404
        )
    assert not ExemptionDecision.objects.exists()


def test_the_employer_decides_and_publishes_through_the_pages(
    login, settings, recruiter, asked, our_choice, closed
):
    settings.HIRING_EXEMPTION_NOTICE_HOURS = 0
    client = login(recruiter)
    manage = reverse("recruitment:hiring_public_list_manage", args=[closed.pk])
    assert "Jeg er ansatt" in client.get(manage).content.decode()
    decide = reverse("recruitment:hiring_exemption_decide", args=[closed.pk, our_choice.pk])
    client.post(decide, {f"d{our_choice.pk}-granted": "yes", f"d{our_choice.pk}-reason": "Ok"})
    client.post(
        reverse("recruitment:hiring_public_list_publish", args=[closed.pk]), {"action": "publish"}
    )
    assert selectors.published_list(closed) is not None
    posting_page = client.get(closed.get_absolute_url()).content.decode()
    assert reverse("recruitment:public_applicant_list", args=[closed.slug]) in posting_page
