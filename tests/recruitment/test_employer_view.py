import csv
import io
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recruitment.applications import rows, services
from recruitment.models import ApplicationRound, ChoiceStatus, EmployerNote, LanguageLevel
from tests import factories
from tests.recruitment.factories import ApplicantProfileFactory, DocumentFactory


def applicants_url(posting):
    return reverse("recruitment:posting_applicants", args=[posting.pk])


def staff_url(application):
    return reverse("recruitment:staff_application", args=[application.pk])


@pytest.fixture
def ranked(applicant, make_application, hospital_postings, other_posting, municipality_posting):
    """The applicant ranks: 1. other hospital, 2. our hospital, 3. the municipality."""
    return make_application(
        applicant, [other_posting, hospital_postings[0], municipality_posting], submit=True
    )


# --- Who sees what -------------------------------------------------------------------------


def test_employer_sees_only_its_own_choice_and_no_rank(login, recruiter, ranked, hospital_postings):
    html = login(recruiter).get(staff_url(ranked)).content.decode()
    assert hospital_postings[0].title in html
    assert "LIS1 Sykehuset Vest" not in html  # the candidate's first choice elsewhere
    assert "Fjordby legekontor" not in html
    assert "2. LIS1" not in html  # not its rank either
    assert "Ola Søker" in html


def test_employer_gets_404_on_an_application_that_ranks_only_another_employers_postings(
    login, recruiter, other_applicant, make_application, other_posting, municipality_posting
):
    theirs = make_application(other_applicant, [other_posting, municipality_posting], submit=True)
    client = login(recruiter)
    assert client.get(staff_url(theirs)).status_code == 404
    choice = theirs.choices.first()
    status_url = reverse("recruitment:staff_choice_status", args=[choice.pk])
    assert client.post(status_url, {f"c{choice.pk}-status": "rejected"}).status_code == 404
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.SUBMITTED


def test_employer_never_sees_drafts(
    login, recruiter, applicant, make_application, hospital_postings
):
    draft = make_application(applicant, hospital_postings)
    client = login(recruiter)
    assert client.get(staff_url(draft)).status_code == 404
    assert "Ola Søker" not in client.get(applicants_url(hospital_postings[0])).content.decode()


def test_employer_gets_404_on_another_employers_applicant_list(
    login, outsider_recruiter, ranked, hospital_postings
):
    client = login(outsider_recruiter)
    assert client.get(applicants_url(hospital_postings[0])).status_code == 404
    csv_url = reverse("recruitment:posting_applicants_csv", args=[hospital_postings[0].pk])
    assert client.get(csv_url).status_code == 404


def test_an_applicant_without_a_staff_role_gets_404_on_staff_pages(
    login, applicant, ranked, hospital_postings
):
    client = login(applicant)
    assert client.get(staff_url(ranked)).status_code == 404
    assert client.get(applicants_url(hospital_postings[0])).status_code == 404


def test_rank_is_shown_when_the_round_shares_it(
    login, recruiter, ranked, lis1_round, hospital_postings
):
    ApplicationRound.objects.filter(pk=lis1_round.pk).update(share_rank_with_employers=True)
    client = login(recruiter)
    assert f"2. {hospital_postings[0].title}" in client.get(staff_url(ranked)).content.decode()
    response = client.get(applicants_url(hospital_postings[0]))
    assert response.context["show_rank"] is True


def test_the_municipality_sees_its_own_choice_only(login, municipal_recruiter, ranked):
    html = login(municipal_recruiter).get(staff_url(ranked)).content.decode()
    assert "Fjordby legekontor" in html
    assert "Sykehuset Øst 1" not in html


# --- Documents ---------------------------------------------------------------------------


