import pytest
from django.urls import reverse

from recruitment.applications.selectors import profile_completeness
from recruitment.models import ApplicantProfile
from tests.recruitment.factories import ApplicantProfileFactory, DocumentFactory


def profile_data(**overrides):
    data = {
        "full_name": "Ola Søker",
        "phone": "+47 900 00 000",
        "university": "Uniwersytet Jagielloński",
        "education_country": "Polen",
        "graduation_date": "2027-06-15",
        "licence_status": "limited",
        "hpr_number": "1234567",
        "norwegian_level": "native",
        "grew_up_in_region": "on",
        "family_in_region": "on",
        "local_connection_details": "Foreldrene bor i Sarpsborg.",
        "clinical_experience": "Sommervikar på medisinsk avdeling.",
        "interests": ["allmennmedisin", "indremedisin"],
        "career_preference": "primary_care",
    }
    data.update(overrides)
    return data


def test_an_applicant_fills_in_the_profile(login, applicant):
    client = login(applicant)
    assert client.get(reverse("recruitment:profile")).status_code == 200
    response = client.post(reverse("recruitment:profile"), profile_data())
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=applicant)
    assert profile.university == "Uniwersytet Jagielloński"
    assert profile.hpr_number == "1234567"
    assert profile.grew_up_in_region
    assert profile.family_in_region
    assert not profile.studied_in_region
    assert profile.has_local_connection
    assert sorted(i.specialty for i in profile.interests.all()) == [
        "allmennmedisin",
        "indremedisin",
    ]
    applicant.refresh_from_db()
    assert applicant.full_name == "Ola Søker"


def test_changing_interests_replaces_the_old_ones(login, applicant):
    client = login(applicant)
    client.post(reverse("recruitment:profile"), profile_data())
    client.post(reverse("recruitment:profile"), profile_data(interests=["psykiatri"]))
    profile = ApplicantProfile.objects.get(user=applicant)
    assert [i.specialty for i in profile.interests.all()] == ["psykiatri"]


@pytest.mark.parametrize("hpr", ["123456", "1234567890", "12345a7", "-1234567"])
def test_an_invalid_hpr_number_is_refused_and_the_form_keeps_what_was_typed(login, applicant, hpr):
    response = login(applicant).post(reverse("recruitment:profile"), profile_data(hpr_number=hpr))
    assert response.status_code == 200
    assert "7 to 9 digits" in response.content.decode()
    assert response.context["form"]["university"].value() == "Uniwersytet Jagielloński"
    assert not ApplicantProfile.objects.exists()


@pytest.mark.parametrize("hpr", ["1234567", "123456789", "123 45 67"])
def test_valid_hpr_numbers_are_accepted(login, applicant, hpr):
    response = login(applicant).post(reverse("recruitment:profile"), profile_data(hpr_number=hpr))
    assert response.status_code == 302
    assert ApplicantProfile.objects.get().hpr_number == hpr.replace(" ", "")


def test_the_database_refuses_a_malformed_hpr_number(applicant):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError, match="hpr_number_format"), transaction.atomic():
        ApplicantProfileFactory(user=applicant, hpr_number="12AB")


def test_a_licence_holder_must_give_the_hpr_number(login, applicant):
    response = login(applicant).post(
        reverse("recruitment:profile"), profile_data(licence_status="authorised", hpr_number="")
    )
    assert "you have an HPR number" in response.content.decode()


def test_two_profiles_cannot_share_an_hpr_number(login, applicant, other_applicant):
    other_applicant.applicant_profile.hpr_number = "7654321"
    other_applicant.applicant_profile.save()
    response = login(applicant).post(
        reverse("recruitment:profile"), profile_data(hpr_number="7654321")
    )
    assert response.status_code == 200
    assert "Another profile already uses this HPR number" in response.content.decode()


def test_completeness_shows_the_percentage_and_what_is_missing(login, applicant):
    client = login(applicant)
    client.post(
        reverse("recruitment:profile"),
        profile_data(clinical_experience="", interests=[], career_preference=""),
    )
    completeness = profile_completeness(applicant)
    missing = [item.key for item in completeness.missing]
    assert missing == ["experience", "interests", "preference", "cv"]
    assert completeness.percent == 56  # 5 of 9
    assert not completeness.missing_required

    DocumentFactory(owner=applicant)
    html = client.get(reverse("recruitment:profile")).content.decode()
    assert 'value="67"' in html
    assert "Clinical experience" in html


def test_an_empty_profile_lists_what_is_needed_to_submit(login, applicant):
    applicant.full_name = ""
    applicant.save()
    completeness = profile_completeness(applicant)
    assert completeness.percent == 0
    assert [i.key for i in completeness.missing_required] == [
        "name",
        "phone",
        "education",
        "licence",
        "language",
    ]
    html = login(applicant).get(reverse("recruitment:profile")).content.decode()
    assert "needed to submit an application" in html


def test_the_profile_page_names_the_next_deadline_of_a_draft(
    login, applicant, profile, make_application, hospital_postings, lis1_round
):
    make_application(applicant, hospital_postings[:1])
    html = login(applicant).get(reverse("recruitment:profile")).content.decode()
    assert "LIS1 høst 2027" in html
    assert "must be submitted by" in html
