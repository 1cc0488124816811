"""recruitment/wording.py: every status and every reason has a text for every reader, in
English and Bokmål, and the texts differ where the reader does."""

import itertools

import pytest
from django.utils import translation

from recruitment import wording
from recruitment.models import ChoiceStatus, Offer, StatusReason

Audience = wording.Audience
AUDIENCES = list(Audience)
LANGUAGES = ["en", "nb"]

TEXTS = (
    [("choice", status, wording.choice_status) for status in ChoiceStatus.values]
    + [("offer", status, wording.offer_status) for status in Offer.Status.values]
    + [("reason", code, wording.reason) for code in StatusReason.values]
)


def in_language(language, lookup, value, audience):
    with translation.override(language):
        return lookup(value, audience)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(("kind", "value", "lookup"), TEXTS, ids=[f"{k}-{v}" for k, v, _ in TEXTS])
def test_every_status_and_reason_has_a_text_for_every_reader(
    kind, value, lookup, audience, language
):
    text = in_language(language, lookup, value, audience)
    assert text.strip()
    assert text != value  # a text, not the stored code


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize(("kind", "value", "lookup"), TEXTS, ids=[f"{k}-{v}" for k, v, _ in TEXTS])
def test_the_bokmal_catalogue_translates_every_text(kind, value, lookup, audience):
    english = in_language("en", lookup, value, audience)
    assert in_language("nb", lookup, value, audience) != english, english


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", StatusReason.values)
def test_each_reader_reads_a_reason_in_their_own_voice(code, language):
    texts = {a: in_language(language, wording.reason, code, a) for a in AUDIENCES}
    for one, other in itertools.combinations(AUDIENCES, 2):
        assert texts[one] != texts[other], (code, one, other)


# Where the candidate's own status reads differently from the employer's precise one; the
# rest ("Not sent yet", "Invited to interview", "Withdrawn") read the same to both.
DIFFERENT_FOR_THE_CANDIDATE = [
    ChoiceStatus.SUBMITTED,
    ChoiceStatus.UNDER_REVIEW,
    ChoiceStatus.SHORTLISTED,
    ChoiceStatus.OFFERED,
    ChoiceStatus.ACCEPTED,
    ChoiceStatus.DECLINED,
    ChoiceStatus.REJECTED,
    ChoiceStatus.RESERVE,
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", DIFFERENT_FOR_THE_CANDIDATE)
def test_the_candidate_reads_her_choice_status_in_her_own_words(status, language):
    mine = in_language(language, wording.choice_status, status, Audience.CANDIDATE)
    theirs = in_language(language, wording.choice_status, status, Audience.EMPLOYER)
    assert mine != theirs


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", Offer.Status.values)
def test_the_candidate_and_the_employer_read_an_offer_differently(status, language):
    mine = in_language(language, wording.offer_status, status, Audience.CANDIDATE)
    theirs = in_language(language, wording.offer_status, status, Audience.EMPLOYER)
    assert mine != theirs


def candidate_texts():
    return [
        lookup(value, Audience.CANDIDATE)
        for _kind, value, lookup in TEXTS
        if lookup(value, Audience.CANDIDATE)
    ]


def test_the_candidate_is_never_called_the_candidate():
    with translation.override("en"):
        assert not [t for t in candidate_texts() if "candidate" in t.lower()]
    with translation.override("nb"):
        assert not [t for t in candidate_texts() if "kandidat" in t.lower()]


def test_the_employer_reads_about_the_candidate_in_every_reason():
    for code in StatusReason.values:
        with translation.override("en"):
            assert "candidate" in wording.reason(code, Audience.EMPLOYER).lower(), code
        with translation.override("nb"):
            assert "kandidat" in wording.reason(code, Audience.EMPLOYER).lower(), code


def test_the_respectful_and_the_precise_word_for_not_selected():
    with translation.override("nb"):
        assert wording.choice_status("rejected", "candidate") == "Ikke valgt ut denne gangen"
        assert wording.choice_status("rejected", "employer") == "Ikke valgt ut"
    with translation.override("en"):
        assert wording.choice_status("rejected", "candidate") == "Not selected this time"


def test_no_reason_reads_as_nothing():
    assert wording.reason("", Audience.CANDIDATE) == ""


def test_the_coordinator_reads_the_neutral_texts_and_employer_staff_their_own(
    coordinator, recruiter
):
    assert wording.staff_audience(coordinator) == Audience.COORDINATOR
    assert wording.staff_audience(recruiter) == Audience.EMPLOYER
