from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careers import services
from careers.defaults import DEFAULT_CHECKLIST
from careers.models import ChecklistItem, ChecklistTemplateItem
from tests.security.writes import forbidden_on_get, recording_writes


def manage_url(onboarding):
    return reverse("careers:manage_onboarding", kwargs={"pk": onboarding.pk})


def toggle_url(item):
    return reverse(
        "careers:onboarding_item_toggle",
        kwargs={"pk": item.onboarding_id, "item_pk": item.pk},
    )


def template_url(organisation):
    return reverse("careers:checklist_template", kwargs={"organisation_pk": organisation.pk})


# --- The newcomer ------------------------------------------------------------------------------


def test_newcomer_sees_their_buddy_and_checklist_progress(
    login, applicant, onboarding, recruiter, colleague
):
    services.assign_buddy(
        user=recruiter, onboarding=onboarding, buddy=colleague, contact="Ring 900 00 000"
    )
    services.set_item_done(user=recruiter, item=onboarding.items.first(), done=True)
    response = login(applicant).get(reverse("careers:my_onboarding"))
    assert response.status_code == 200
    assert colleague.full_name in response.text
    assert f"mailto:{colleague.email}" in response.text
    assert "Ring 900 00 000" in response.text
    [shown] = response.context["onboardings"]
    assert (shown.done_count, shown.item_count) == (1, 7)
    assert 'value="1" max="7"' in response.text


def test_newcomer_page_shows_only_their_own_onboardings(login, student, onboarding):
    response = login(student).get(reverse("careers:my_onboarding"))
    assert list(response.context["onboardings"]) == []


def test_newcomer_page_needs_a_login(client, db):
    assert client.get(reverse("careers:my_onboarding")).status_code == 302


# --- The employer ------------------------------------------------------------------------------


def test_employer_assigns_a_buddy_on_the_page(login, recruiter, onboarding, colleague):
    client = login(recruiter)
    page = client.get(manage_url(onboarding))
    assert page.status_code == 200
    assert set(page.context["form"].fields["buddy"].queryset) == {colleague, recruiter}
    response = client.post(manage_url(onboarding), {"buddy": colleague.pk, "contact": "Kontor 3"})
    assert response.status_code == 302
    onboarding.refresh_from_db()
    assert (onboarding.buddy, onboarding.buddy_contact) == (colleague, "Kontor 3")


def test_buddy_from_elsewhere_is_refused_with_a_message(
    login, recruiter, onboarding, outsider_recruiter
):
    response = login(recruiter).post(manage_url(onboarding), {"buddy": outsider_recruiter.pk})
    assert response.status_code == 200
    assert "buddy" in response.context["form"].errors
    onboarding.refresh_from_db()
    assert onboarding.buddy is None


def test_employer_ticks_and_reopens_an_item(login, recruiter, onboarding):
    item = onboarding.items.first()
    client = login(recruiter)
    assert client.post(toggle_url(item), {"done": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.done_by == recruiter
    client.post(toggle_url(item), {"done": "0"})
    item.refresh_from_db()
    assert item.done_at is None


def test_coordinator_may_manage_any_onboarding(login, coordinator, onboarding):
    assert login(coordinator).get(manage_url(onboarding)).status_code == 200


@pytest.mark.parametrize("persona", ["outsider_recruiter", "applicant", "student"])
def test_outsiders_get_404_on_another_organisations_checklist(request, login, onboarding, persona):
    client = login(request.getfixturevalue(persona))
    item = onboarding.items.first()
    assert client.get(manage_url(onboarding)).status_code == 404
    assert client.post(toggle_url(item), {"done": "1"}).status_code == 404
    assert client.post(manage_url(onboarding), {"buddy": onboarding.newcomer_id}).status_code == 404
    assert client.get(template_url(onboarding.organisation)).status_code == 404
    item.refresh_from_db()
    assert item.done_at is None


def test_an_item_of_another_onboarding_is_404(login, recruiter, onboarding, other_hospital):
    other = services.start_onboarding(
        hire_user=onboarding.newcomer,
        organisation=other_hospital,
        start_date=onboarding.start_date,
    )
    item = other.items.first()
    url = reverse(
        "careers:onboarding_item_toggle", kwargs={"pk": onboarding.pk, "item_pk": item.pk}
    )
    assert login(recruiter).post(url, {"done": "1"}).status_code == 404


def test_employer_list_shows_newcomers_and_overdue_items(
    login, recruiter, onboarding, other_hospital, applicant, django_assert_max_num_queries
):
    overdue = onboarding.items.first()
    ChecklistItem.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - timedelta(days=2)
    )
    services.start_onboarding(
        hire_user=applicant,
        organisation=other_hospital,
        start_date=timezone.localdate() + timedelta(days=1),
    )
    client = login(recruiter)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("careers:manage_onboardings"))
    assert [o.pk for o in response.context["page"]] == [onboarding.pk]
    assert [i.pk for i in response.context["overdue"]] == [overdue.pk]
    assert response.context["page"][0].overdue_count == 1


