"""Letters to applicants: templates per organisation, preview equals what is sent, each
letter once (a double submit sends nothing more), only the posting's own applicants, and
the applicant reads the letter under their application."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal.models import AuditEvent, Notification
from recruitment.applications import services as application_services
from recruitment.hiring import services as hiring_services
from recruitment.letters import permissions, selectors, services
from recruitment.letters.defaults import DEFAULTS
from recruitment.letters.models import Letter, LetterKind, LetterTemplate
from recruitment.letters.render import render_letter
from recruitment.models import Posting
from tests import factories
from tests.recruitment.factories import ApplicantProfileFactory


def apply(posting, name, email, **user):
    person = factories.UserFactory(full_name=name, email=email, **user)
    ApplicantProfileFactory(user=person)
    application = application_services.start_direct_application(user=person, posting=posting)
    application_services.submit_application(user=person, application=application)
    return application.choices.get()


@pytest.fixture
def posting(hospital, municipality):
    posting = factories.PostingFactory(
        title="Overlege indremedisin", employer=hospital, municipality=municipality
    )
    factories.ContactPersonFactory(posting=posting, name="Kari Nordmann", email="kari@sykehus.no")
    return posting


@pytest.fixture
def choices(posting):
    return [
        apply(posting, "Ola Søker", "ola@example.no"),
        apply(posting, "Per Hansen", "per@example.no"),
        apply(posting, "Anne Smith", "anne@example.no", language="en"),
    ]


def close_applications(posting):
    Posting.objects.filter(pk=posting.pk).update(deadline=timezone.now() - timedelta(days=1))
    posting.refresh_from_db()


def preview(client, posting, kind, ids, **extra):
    data = {"action": "preview", "kind": kind, "choices": [str(i) for i in ids], **extra}
    return client.post(reverse("recruitment:letters", args=[posting.pk]), data)


def send_form(response) -> dict:
    """The hidden fields of the preview's send form, as the browser would post them."""
    html = response.content.decode()
    form = html[html.index('name="token"') - 600 : html.index('value="send"')]
    data: dict = {"action": "send", "choices": []}
    for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', form):
        if name == "choices":
            data["choices"].append(value)
        elif name != "csrfmiddlewaretoken":
            data[name] = value
    return data


# --- Templates -------------------------------------------------------------------------------


def test_every_organisation_starts_with_the_defaults_and_edits_its_own_copy(
    login, recruiter, hospital, other_hospital
):
    client = login(recruiter)
    url = reverse(
        "recruitment:letter_template_edit", args=[hospital.pk, LetterKind.REJECTED_SCREENING]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert escape(DEFAULTS[LetterKind.REJECTED_SCREENING].subject_nb) in page.content.decode()
    assert not LetterTemplate.objects.exists()  # shown, not written

    response = client.post(
        url,
        {
            "subject_nb": "Svar på søknad: {posting}",
            "body_nb": "Hei {name}, takk for søknaden.",
            "subject_en": "",
            "body_en": "",
        },
    )
    assert response.status_code == 302
    own = selectors.templates_for(hospital.pk)[LetterKind.REJECTED_SCREENING]
    assert (own.own, own.subject_nb) == (True, "Svar på søknad: {posting}")
    assert (
        selectors.templates_for(other_hospital.pk)[LetterKind.REJECTED_SCREENING]
        == (DEFAULTS[LetterKind.REJECTED_SCREENING])
    )
    assert AuditEvent.objects.filter(object_type="recruitment.lettertemplate").count() == 1

    client.post(url, {"use_default": "1"})
    assert not LetterTemplate.objects.exists()


def test_an_unknown_merge_field_is_refused_and_the_text_is_kept(login, recruiter, hospital):
    url = reverse("recruitment:letter_template_edit", args=[hospital.pk, LetterKind.FREE])
    response = login(recruiter).post(
        url, {"subject_nb": "Hei", "body_nb": "Hei {navn}", "subject_en": "", "body_en": ""}
    )
    assert response.status_code == 400
    assert "{navn}" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_an_outsider_cannot_edit_another_organisations_templates(
    login, outsider_recruiter, hospital
):
    url = reverse("recruitment:letter_template_edit", args=[hospital.pk, LetterKind.FREE])
    assert login(outsider_recruiter).get(url).status_code == 404
    assert (
        login(outsider_recruiter)
        .get(reverse("recruitment:letter_templates", args=[hospital.pk]))
        .status_code
        == 404
    )


# --- Choose, preview, send ----------------------------------------------------------------


def test_the_preview_is_exactly_what_is_sent_and_each_applicant_reads_theirs(
    login, recruiter, posting, choices, django_capture_on_commit_callbacks
):
    client = login(recruiter)
    ids = [c.pk for c in choices]
    response = preview(client, posting, LetterKind.REJECTED_SCREENING, ids)
    assert response.status_code == 200
    shown = response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("recruitment:letters", args=[posting.pk]), send_form(response))
    assert sent.status_code == 302
    letters = {letter.choice_id: letter for letter in Letter.objects.all()}
    assert set(letters) == set(ids)
    template = DEFAULTS[LetterKind.REJECTED_SCREENING]
    for choice in choices:
        letter = letters[choice.pk]
        expected = render_letter(template, choice)
        assert (letter.language, letter.subject, letter.body) == (
            expected.language,
            expected.subject,
            expected.body,
        )
        assert escape(letter.subject) in shown
        for paragraph in letter.body.split("\n\n"):
            assert escape(paragraph).replace("\n", "<br>") in shown
    ola = letters[choices[0].pk]
    assert ola.body.startswith("Hei Ola Søker,")
    assert "Overlege indremedisin" in ola.subject
    assert "Kari Nordmann" in ola.body  # the contact person
    assert letters[choices[2].pk].language == "en"
    assert letters[choices[2].pk].body.startswith("Dear Anne Smith,")

    # One e-mail each, the letter as sent.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        c.application.applicant.email for c in choices
    )
    to_ola = next(m for m in mail.outbox if m.to == ["ola@example.no"])
    assert to_ola.subject == ola.subject
    assert ola.body in to_ola.body
    assert to_ola.extra_headers["X-Legeportalen-Occasion"] == services.OCCASION
    assert Notification.objects.filter(occasion=services.OCCASION, status="sent").count() == 3
    # Audited: who sent which letter to whom.
    audited = AuditEvent.objects.filter(object_type="recruitment.letter")
    assert {(e.actor_id, e.subject_user_id) for e in audited} == {
        (recruiter.pk, c.application.applicant_id) for c in choices
    }
    # So is looking at whom a letter could go to, as on the applicant list.
    assert AuditEvent.objects.filter(
        object_type="recruitment.posting", detail="letters: preview of 3"
    ).exists()

    # The applicant sees the letter under their application; the others' are not there.
    page = login(choices[0].application.applicant).get(choices[0].application.get_absolute_url())
    html = page.content.decode()
    assert "Letters from employers" in html or "Brev fra arbeidsgivere" in html
    assert escape(ola.subject) in html
    assert "Per Hansen" not in html


