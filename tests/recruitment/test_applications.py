from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from portal.models import Notification, NotificationSetting
from recruitment.applications import services
from recruitment.models import Application, Choice, ChoiceEvent, ChoiceStatus
from tests import factories
from tests.recruitment.editor import editor_url
from tests.recruitment.factories import (
    ApplicantProfileFactory,
    ApplicationRoundFactory,
    DocumentFactory,
)


def detail_url(application):
    return reverse("recruitment:application_detail", args=[application.pk])


def ranked_titles(application):
    return list(
        application.choices.exclude(status=ChoiceStatus.WITHDRAWN)
        .order_by("rank")
        .values_list("posting__title", flat=True)
    )


def close_round(round):
    """Time travel for tests that go through the client (a patched clock would also
    expire the login session): the deadline passed a minute ago."""
    round.opens_at = timezone.now() - timedelta(days=10)
    round.closes_at = timezone.now() - timedelta(minutes=1)
    round.save()


def post_action(client, application, action, **data):
    return client.post(editor_url(application, action), {"motivation": "", **data})


# --- One application per round -----------------------------------------------------------


def test_the_database_allows_one_application_per_applicant_per_round(applicant, lis1_round):
    Application.objects.create(applicant=applicant, round=lis1_round)
    with pytest.raises(IntegrityError, match="application_one_per_round"), transaction.atomic():
        Application.objects.create(applicant=applicant, round=lis1_round)


def test_starting_a_second_application_in_a_round_says_so_and_opens_the_first(
    login, applicant, profile, lis1_round
):
    client = login(applicant)
    url = reverse("recruitment:round_apply", args=[lis1_round.pk])
    first = client.post(url)
    application = Application.objects.get()
    assert first.url == detail_url(application)

    second = client.post(url, follow=True)
    assert Application.objects.count() == 1
    assert second.redirect_chain[-1][0] == detail_url(application)
    assert "You already have an application in “LIS1 høst 2027”" in second.content.decode()


def test_starting_from_a_posting_in_a_round_puts_it_on_the_list(
    login, applicant, profile, lis1_round, hospital_postings
):
    client = login(applicant)
    posting = hospital_postings[1]
    response = client.get(reverse("recruitment:posting_apply", args=[posting.slug]))
    assert response.url.endswith(f"/rounds/{lis1_round.pk}/apply/?posting={posting.pk}")
    client.post(reverse("recruitment:round_apply", args=[lis1_round.pk]), {"posting": posting.pk})
    assert ranked_titles(Application.objects.get()) == [posting.title]


def test_a_round_that_has_not_opened_refuses_applications(applicant, hospital_postings):
    future = ApplicationRoundFactory(
        opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=9)
    )
    with pytest.raises(ValidationError, match="opens for applications"):
        services.start_round_application(user=applicant, round=future)


# --- Direct applications -------------------------------------------------------------------


def test_direct_application_to_a_posting_outside_rounds_has_exactly_one_choice(
    login, applicant, profile, posting
):
    client = login(applicant)
    client.post(reverse("recruitment:posting_apply", args=[posting.slug]))
    application = Application.objects.get()
    assert application.round is None
    assert application.posting == posting
    assert ranked_titles(application) == [posting.title]

    again = client.post(reverse("recruitment:posting_apply", args=[posting.slug]), follow=True)
    assert Application.objects.count() == 1
    assert "already applied" in again.content.decode()


def test_the_database_allows_one_direct_application_per_posting(applicant, posting):
    Application.objects.create(applicant=applicant, posting=posting)
    with pytest.raises(IntegrityError, match="one_direct_per_posting"), transaction.atomic():
        Application.objects.create(applicant=applicant, posting=posting)


def test_an_application_belongs_to_a_round_or_a_posting_never_both(applicant, posting, lis1_round):
    with pytest.raises(IntegrityError, match="round_or_posting"), transaction.atomic():
        Application.objects.create(applicant=applicant, posting=posting, round=lis1_round)


# --- Ranking ---------------------------------------------------------------------------


def test_two_choices_cannot_share_a_rank(applicant, lis1_round, hospital_postings):
    application = Application.objects.create(applicant=applicant, round=lis1_round)
    Choice.objects.create(application=application, posting=hospital_postings[0], rank=1)
    Choice.objects.create(application=application, posting=hospital_postings[1], rank=1)
    # The constraint is deferred (so a reorder can swap ranks); it holds at commit.
    with pytest.raises(IntegrityError, match="choice_unique_rank"), connection.cursor() as c:
        c.execute("SET CONSTRAINTS choice_unique_rank IMMEDIATE")