def test_opening_the_checklist_template_writes_nothing(login, recruiter, hospital):
    client = login(recruiter)
    with recording_writes() as writes:
        page = client.get(template_url(hospital))
    assert page.status_code == 200
    assert forbidden_on_get(writes) == []
    assert ChecklistTemplateItem.objects.count() == 0
    # The default checklist is shown as what new hires get, with the way to make it one's own.
    assert page.context["default_checklist"] is not None
    assert [item.title for item in page.context["default_checklist"]] == [
        values["title"] for values in DEFAULT_CHECKLIST
    ]
    assert "<td>Tilgang til EPJ</td><td>Elektronisk pasientjournal</td><td>7</td>" in page.text
    assert 'name="use_default"' in page.text


def test_using_the_default_checklist_copies_it_once(login, recruiter, hospital):
    client = login(recruiter)
    response = client.post(template_url(hospital), {"use_default": "1"})
    assert response.status_code == 302
    # A second click, or a stale tab, changes nothing.
    assert client.post(template_url(hospital), {"use_default": "1"}).status_code == 302
    titles = list(
        ChecklistTemplateItem.objects.filter(organisation=hospital)
        .order_by("order")
        .values_list("title", flat=True)
    )
    assert titles == [values["title"] for values in DEFAULT_CHECKLIST]
    page = client.get(template_url(hospital))
    assert page.context["default_checklist"] is None
    assert len(page.context["formset"].initial_forms) == 7


def test_an_employers_own_checklist_is_never_replaced_by_the_default(login, recruiter, hospital):
    hospital.checklist_template_items.create(title="Parkeringskort", days_before_start=3)
    client = login(recruiter)
    client.post(template_url(hospital), {"use_default": "1"})
    assert list(hospital.checklist_template_items.values_list("title", flat=True)) == [
        "Parkeringskort"
    ]


def test_outsiders_cannot_use_the_default_checklist_for_another_employer(
    login, outsider_recruiter, hospital
):
    response = login(outsider_recruiter).post(template_url(hospital), {"use_default": "1"})
    assert response.status_code == 404
    assert ChecklistTemplateItem.objects.count() == 0


def test_employer_edits_the_checklist_template(login, recruiter, hospital):
    client = login(recruiter)
    client.post(template_url(hospital), {"use_default": "1"})
    page = client.get(template_url(hospital))
    assert page.status_code == 200
    formset = page.context["formset"]
    assert len(formset.initial_forms) == 7
    data = {
        "form-TOTAL_FORMS": "8",
        "form-INITIAL_FORMS": "7",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for n, form in enumerate(formset.initial_forms):
        item = form.instance
        data |= {
            f"form-{n}-id": item.pk,
            f"form-{n}-title": item.title,
            f"form-{n}-description": item.description,
            f"form-{n}-days_before_start": item.days_before_start,
            f"form-{n}-order": item.order,
        }
    data["form-0-DELETE"] = "on"
    data |= {"form-7-title": "Parkeringskort", "form-7-days_before_start": "3", "form-7-order": "9"}
    response = client.post(template_url(hospital), data)
    assert response.status_code == 302
    titles = set(
        ChecklistTemplateItem.objects.filter(organisation=hospital).values_list("title", flat=True)
    )
    assert "Parkeringskort" in titles
    assert "Brukerkonto opprettet" not in titles
    assert len(titles) == 7


def test_checklist_template_refuses_a_duplicate_task(login, recruiter, hospital):
    services.adopt_default_checklist(user=recruiter, organisation=hospital)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-title": "Adgangskort bestilt",
        "form-0-days_before_start": "3",
        "form-0-order": "1",
    }
    # Only the new form is posted, so the duplicate is against the stored list.
    response = login(recruiter).post(template_url(hospital), data)
    assert response.status_code == 200
    assert ChecklistTemplateItem.objects.filter(organisation=hospital).count() == 7
