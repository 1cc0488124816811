"""What a choice counts as – submitted, active, listed – stated once in ChoiceQuerySet
(recruitment/models.py), and the invariant that lets the choice's own status say it: a
choice is a draft exactly while its application is one."""

import pytest
from django.db.models import Count

from recruitment.applications import services
from recruitment.models import Application, Choice, ChoiceStatus
from tests import factories
from tests.recruitment.factories import ApplicantProfileFactory

EXPECTED = {
    # status: (submitted, active, listed)
    ChoiceStatus.DRAFT: (False, False, True),
    ChoiceStatus.SUBMITTED: (True, True, True),
    ChoiceStatus.UNDER_REVIEW: (True, True, True),
    ChoiceStatus.SHORTLISTED: (True, True, True),
    ChoiceStatus.INTERVIEW: (True, True, True),
    ChoiceStatus.OFFERED: (True, True, True),
    ChoiceStatus.ACCEPTED: (True, True, True),
    ChoiceStatus.DECLINED: (True, True, True),
    ChoiceStatus.REJECTED: (True, True, True),
    ChoiceStatus.RESERVE: (True, True, True),
    ChoiceStatus.WITHDRAWN: (True, False, False),
}


def test_every_status_is_decided():
    assert set(EXPECTED) == set(ChoiceStatus)


@pytest.mark.parametrize("status", list(ChoiceStatus))
def test_the_queryset_and_the_row_agree_for_every_status(
    status, make_application, applicant, hospital_postings
):
    application = make_application(applicant, hospital_postings[:1], submit=True)
    Choice.objects.update(status=status)
    choice = Choice.objects.get()
    submitted, active, listed = EXPECTED[status]
    assert (choice.is_submitted, choice.is_active, choice.is_listed) == EXPECTED[status]
    assert Choice.objects.submitted().exists() is submitted
    assert Choice.objects.active().exists() is active
    assert Choice.objects.listed().exists() is listed
    assert application.choices.active().exists() is active  # the related manager too


def test_active_q_counts_through_a_relation(make_application, applicant, hospital_postings):
    make_application(applicant, hospital_postings, submit=True)
    Choice.objects.filter(posting=hospital_postings[1]).update(status=ChoiceStatus.WITHDRAWN)
    counts = dict(
        Application.objects.annotate(
            n=Count("choices", filter=Choice.objects.active_q("choices__"))
        ).values_list("pk", "n")
    )
    assert list(counts.values()) == [1]


def _broken_invariant() -> list[str]:
    """Choices whose status disagrees with their application's about being sent."""
    sent_in_draft = Choice.objects.submitted().filter(application__status="draft")
    draft_in_sent = Choice.objects.filter(status=ChoiceStatus.DRAFT).exclude(
        application__status="draft"
    )
    withdrawn_app = Choice.objects.listed().filter(application__status="withdrawn")
    return [str(c) for c in [*sent_in_draft, *draft_in_sent, *withdrawn_app]]


def test_a_choice_is_a_draft_exactly_while_its_application_is_one(
    make_application, applicant, hospital_postings, other_posting, municipality_posting
):
    application = make_application(applicant, hospital_postings)
    assert set(application.choices.values_list("status", flat=True)) == {ChoiceStatus.DRAFT}
    assert _broken_invariant() == []

    services.submit_application(user=applicant, application=application)
    assert _broken_invariant() == []

    # A choice added to a sent application is sent at once.
    added = services.add_choice(user=applicant, application=application, posting=other_posting)
    assert added.status == ChoiceStatus.SUBMITTED
    assert _broken_invariant() == []

    services.withdraw_choice(user=applicant, application=application, choice_id=added.pk)
    assert _broken_invariant() == []
    assert application.choices.listed().count() == 2

    services.withdraw_application(user=applicant, application=application)
    assert _broken_invariant() == []
    assert not application.choices.active().exists()


def test_a_direct_application_keeps_the_invariant(applicant, municipality):
    posting = factories.PostingFactory(kind="summer_job", municipality=municipality)
    ApplicantProfileFactory(user=applicant)
    application = services.start_direct_application(user=applicant, posting=posting)
    assert _broken_invariant() == []
    services.submit_application(user=applicant, application=application)
    assert _broken_invariant() == []
    assert Choice.objects.active().filter(application=application).count() == 1