def test_a_double_submit_sends_each_letter_once(
    login, recruiter, posting, choices, django_capture_on_commit_callbacks
):
    client = login(recruiter)
    data = send_form(preview(client, posting, LetterKind.POST_FILLED, [c.pk for c in choices]))
    url = reverse("recruitment:letters", args=[posting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
        again = client.post(url, data, follow=True)
    assert Letter.objects.count() == 3
    assert Notification.objects.filter(occasion=services.OCCASION).count() == 3
    assert len(mail.outbox) == 3
    assert "already sent" in again.content.decode() or "allerede sendt" in again.content.decode()


def test_the_same_batch_twice_in_the_service_writes_nothing_more(recruiter, posting, choices):
    batch = uuid.uuid4()
    template = DEFAULTS[LetterKind.FREE]
    picked = permissions.chosen_for_employer(recruiter, posting, [c.pk for c in choices])
    first = services.send_letters(
        user=recruiter, posting=posting, choices=picked, template=template, batch=batch
    )
    second = services.send_letters(
        user=recruiter, posting=posting, choices=picked, template=template, batch=batch
    )
    assert (len(first.written), first.already) == (3, 0)
    assert (len(second.written), second.already) == (0, 3)


def test_letters_and_their_e_mails_go_with_a_rollback(recruiter, posting, choices):
    picked = permissions.chosen_for_employer(recruiter, posting, [c.pk for c in choices])

    def send_then_fail():  # the request fails after sending, inside its transaction
        with transaction.atomic():
            services.send_letters(
                user=recruiter,
                posting=posting,
                choices=picked,
                template=DEFAULTS[LetterKind.FREE],
                batch=uuid.uuid4(),
            )
            raise RuntimeError

    with pytest.raises(RuntimeError):
        send_then_fail()
    assert not Letter.objects.exists()
    assert not Notification.objects.filter(occasion=services.OCCASION).exists()


def test_an_applicant_of_another_posting_cannot_be_chosen(
    login, recruiter, posting, choices, hospital, municipality
):
    # Even another posting of the same employer: letters are per posting.
    elsewhere = apply(
        factories.PostingFactory(employer=hospital, municipality=municipality),
        "Eva Annen",
        "eva@example.no",
    )
    client = login(recruiter)
    ids = [choices[0].pk, elsewhere.pk]
    assert preview(client, posting, LetterKind.FREE, ids).status_code == 404
    forged = {
        "action": "send",
        "kind": LetterKind.REJECTED_SCREENING,
        "choices": [str(i) for i in ids],
        "token": str(uuid.uuid4()),
        "version": selectors.version(DEFAULTS[LetterKind.REJECTED_SCREENING]),
    }
    url = reverse("recruitment:letters", args=[posting.pk])
    assert client.post(url, forged).status_code == 404
    select = client.post(url, {"action": "select", "bulk-choices": [str(elsewhere.pk)]})
    assert select.status_code == 404
    assert not Letter.objects.exists()


def test_an_outsider_gets_404_on_the_posting(login, outsider_recruiter, posting, choices):
    client = login(outsider_recruiter)
    assert client.get(reverse("recruitment:letters", args=[posting.pk])).status_code == 404
    assert preview(client, posting, LetterKind.FREE, [choices[0].pk]).status_code == 404


def test_an_empty_selection_says_so_and_keeps_what_was_written(login, recruiter, posting, choices):
    response = preview(
        login(recruiter), posting, LetterKind.FREE, [], subject="Viktig", body="Husk {name}"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select at least one applicant" in html or "Velg minst én søker" in html
    assert "Husk {name}" in html
    assert not Letter.objects.exists()


def test_a_free_message_needs_its_words(login, recruiter, posting, choices):
    response = preview(login(recruiter), posting, LetterKind.FREE, [choices[0].pk])
    assert response.status_code == 400
    ok = preview(
        login(recruiter),
        posting,
        LetterKind.FREE,
        [choices[0].pk],
        subject="Ny dato",
        body="Hei {name}, vi flytter intervjuet.",
    )
    assert ok.status_code == 200
    assert "Hei Ola Søker, vi flytter intervjuet." in ok.content.decode()


def test_a_template_changed_after_the_preview_is_shown_again_not_sent(
    login, recruiter, posting, choices, hospital
):
    client = login(recruiter)
    data = send_form(preview(client, posting, LetterKind.REJECTED_INTERVIEW, [choices[0].pk]))
    services.save_template(
        user=recruiter,
        organisation_id=hospital.pk,
        kind=LetterKind.REJECTED_INTERVIEW,
        subject_nb="Nytt emne",
        body_nb="Ny tekst til {name}",
        subject_en="",
        body_en="",
    )
    response = client.post(reverse("recruitment:letters", args=[posting.pk]), data)
    assert response.status_code == 409
    assert "Ny tekst til Ola Søker" in response.content.decode()
    assert not Letter.objects.exists()


def test_everyone_not_offered_is_selected_once_applications_have_closed(
    login, recruiter, posting, choices
):
    client = login(recruiter)
    url = reverse("recruitment:letters", args=[posting.pk])
    before = client.get(url + "?select=not_offered").content.decode()
    assert "checked" not in before  # not before the deadline
    hiring_services.make_offer(user=recruiter, choice=choices[0])
    close_applications(posting)
    html = client.get(url + "?select=not_offered").content.decode()
    checked = set(re.findall(r'value="(\d+)" id="letter-choice-\d+" checked', html))
    assert checked == {str(choices[1].pk), str(choices[2].pk)}


def test_when_the_post_is_filled_the_remaining_applicants_are_told_in_one_step(
    login, recruiter, posting, choices, django_capture_on_commit_callbacks
):
    Posting.objects.filter(pk=posting.pk).update(number_of_posts=1)
    posting.refresh_from_db()
    client = login(recruiter)
    url = reverse("recruitment:letters_post_filled", args=[posting.pk])
    assert "Send" not in client.get(url).content.decode().split("<h1")[1]  # not filled yet

    offer = hiring_services.make_offer(user=recruiter, choice=choices[0])
    hiring_services.accept_offer(user=choices[0].application.applicant, offer=offer)
    page = client.get(url)
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:letters", args=[posting.pk]), send_form(page))
    told = Letter.objects.filter(kind=LetterKind.POST_FILLED)
    assert {letter.choice_id for letter in told} == {choices[1].pk, choices[2].pk}
    filled_mail = [m for m in mail.outbox if "besatt" in m.subject or "filled" in m.subject]
    assert sorted(m.to[0] for m in filled_mail) == ["anne@example.no", "per@example.no"]


def test_the_applicant_list_hands_its_selection_to_the_letters_page(
    login, recruiter, posting, choices
):
    response = login(recruiter).post(
        reverse("recruitment:letters", args=[posting.pk]),
        {"action": "select", "bulk-choices": [str(choices[1].pk)]},
    )
    assert response.status_code == 200
    assert f'value="{choices[1].pk}" id="letter-choice-{choices[1].pk}" checked' in (
        response.content.decode()
    )


def test_nobody_ticked_on_the_applicant_list_is_said_plainly(login, recruiter, posting, choices):
    response = login(recruiter).post(
        reverse("recruitment:letters", args=[posting.pk]), {"action": "select"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select at least one applicant" in html or "Velg minst én søker" in html
    assert " checked" not in html


# --- Query counts ---------------------------------------------------------------------------

APPLICATION_PAGE_QUERIES = 22  # 21 today, one of them the letters


@pytest.mark.parametrize("n", [2, 12])
def test_the_letters_pages_do_not_grow_their_queries_with_applicants(
    n, login, recruiter, posting, hospital, django_assert_max_num_queries
):
    picked = [apply(posting, f"Søker {i}", f"s{i}@example.no") for i in range(n)]
    client = login(recruiter)
    client.get(reverse("recruitment:letters", args=[posting.pk]))  # warm the session
    with django_assert_max_num_queries(8):
        assert client.get(reverse("recruitment:letters", args=[posting.pk])).status_code == 200
    with django_assert_max_num_queries(11):
        response = preview(client, posting, LetterKind.INTERVIEW_INVITATION, [c.pk for c in picked])
        assert response.status_code == 200
    with django_assert_max_num_queries(9):
        page = client.get(reverse("recruitment:letters_post_filled", args=[posting.pk]))
        assert page.status_code == 200
    with django_assert_max_num_queries(8):
        templates = client.get(reverse("recruitment:letter_templates", args=[hospital.pk]))
        assert templates.status_code == 200
    edit = reverse("recruitment:letter_template_edit", args=[hospital.pk, LetterKind.FREE])
    with django_assert_max_num_queries(9):
        assert client.get(edit).status_code == 200
    application = picked[0].application
    services.send_letters(
        user=recruiter,
        posting=posting,
        choices=permissions.chosen_for_employer(recruiter, posting, [c.pk for c in picked]),
        template=DEFAULTS[LetterKind.FREE],
        batch=uuid.uuid4(),
    )
    # The applicant's page shows its letters in one query more, however many there are.
    for _n in range(n):
        services.send_letters(
            user=recruiter,
            posting=posting,
            choices=permissions.chosen_for_employer(recruiter, posting, [picked[0].pk]),
            template=DEFAULTS[LetterKind.FREE],
            batch=uuid.uuid4(),
        )
    applicant = login(application.applicant)
    applicant.get(application.get_absolute_url())
    with django_assert_max_num_queries(APPLICATION_PAGE_QUERIES):
        page = applicant.get(application.get_absolute_url())
    assert page.content.decode().count('id="letter-') >= n + 1


# --- Privacy ---------------------------------------------------------------------------------


def test_letters_are_in_the_applicants_export_and_go_when_the_application_is_anonymised(
    recruiter, posting, choices
):
    from recruitment import gdpr

    picked = permissions.chosen_for_employer(recruiter, posting, [choices[0].pk])
    services.send_letters(
        user=recruiter,
        posting=posting,
        choices=picked,
        template=DEFAULTS[LetterKind.REJECTED_SCREENING],
        batch=uuid.uuid4(),
    )
    application = choices[0].application
    exported = gdpr._export(application.applicant)
    (choice,) = exported["applications"][0]["choices"]
    (letter,) = choice["letters"]
    assert letter["body"].startswith("Hei Ola Søker,")

    gdpr.anonymise_application(application, reason="retention")
    assert not Letter.objects.exists()  # a letter names the person


def test_two_tabs_on_an_own_template_merge_and_the_same_field_asks(login, recruiter, hospital):
    """The rule of the staff forms (portal/merge.py): a stale tab that changed the text
    keeps the newer subject; both changing the subject is a 409 with both."""
    from tests.page_forms import page_form

    url = reverse("recruitment:letter_template_edit", args=[hospital.pk, LetterKind.FREE])
    client = login(recruiter)
    texts = {"subject_nb": "Hei", "body_nb": "Hei {name}", "subject_en": "", "body_en": ""}
    assert client.post(url, texts).status_code == 302  # the organisation's own copy
    tab_a, _ = page_form(client.get(url))
    tab_b, _ = page_form(client.get(url))
    assert client.post(url, {**tab_a, "subject_nb": "Hei fra A"}).status_code == 302
    assert client.post(url, {**tab_b, "body_nb": "Hei {name}, fra B"}).status_code == 302
    stored = LetterTemplate.objects.get()
    assert (stored.subject_nb, stored.body_nb) == ("Hei fra A", "Hei {name}, fra B")
    refused = client.post(url, {**tab_b, "subject_nb": "Hei fra B"})
    assert refused.status_code == 409
    assert "Hei fra A" in refused.content.decode()
    assert LetterTemplate.objects.get().subject_nb == "Hei fra A"