def test_employer_downloads_only_documents_attached_to_the_application(
    login, recruiter, applicant, make_application, hospital_postings
):
    attached = DocumentFactory(owner=applicant, title="cv.pdf")
    private = DocumentFactory(owner=applicant, title="privat.pdf")
    application = make_application(applicant, hospital_postings[:1])
    services.save_draft(user=applicant, application=application, documents=[attached])
    services.submit_application(user=applicant, application=application)
    client = login(recruiter)

    response = client.get(
        reverse("recruitment:staff_document", args=[application.pk, attached.uuid])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert (
        client.get(
            reverse("recruitment:staff_document", args=[application.pk, private.uuid])
        ).status_code
        == 404
    )


def test_another_employer_cannot_download_the_candidates_documents(
    login, outsider_recruiter, applicant, make_application, hospital_postings
):
    document = DocumentFactory(owner=applicant)
    application = make_application(applicant, hospital_postings[:1])
    application.documents.add(document)
    services.submit_application(user=applicant, application=application)
    url = reverse("recruitment:staff_document", args=[application.pk, document.uuid])
    assert login(outsider_recruiter).get(url).status_code == 404


# --- Marking and notes ------------------------------------------------------------------------


def test_employer_shortlists_with_a_note_private_to_the_organisation(
    login, recruiter, outsider_recruiter, applicant, ranked, hospital_postings, other_posting
):
    ours = ranked.choices.get(posting=hospital_postings[0])
    client = login(recruiter)
    response = client.post(
        reverse("recruitment:staff_choice_status", args=[ours.pk]),
        {f"c{ours.pk}-status": "shortlisted", f"c{ours.pk}-note": "Inviter til intervju"},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == ChoiceStatus.SHORTLISTED
    assert list(ours.events.values_list("status", flat=True)) == ["submitted", "shortlisted"]
    note = EmployerNote.objects.get()
    assert note.organisation == hospital_postings[0].employer
    assert "Inviter til intervju" in client.get(staff_url(ranked)).content.decode()

    # The other employer sees the same candidate, but not this note.
    other_html = login(outsider_recruiter).get(staff_url(ranked)).content.decode()
    assert "Inviter til intervju" not in other_html
    # Nor does the applicant.
    mine = login(applicant).get(ranked.get_absolute_url()).content.decode()
    assert "Inviter til intervju" not in mine
    assert "You are on the shortlist" in mine


def test_employer_cannot_mark_another_employers_choice(recruiter, ranked, other_posting):
    theirs = ranked.choices.get(posting=other_posting)
    with pytest.raises(PermissionDenied):
        services.set_choice_status(user=recruiter, choices=[theirs], status="rejected")


def test_employer_cannot_set_an_applicant_only_status(recruiter, ranked, hospital_postings):
    from django.core.exceptions import ValidationError

    ours = ranked.choices.get(posting=hospital_postings[0])
    with pytest.raises(ValidationError):
        services.set_choice_status(user=recruiter, choices=[ours], status="accepted")


def test_a_withdrawn_choice_cannot_be_marked(applicant, recruiter, ranked, hospital_postings):
    from django.core.exceptions import ValidationError

    ours = ranked.choices.get(posting=hospital_postings[0])
    services.withdraw_choice(user=applicant, application=ranked, choice_id=ours.pk)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.set_choice_status(user=recruiter, choices=[ours], status="shortlisted")


def test_bulk_action_marks_several_candidates(
    login, recruiter, make_application, hospital_postings
):
    posting = hospital_postings[0]
    applications = [
        make_application(factories.UserFactory(), [posting], submit=True) for _n in range(3)
    ]
    ids = [a.choices.get().pk for a in applications[:2]]
    response = login(recruiter).post(
        reverse("recruitment:posting_applicants_bulk", args=[posting.pk]),
        {"bulk-choices": ids, "bulk-status": "rejected", "bulk-note": "Ikke aktuell nå"},
    )
    assert response.status_code == 302
    statuses = sorted(a.choices.get().status for a in applications)
    assert statuses == ["rejected", "rejected", "submitted"]
    assert EmployerNote.objects.count() == 2


def test_bulk_action_refuses_choices_of_another_posting(
    login, recruiter, applicant, ranked, hospital_postings, other_posting
):
    theirs = ranked.choices.get(posting=other_posting)
    login(recruiter).post(
        reverse("recruitment:posting_applicants_bulk", args=[hospital_postings[0].pk]),
        {"bulk-choices": [theirs.pk], "bulk-status": "rejected"},
    )
    theirs.refresh_from_db()
    assert theirs.status == ChoiceStatus.SUBMITTED


# --- The list ------------------------------------------------------------------------------


def make_applicants(make_application, posting, count):
    for n in range(count):
        user = factories.UserFactory()
        ApplicantProfileFactory(
            user=user,
            grew_up_in_region=n % 2 == 0,
            norwegian_level=LanguageLevel.B2 if n % 3 else LanguageLevel.NATIVE,
        )
        make_application(user, [posting], submit=True)


def test_the_list_filters_by_local_connection_licence_language_and_interest(
    login, recruiter, make_application, hospital_postings
):
    posting = hospital_postings[0]
    local = factories.UserFactory(full_name="Lokal Lege")
    profile = ApplicantProfileFactory(
        user=local,
        grew_up_in_region=True,
        norwegian_level=LanguageLevel.C1,
        licence_status="authorised",
        hpr_number="1234567",
    )
    profile.interests.create(specialty="allmennmedisin")
    make_application(local, [posting], submit=True)
    remote = factories.UserFactory(full_name="Fjern Lege")
    ApplicantProfileFactory(user=remote, norwegian_level=LanguageLevel.A2)
    make_application(remote, [posting], submit=True)
    client = login(recruiter)

    def names(**query):
        response = client.get(applicants_url(posting), query)
        return sorted(c.application.applicant.full_name for c in response.context["page"])

    assert names() == ["Fjern Lege", "Lokal Lege"]
    assert names(local_connection="any") == ["Lokal Lege"]
    assert names(local_connection="grew_up") == ["Lokal Lege"]
    assert names(local_connection="worked") == []
    assert names(licence_status="authorised") == ["Lokal Lege"]
    assert names(min_language="b2") == ["Lokal Lege"]
    assert names(min_language="a1") == ["Fjern Lege", "Lokal Lege"]
    assert names(interest="allmennmedisin") == ["Lokal Lege"]
    assert names(sort="name", min_language="") == ["Fjern Lege", "Lokal Lege"]
    response = client.get(applicants_url(posting), {"sort": "language"})
    assert [c.application.applicant.full_name for c in response.context["page"]] == [
        "Lokal Lege",
        "Fjern Lege",
    ]


def test_rank_sort_is_ignored_unless_rank_is_shared(login, recruiter, ranked, hospital_postings):
    response = login(recruiter).get(applicants_url(hospital_postings[0]), {"sort": "rank"})
    assert response.status_code == 200
    assert response.context["show_rank"] is False
    assert "Rank" not in response.content.decode().split("<thead>")[1].split("</thead>")[0]


def test_the_list_query_count_is_the_same_for_5_and_100_applications(
    login, recruiter, make_application, hospital_postings, django_assert_max_num_queries
):
    posting = hospital_postings[0]
    client = login(recruiter)

    def count_queries():
        client.get(applicants_url(posting))  # warm up the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(applicants_url(posting))
        assert response.status_code == 200
        return len(queries), len(response.context["page"])

    make_applicants(make_application, posting, 5)
    for choice in posting.choices.all()[:3]:
        services.add_note(user=recruiter, choice=choice, text="Notat")
    small, shown_small = count_queries()
    make_applicants(make_application, posting, 95)
    large, shown_large = count_queries()
    assert (shown_small, shown_large) == (5, 50)
    assert small == large
    with django_assert_max_num_queries(12):
        client.get(applicants_url(posting), {"sort": "language", "interest": "indremedisin"})


def test_a_cached_row_is_drawn_again_as_soon_as_what_it_shows_changes(
    login, recruiter, applicant, ranked, hospital_postings
):
    posting = hospital_postings[0]
    choice = ranked.choices.get(posting=posting)
    client = login(recruiter)

    def row():
        html = client.get(applicants_url(posting)).content.decode()
        start = html.index(f'value="{choice.pk}"')
        return html[start : html.index("</tr>", start)]

    first = row()
    assert "Submitted" in first
    drawn = []
    real = rows.render_to_string
    with mock.patch.object(
        rows, "render_to_string", lambda *a, **k: drawn.append(a[0]) or real(*a, **k)
    ):
        assert row() == first
        assert drawn == []  # the unchanged row came from the cache
        services.set_choice_status(
            user=recruiter, choices=[choice], status=ChoiceStatus.SHORTLISTED
        )
        services.add_note(user=recruiter, choice=choice, text="Ring tilbake")
        profile = applicant.applicant_profile
        profile.university = "Universitetet i Tromsø"
        profile.save()
        changed = row()
        assert drawn == [rows.ROW_TEMPLATE]  # drawn again, once
    assert "Shortlisted" in changed
    assert "Universitetet i Tromsø" in changed
    assert changed.rstrip().endswith("<td>1</td>")  # one note


def test_rows_are_not_shared_between_languages(login, recruiter, ranked, hospital_postings):
    client = login(recruiter)
    url = applicants_url(hospital_postings[0])
    assert "Submitted" in client.get(url).content.decode()
    client.cookies["django_language"] = "nb"
    assert "Submitted" not in client.get(url).content.decode()


def test_csv_export_has_one_row_per_candidate_and_neutralises_formulas(
    login, recruiter, make_application, hospital_postings, other_posting
):
    posting = hospital_postings[0]
    sneaky = factories.UserFactory(full_name='=HYPERLINK("http://evil")')
    ApplicantProfileFactory(user=sneaky, phone="+47 12345678")
    make_application(sneaky, [other_posting, posting], submit=True)
    response = login(recruiter).get(
        reverse("recruitment:posting_applicants_csv", args=[posting.pk])
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    assert "Rank" not in rows[0]
    assert len(rows) == 2
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][2] == "'+47 12345678"
    assert "LIS1 Sykehuset Vest" not in response.content.decode()


# --- Coordinator ---------------------------------------------------------------------------


def test_coordinator_sees_every_application_and_per_posting_counts(
    login, coordinator, ranked, lis1_round, other_applicant, make_application, hospital_postings
):
    make_application(other_applicant, [hospital_postings[0]], submit=True)
    draft_user = factories.UserFactory()
    make_application(draft_user, [hospital_postings[1]])
    response = login(coordinator).get(reverse("recruitment:round_detail", args=[lis1_round.pk]))
    counts = {
        p.title: (p.applicant_count, p.first_choice_count) for p in response.context["postings"]
    }
    assert counts[hospital_postings[0].title] == (2, 1)
    assert counts["LIS1 Sykehuset Vest"] == (1, 1)
    assert counts[hospital_postings[1].title] == (0, 0)  # a draft is not an application yet
    assert response.context["page"].paginator.count == 2
    assert response.context["draft_count"] == 1
    # And opens the whole ranked list.
    html = login(coordinator).get(staff_url(ranked)).content.decode()
    assert "1. LIS1 Sykehuset Vest" in html
    assert f"2. {hospital_postings[0].title}" in html


def test_coordinator_creates_a_round_and_adds_postings(login, coordinator, posting):
    client = login(coordinator)
    response = client.post(
        reverse("recruitment:round_create"),
        {
            "name": "LIS1 vår 2028",
            "opens_at": "2027-10-01T09:00",
            "closes_at": "2027-10-20T23:59",
            "max_choices": "8",
            "documents_required": "on",
        },
    )
    round = ApplicationRound.objects.get(name="LIS1 vår 2028")
    assert response.url == reverse("recruitment:round_detail", args=[round.pk])
    assert round.share_rank_with_employers is False
    assert round.created_by == coordinator
    client.post(reverse("recruitment:round_postings", args=[round.pk]), {"postings": [posting.pk]})
    assert list(round.postings.all()) == [posting]


def test_a_round_must_close_after_it_opens(login, coordinator):
    response = login(coordinator).post(
        reverse("recruitment:round_create"),
        {
            "name": "Feil runde",
            "opens_at": "2027-10-20T09:00",
            "closes_at": "2027-10-01T09:00",
            "max_choices": "8",
        },
    )
    assert response.status_code == 200
    assert "must close after it opens" in response.content.decode()
    assert response.context["form"]["name"].value() == "Feil runde"
    assert not ApplicationRound.objects.exists()


def test_a_posting_belongs_to_one_round_only(coordinator, lis1_round, hospital_postings):
    from django.core.exceptions import ValidationError

    from tests.recruitment.factories import ApplicationRoundFactory

    other = ApplicationRoundFactory()
    with pytest.raises(ValidationError, match="already part of a round"):
        services.add_postings_to_round(
            user=coordinator, round=other, postings=[hospital_postings[0]]
        )


def test_a_posting_with_applicants_cannot_leave_the_round(
    login, coordinator, ranked, lis1_round, hospital_postings
):
    login(coordinator).post(
        reverse("recruitment:round_posting_remove", args=[lis1_round.pk, hospital_postings[0].pk])
    )
    assert hospital_postings[0] in lis1_round.postings.all()


@pytest.mark.parametrize("persona", ["recruiter", "applicant"])
def test_only_the_coordinator_manages_rounds(login, request, lis1_round, persona):
    client = login(request.getfixturevalue(persona))
    for url in [
        reverse("recruitment:rounds"),
        reverse("recruitment:round_create"),
        reverse("recruitment:round_detail", args=[lis1_round.pk]),
        reverse("recruitment:round_edit", args=[lis1_round.pk]),
        reverse("recruitment:round_postings", args=[lis1_round.pk]),
    ]:
        assert client.get(url).status_code == 404