def test_a_posting_appears_once_on_a_list(applicant, make_application, hospital_postings):
    application = make_application(applicant, hospital_postings[:1])
    with pytest.raises(ValidationError, match="already on your list"):
        services.add_choice(user=applicant, application=application, posting=hospital_postings[0])
    with pytest.raises(IntegrityError, match="choice_unique_posting"), transaction.atomic():
        Choice.objects.create(application=application, posting=hospital_postings[0], rank=9)


def test_move_up_and_down_reorders_the_list_without_javascript(
    login, applicant, make_application, hospital_postings, municipality_posting
):
    a, b = hospital_postings
    application = make_application(applicant, [a, b, municipality_posting])
    client = login(applicant)
    third = application.choices.get(posting=municipality_posting)

    response = post_action(client, application, f"up:{third.pk}")
    assert response.status_code == 302
    assert response.url.endswith(f"#choice-{third.pk}")
    assert ranked_titles(application) == [a.title, municipality_posting.title, b.title]

    post_action(client, application, f"up:{third.pk}")
    post_action(client, application, f"up:{third.pk}")  # already first: stays put
    assert ranked_titles(application) == [municipality_posting.title, a.title, b.title]

    post_action(client, application, f"down:{third.pk}")
    assert ranked_titles(application) == [a.title, municipality_posting.title, b.title]
    assert list(application.choices.order_by("rank").values_list("rank", flat=True)) == [1, 2, 3]


