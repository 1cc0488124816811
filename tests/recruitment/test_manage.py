from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.models import Posting
from tests import factories
from tests.confirming import press_and_confirm


def form_data(employer, municipality, **overrides):
    deadline = timezone.localtime() + timedelta(days=20)
    data = {
        "title": "LIS1 ved medisinsk klinikk",
        "kind": "lis1",
        "employer": employer.pk,
        "municipality": municipality.pk,
        "summary": "Tolv måneder i sykehus.",
        "description": "Et godt fagmiljø.",
        "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "start_date": (deadline + timedelta(days=90)).date().isoformat(),
        "duration_months": "12",
        "number_of_posts": "4",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "5",
        "contacts-0-name": "Kari Nordmann",
        "contacts-0-phone": "+47 69 86 00 00",
    }
    data.update(overrides)
    return data


def test_recruiter_creates_and_publishes_a_posting(login, recruiter, hospital, municipality):
    client = login(recruiter)
    response = client.post(
        reverse("recruitment:create_posting"),
        form_data(hospital, municipality, publish="1"),
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert posting.status == Posting.Status.PUBLISHED
    assert posting.created_by == recruiter
    assert posting.contacts.get().name == "Kari Nordmann"
    assert posting.title in client.get(reverse("recruitment:board")).content.decode()


def test_recruiter_cannot_post_for_another_organisation(
    login, recruiter, other_hospital, municipality
):
    client = login(recruiter)
    response = client.post(
        reverse("recruitment:create_posting"), form_data(other_hospital, municipality)
    )
    assert response.status_code == 200
    assert "employer" in response.context["form"].errors
    assert not Posting.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number_of_posts": "0"}, "number_of_posts"),
        ({"start_date": "2020-01-01"}, "start_date"),
        ({"deadline": "not a date"}, "deadline"),
        ({"title": ""}, "title"),
    ],
)
def test_invalid_posting_is_refused_and_keeps_what_was_typed(
    login, recruiter, hospital, municipality, overrides, field
):
    client = login(recruiter)
    data = form_data(hospital, municipality, **overrides)
    response = client.post(reverse("recruitment:create_posting"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["form"]["summary"].value() == data["summary"]
    assert not Posting.objects.exists()


def test_publishing_with_past_deadline_is_refused(login, recruiter, hospital, municipality):
    client = login(recruiter)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("recruitment:create_posting"),
        form_data(hospital, municipality, deadline=past, publish="1"),
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not Posting.objects.exists()


def test_unit_must_belong_to_employer(login, recruiter, hospital, municipality):
    foreign_unit = factories.UnitFactory(organisation=municipality)
    client = login(recruiter)
    response = client.post(
        reverse("recruitment:create_posting"),
        form_data(hospital, municipality, unit=foreign_unit.pk),
    )
    assert "unit" in response.context["form"].errors


@pytest.mark.parametrize("url_name", ["manage_posting", "edit_posting"])
def test_staff_of_another_organisation_get_404(login, outsider_recruiter, posting, url_name):
    client = login(outsider_recruiter)
    assert client.get(reverse(f"recruitment:{url_name}", args=[posting.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["publish_posting", "close_posting"])
def test_staff_of_another_organisation_cannot_change_state(
    login, outsider_recruiter, posting, url_name
):
    client = login(outsider_recruiter)
    assert client.post(reverse(f"recruitment:{url_name}", args=[posting.pk])).status_code == 404
    posting.refresh_from_db()
    assert posting.status == Posting.Status.PUBLISHED


def test_outsider_does_not_see_other_organisations_postings_in_list(
    login, outsider_recruiter, posting
):
    response = login(outsider_recruiter).get(reverse("recruitment:manage_postings"))
    assert posting.title not in response.content.decode()


def test_coordinator_may_edit_every_posting(login, coordinator, posting):
    client = login(coordinator)
    assert client.get(reverse("recruitment:edit_posting", args=[posting.pk])).status_code == 200
    press_and_confirm(client, reverse("recruitment:close_posting", args=[posting.pk]))
    posting.refresh_from_db()
    assert posting.status == Posting.Status.CLOSED


def test_trust_recruiter_acts_for_the_trusts_hospitals(login, health_community):
    trust = factories.OrganisationFactory(name="Helseforetaket HF", kind="hospital_trust")
    hospital = factories.OrganisationFactory(name="Sykehuset Nord", parent=trust)
    posting = factories.PostingFactory(employer=hospital)
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=trust)
    from tests.conftest import with_mfa

    client = login(with_mfa(user))
    assert client.get(reverse("recruitment:edit_posting", args=[posting.pk])).status_code == 200


def test_close_and_publish_only_by_post(login, recruiter, posting):
    client = login(recruiter)
    assert client.get(reverse("recruitment:close_posting", args=[posting.pk])).status_code == 405


def test_applicant_without_staff_role_gets_404_on_staff_pages(login, applicant):
    assert login(applicant).get(reverse("recruitment:manage_postings")).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("recruitment:manage_postings"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_staff_without_mfa_is_sent_to_set_it_up(login, hospital):
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=hospital)
    response = login(user).get(reverse("recruitment:manage_postings"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_closing_a_draft_is_refused_with_a_message(login, recruiter, hospital):
    draft = factories.PostingFactory(employer=hospital, status="draft", published_at=None)
    response = login(recruiter).post(
        reverse("recruitment:close_posting", args=[draft.pk]), follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Posting.Status.DRAFT
    assert list(response.context["messages"])


def test_published_deadline_cannot_move_into_the_past(login, recruiter, posting, hospital):
    client = login(recruiter)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = form_data(hospital, posting.municipality, deadline=past, start_date="")
    response = client.post(reverse("recruitment:edit_posting", args=[posting.pk]), data)
    assert "deadline" in response.context["form"].errors