def test_moving_with_htmx_returns_the_list_and_keeps_keyboard_focus(
    login, applicant, make_application, hospital_postings
):
    a, b = hospital_postings
    application = make_application(applicant, [a, b])
    second = application.choices.get(posting=b)
    response = login(applicant).post(
        editor_url(application, f"up:{second.pk}"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="application-editor"')
    assert f'data-focus="up-{second.pk}"' in html
    assert "is now number 1 on your list" in html


def test_drag_and_drop_reorders_the_whole_list_in_one_transaction(
    login, applicant, make_application, hospital_postings, municipality_posting
):
    a, b = hospital_postings
    application = make_application(applicant, [a, b, municipality_posting])
    ids = {c.posting_id: c.pk for c in application.choices.all()}
    order = f"{ids[municipality_posting.pk]},{ids[b.pk]},{ids[a.pk]}"
    post_action(login(applicant), application, "reorder", order=order)
    assert ranked_titles(application) == [municipality_posting.title, b.title, a.title]


def test_a_reorder_that_does_not_match_the_list_is_refused(
    applicant, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings)
    first = application.choices.first()
    with pytest.raises(ValidationError, match="another window"):
        services.reorder_choices(user=applicant, application=application, order=[first.pk])


def test_the_list_holds_at_most_the_rounds_maximum(
    applicant, lis1_round, make_application, hospital_postings, other_posting
):
    lis1_round.max_choices = 2
    lis1_round.save()
    application = make_application(applicant, hospital_postings)
    with pytest.raises(ValidationError, match="at most 2"):
        services.add_choice(user=applicant, application=application, posting=other_posting)


def test_a_posting_outside_the_round_cannot_be_added(applicant, make_application, posting):
    application = make_application(applicant, [])
    with pytest.raises(ValidationError, match="not open in this round"):
        services.add_choice(user=applicant, application=application, posting=posting)


def test_removing_a_draft_choice_closes_the_gap(
    login, applicant, make_application, hospital_postings, municipality_posting
):
    a, b = hospital_postings
    application = make_application(applicant, [a, b, municipality_posting])
    post_action(login(applicant), application, f"remove:{application.choices.get(posting=a).pk}")
    assert ranked_titles(application) == [b.title, municipality_posting.title]
    assert sorted(application.choices.values_list("rank", flat=True)) == [1, 2]


# --- Drafts --------------------------------------------------------------------------------


def test_the_save_button_stores_motivations_and_attachments(
    login, applicant, make_application, hospital_postings, cv
):
    application = make_application(applicant, hospital_postings[:1])
    choice = application.choices.get()
    response = login(applicant).post(
        detail_url(application),
        {
            "motivation": "Jeg vil jobbe i regionen.",
            f"motivation_{choice.pk}": "Særlig indremedisin.",
            "documents": [cv.pk],
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    choice.refresh_from_db()
    assert application.motivation == "Jeg vil jobbe i regionen."
    assert choice.motivation == "Særlig indremedisin."
    assert list(application.documents.all()) == [cv]


def test_autosave_stores_the_draft_and_reports_the_time(
    login, applicant, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings[:1])
    response = login(applicant).post(
        reverse("recruitment:application_autosave", args=[application.pk]),
        {"motivation": "Halvferdig tekst"},
        HTTP_HX_REQUEST="true",
    )
    assert "Saved at" in response.content.decode()
    application.refresh_from_db()
    assert application.motivation == "Halvferdig tekst"


def test_someone_elses_document_cannot_be_attached(
    login, applicant, other_applicant, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings[:1])
    theirs = DocumentFactory(owner=other_applicant)
    response = login(applicant).post(detail_url(application), {"documents": [theirs.pk]})
    assert response.status_code == 400
    assert not application.documents.exists()


# --- Deadline --------------------------------------------------------------------------------


def test_submit_after_the_deadline_is_refused_on_the_server_and_the_draft_is_kept(
    login, applicant, make_application, hospital_postings, lis1_round
):
    application = make_application(applicant, hospital_postings)
    services.save_draft(user=applicant, application=application, motivation="Utkast")
    client = login(applicant)
    close_round(lis1_round)

    response = client.post(
        editor_url(application, "submit"), {"motivation": "Endret etter fristen"}
    )

    assert response.status_code == 400
    assert "Changes and submissions are no longer accepted" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.motivation == "Utkast"
    assert ranked_titles(application) == [p.title for p in hospital_postings]
    assert not ChoiceEvent.objects.exists()
    assert not mail.outbox


def test_every_change_after_the_deadline_is_refused(
    applicant, make_application, hospital_postings, other_posting, lis1_round, monkeypatch
):
    application = make_application(applicant, hospital_postings)
    first = application.choices.order_by("rank").first()
    monkeypatch.setattr(timezone, "now", lambda: lis1_round.closes_at)
    attempts = [
        lambda: services.save_draft(user=applicant, application=application, motivation="x"),
        lambda: services.add_choice(user=applicant, application=application, posting=other_posting),
        lambda: services.move_choice(
            user=applicant, application=application, choice_id=first.pk, offset=1
        ),
        lambda: services.remove_choice(user=applicant, application=application, choice_id=first.pk),
        lambda: services.submit_application(user=applicant, application=application),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="no longer accepted"):
            attempt()
    assert ranked_titles(application) == [p.title for p in hospital_postings]


def test_autosave_after_the_deadline_says_so(
    login, applicant, make_application, hospital_postings, lis1_round
):
    application = make_application(applicant, hospital_postings[:1])
    client = login(applicant)
    close_round(lis1_round)
    response = client.post(
        reverse("recruitment:application_autosave", args=[application.pk]), {"motivation": "x"}
    )
    assert "no longer accepted" in response.content.decode()
    application.refresh_from_db()
    assert application.motivation == ""


# --- Submission -----------------------------------------------------------------------------


def test_submitting_marks_every_choice_submitted_with_a_timeline(
    login, applicant, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings)
    response = post_action(login(applicant), application, "submit")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    for choice in application.choices.all():
        assert choice.status == ChoiceStatus.SUBMITTED
        assert list(choice.events.values_list("status", flat=True)) == ["submitted"]


def test_an_incomplete_profile_or_missing_cv_blocks_submission_with_reasons(
    login, lis1_round, make_application, hospital_postings
):
    lis1_round.documents_required = True
    lis1_round.save()
    newcomer = factories.UserFactory(full_name="")
    ApplicantProfileFactory(user=newcomer, phone="", norwegian_level="")
    application = make_application(newcomer, hospital_postings[:1])
    response = post_action(login(newcomer), application, "submit", motivation="Min tekst")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your profile is missing: Phone number" in html
    assert "Your profile is missing: Norwegian language level" in html
    assert "attach at least your CV" in html
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.motivation == "Min tekst"  # what was typed is kept


def test_double_clicking_submit_creates_one_submission(
    login, applicant, make_application, hospital_postings, django_capture_on_commit_callbacks
):
    application = make_application(applicant, hospital_postings)
    client = login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, application, "submit")
        post_action(client, application, "submit")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert ChoiceEvent.objects.count() == 2  # one per choice
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_create_one_submission(applicant, lis1_round, hospital_postings):
    ApplicantProfileFactory(user=applicant)
    application = services.start_round_application(user=applicant, round=lis1_round)
    for posting in hospital_postings:
        services.add_choice(user=applicant, application=application, posting=posting)

    def submit(_n):
        try:
            services.submit_application(user=applicant, application=application)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(submit, range(2)))

    assert ChoiceEvent.objects.filter(status=ChoiceStatus.SUBMITTED).count() == 2
    assert len(mail.outbox) == 1


def test_a_submitted_application_can_still_change_until_the_deadline(
    applicant, make_application, hospital_postings, other_posting
):
    application = make_application(applicant, hospital_postings, submit=True)
    choice = services.add_choice(user=applicant, application=application, posting=other_posting)
    assert choice.status == ChoiceStatus.SUBMITTED
    assert choice.events.get().status == ChoiceStatus.SUBMITTED
    assert choice.rank == 3


# --- Withdrawal -----------------------------------------------------------------------------


def test_withdrawing_the_application_withdraws_every_choice(
    login, applicant, make_application, hospital_postings, django_capture_on_commit_callbacks
):
    application = make_application(applicant, hospital_postings, submit=True)
    client = login(applicant)
    assert (
        client.get(reverse("recruitment:application_withdraw", args=[application.pk])).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:application_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert set(application.choices.values_list("status", flat=True)) == {"withdrawn"}
    assert len(mail.outbox) == 1
    # Mail speaks the recipient's language (Norwegian unless they chose English).
    assert "trukket tilbake" in mail.outbox[0].subject


def test_withdrawing_one_choice_keeps_the_rest_in_order(
    login,
    applicant,
    make_application,
    hospital_postings,
    municipality_posting,
    django_capture_on_commit_callbacks,
):
    a, b = hospital_postings
    application = make_application(applicant, [a, b, municipality_posting], submit=True)
    choice = application.choices.get(posting=a)
    with django_capture_on_commit_callbacks(execute=True):
        login(applicant).post(
            reverse("recruitment:choice_withdraw", args=[application.pk, choice.pk])
        )
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.WITHDRAWN
    assert list(choice.events.values_list("status", flat=True)) == ["submitted", "withdrawn"]
    assert ranked_titles(application) == [b.title, municipality_posting.title]
    assert choice.rank == 3  # withdrawn choices go after the active ones
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert a.title in mail.outbox[0].subject


def test_withdrawing_the_last_choice_withdraws_the_application(
    applicant, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings[:1], submit=True)
    services.withdraw_choice(
        user=applicant, application=application, choice_id=application.choices.get().pk
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_withdrawal_is_possible_after_the_deadline(
    applicant, make_application, hospital_postings, lis1_round, monkeypatch
):
    application = make_application(applicant, hospital_postings, submit=True)
    monkeypatch.setattr(timezone, "now", lambda: lis1_round.closes_at + timedelta(days=3))
    services.withdraw_application(user=applicant, application=application)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_a_draft_can_be_deleted_but_not_withdrawn(
    login, applicant, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings)
    with pytest.raises(ValidationError):
        services.withdraw_application(user=applicant, application=application)
    login(applicant).post(reverse("recruitment:application_delete", args=[application.pk]))
    assert not Application.objects.exists()


# --- Privacy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "recruitment:application_detail",
        "recruitment:application_withdraw",
        "recruitment:application_delete",
        "recruitment:application_autosave",
        "recruitment:application_submit",
        "recruitment:application_find",
        "recruitment:choices_reorder",
        "recruitment:choice_add",
        "recruitment:choice_move_up",
        "recruitment:choice_move_down",
        "recruitment:choice_remove",
        "recruitment:application_keep_theirs",
    ],
)
def test_an_applicant_gets_404_on_another_applicants_application(
    login, applicant, other_applicant, make_application, hospital_postings, name
):
    theirs = make_application(other_applicant, hospital_postings, submit=True)
    second = theirs.choices.order_by("rank").last()
    extra = {
        "recruitment:choice_add": [hospital_postings[0].pk],
        "recruitment:choice_move_up": [second.pk],
        "recruitment:choice_move_down": [second.pk],
        "recruitment:choice_remove": [second.pk],
        "recruitment:application_keep_theirs": ["motivation"],
    }
    url = reverse(name, args=[theirs.pk, *extra.get(name, [])])
    client = login(applicant)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url, {"motivation": "Mitt", "order": str(second.pk)}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.SUBMITTED


def test_an_applicant_gets_404_on_another_applicants_choice(
    login, applicant, other_applicant, make_application, hospital_postings
):
    mine = make_application(applicant, hospital_postings[:1], submit=True)
    theirs = make_application(other_applicant, hospital_postings[:1], submit=True)
    url = reverse("recruitment:choice_withdraw", args=[mine.pk, theirs.choices.get().pk])
    assert login(applicant).post(url).status_code == 404
    assert theirs.choices.get().status == ChoiceStatus.SUBMITTED


def test_visitors_are_sent_to_log_in(client, lis1_round):
    for url in [
        reverse("recruitment:my_applications"),
        reverse("recruitment:profile"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.url


def test_a_visitor_reads_the_round_page_and_signs_in_to_apply(client, lis1_round):
    url = reverse("recruitment:round_apply", args=[lis1_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Sign in to apply" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not Application.objects.exists()


# --- My applications -----------------------------------------------------------------------


def test_my_applications_shows_status_per_choice_and_open_rounds(
    login, applicant, make_application, hospital_postings, recruiter, lis1_round
):
    application = make_application(applicant, hospital_postings, submit=True)
    services.set_choice_status(
        user=recruiter,
        choices=[application.choices.get(posting=hospital_postings[0])],
        status=ChoiceStatus.SHORTLISTED,
        note="Sterk kandidat",
    )
    html = login(applicant).get(reverse("recruitment:my_applications")).content.decode()
    assert "You are on the shortlist" in html  # in her words (recruitment/wording.py)
    assert "History for" in html
    assert lis1_round.name in html
    assert "Sterk kandidat" not in html  # employer notes never reach the applicant


def test_my_applications_query_count_does_not_grow(
    login, applicant, make_application, hospital_postings, django_assert_max_num_queries
):
    make_application(applicant, hospital_postings, submit=True)
    for _n in range(5):
        posting = factories.PostingFactory()
        services.start_direct_application(user=applicant, posting=posting)
    client = login(applicant)
    with django_assert_max_num_queries(12):
        client.get(reverse("recruitment:my_applications"))


# --- Receipts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "month"), [("nb", "1. desember 2030"), ("en", "Dec. 1, 2030")]
)
def test_the_receipt_lists_the_ranked_choices_in_the_applicants_language(
    applicant,
    make_application,
    hospital_postings,
    municipality_posting,
    lis1_round,
    language,
    month,
    django_capture_on_commit_callbacks,
):
    applicant.language = language
    applicant.save()
    lis1_round.closes_at = timezone.make_aware(timezone.datetime(2030, 12, 1, 12, 0))
    lis1_round.save()
    a, b = hospital_postings
    with django_capture_on_commit_callbacks(execute=True):
        make_application(applicant, [b, municipality_posting, a], submit=True)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert message.extra_headers["Content-Language"] == language
    assert month in message.body  # the deadline, formatted in the applicant's language
    with translation.override(language):
        assert message.subject == (
            translation.gettext("Receipt: your application “%(title)s” was submitted")
            % {"title": lis1_round.name}
        )
    ranked = [line for line in message.body.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert ranked == [
        f"1. {b.title} – {b.employer.name}",
        f"2. {municipality_posting.title} – {municipality_posting.employer.name}",
        f"3. {a.title} – {a.employer.name}",
    ]
    html = message.alternatives[0].content
    assert f'<html lang="{language}">' in html
    assert html.index(b.title) < html.index(municipality_posting.title) < html.index(a.title)


def test_the_receipt_is_written_with_the_submission_and_goes_with_its_rollback(
    applicant, make_application, hospital_postings, django_capture_on_commit_callbacks
):
    application = make_application(applicant, hospital_postings)

    def submit_then_fail():  # the request fails after the submission, inside its transaction
        with transaction.atomic():
            services.submit_application(user=applicant, application=application)
            assert Notification.objects.filter(occasion="application_submitted").count() == 1
            raise RuntimeError

    with pytest.raises(RuntimeError):
        submit_then_fail()
    assert not Notification.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(user=applicant, application=application)
        services.submit_application(user=applicant, application=application)  # double click
    (row,) = Notification.objects.all()
    assert (row.occasion, row.recipient, row.status) == ("application_submitted", applicant, "sent")
    assert [m.extra_headers["X-Legeportalen-Occasion"] for m in mail.outbox] == [
        "application_submitted"
    ]


def test_a_receipt_cannot_be_turned_off_and_shows_in_the_inbox(
    login, applicant, make_application, hospital_postings, django_capture_on_commit_callbacks
):
    NotificationSetting.objects.create(
        user=applicant, occasion="application_submitted", enabled=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_application(applicant, hospital_postings, submit=True)
    assert len(mail.outbox) == 1
    inbox = login(applicant).get(reverse("notification_inbox")).content.decode()
    subject = Notification.objects.get(occasion="application_submitted").subject
    assert subject.startswith("Kvittering")  # in the applicant's language (Bokmål)
    assert escape(subject) in inbox


# --- The editor's buttons: one POST view each ----------------------------------------------


class _Buttons(HTMLParser):
    """The submit buttons of the editor's form: where each posts, without and with htmx."""

    def __init__(self):
        super().__init__()
        self.buttons: list[dict[str, str | None]] = []
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "application-form":
            self._in_form = True
            self.action = a["action"]
        elif tag == "button" and self._in_form and a.get("type") == "submit":
            self.buttons.append(a)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def test_every_button_of_the_editor_posts_to_its_own_view_with_and_without_javascript(
    login, applicant, make_application, hospital_postings, municipality_posting, other_posting
):
    a, b = hospital_postings
    application = make_application(applicant, [a, b])
    first, second = application.choices.order_by("rank")
    page = login(applicant).get(detail_url(application), {"find": "LIS1"}).content.decode()
    parser = _Buttons()
    parser.feed(page)
    # Drag and drop (applications.js) posts the new order here.
    assert f'data-reorder="{editor_url(application, "reorder")}"' in page

    assert parser.action == detail_url(application)  # the form's own button saves
    assert all(button.get("name") != "action" for button in parser.buttons)
    posted = {
        button["formaction"] for button in parser.buttons if button.get("formaction") is not None
    }
    for button in parser.buttons:
        if button.get("hx-post") is not None:
            assert button["hx-post"] == button["formaction"]
    assert posted == {
        editor_url(application, f"down:{first.pk}"),
        editor_url(application, f"up:{second.pk}"),
        editor_url(application, f"remove:{first.pk}"),
        editor_url(application, f"remove:{second.pk}"),
        editor_url(application, "find"),
        editor_url(application, f"add:{municipality_posting.pk}"),
        editor_url(application, f"add:{other_posting.pk}"),
        editor_url(application, "submit"),
    }


def test_adding_a_posting_without_and_with_htmx(
    login, applicant, make_application, hospital_postings, municipality_posting, other_posting
):
    application = make_application(applicant, hospital_postings)
    client = login(applicant)

    response = post_action(client, application, f"add:{municipality_posting.pk}")
    assert response.status_code == 302
    assert response.url == detail_url(application)
    assert "was added as number 3" in client.get(response.url).content.decode()

    response = client.post(
        editor_url(application, f"add:{other_posting.pk}"),
        {"motivation": ""},
        HTTP_HX_REQUEST="true",
    )
    added = application.choices.get(posting=other_posting)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="application-editor"')
    assert f'data-focus="choice-title-{added.pk}"' in html
    assert ranked_titles(application)[-1] == other_posting.title


def test_finding_without_javascript_keeps_the_search_and_what_was_typed(
    login, applicant, make_application, hospital_postings
):
    application = make_application(applicant, hospital_postings[:1])
    response = post_action(
        login(applicant), application, "find", find="  Fjordby ", motivation="Halvferdig"
    )
    assert response.status_code == 302
    assert response.url == f"{detail_url(application)}?find=Fjordby#add-heading"
    application.refresh_from_db()
    assert application.motivation == "Halvferdig"


def test_the_editors_buttons_are_post_only(login, applicant, make_application, hospital_postings):
    application = make_application(applicant, hospital_postings)
    choice = application.choices.first()
    client = login(applicant)
    for button in ("submit", "find", "reorder", f"up:{choice.pk}", f"remove:{choice.pk}"):
        assert client.get(editor_url(application, button)).status_code == 405
    assert ranked_titles(application) == [p.title for p in hospital_postings]
