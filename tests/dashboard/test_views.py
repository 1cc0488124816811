"""Who sees which dashboard, the figures on the page, filters, links and the print version."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portal import notifications
from portal.models import Notification, User
from portal.tables import Hidden
from recruitment.models import ChoiceStatus
from tests import factories
from tests.dashboard.region import SECRET_TEXT, application, choose

REGION_URLS = [
    reverse("dashboard:coordinator"),
    reverse("dashboard:coordinator_print"),
    reverse("dashboard:coordinator_export", args=["rounds", "csv"]),
    reverse("dashboard:coordinator_export_all"),
]
EMPLOYER_URLS = [
    reverse("dashboard:employer"),
    reverse("dashboard:employer_print"),
    reverse("dashboard:employer_export", args=["rounds", "xlsx"]),
    reverse("dashboard:employer_export_all"),
]


def rows(response, table: str) -> dict[str, list]:
    """A table of the page's context by its first column."""
    found = response.context["tables"][table]
    return {row[0]: row for row in found.rows}


def column(response, table: str, key: str) -> dict:
    found = response.context["tables"][table]
    n = found.index(key)
    return {row[0]: row[n] for row in found.rows}


@pytest.mark.parametrize("url", REGION_URLS + EMPLOYER_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("url", REGION_URLS)
def test_a_recruiter_gets_404_on_the_coordinator_dashboard(login, recruiter, url):
    assert login(recruiter).get(url).status_code == 404
    assert login(recruiter).post(url).status_code == 404


@pytest.mark.parametrize("url", REGION_URLS + EMPLOYER_URLS)
def test_an_applicant_gets_404(login, applicant, url):
    assert login(applicant).get(url).status_code == 404


def test_staff_without_two_factor_are_sent_to_set_it_up(client, hospital):
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=hospital)
    client.force_login(user)
    response = client.get(reverse("dashboard:employer"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("url", [reverse("dashboard:coordinator"), reverse("dashboard:employer")])
def test_the_dashboards_only_answer_get(login, coordinator, url):
    assert login(coordinator).post(url).status_code == 405


def test_the_coordinator_sees_the_current_and_previous_round(login, coordinator, region):
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    assert response.status_code == 200
    rounds = rows(response, "rounds")
    assert list(rounds) == ["LIS1 høst 2026", "LIS1 vår 2026"]
    current = dict(
        zip(
            [c.key for c in response.context["tables"]["rounds"].columns],
            rounds["LIS1 høst 2026"],
            strict=True,
        )
    )
    assert current == {
        "round": "LIS1 høst 2026",
        "closes": region.current.closes_at,
        "postings": 4,
        "posts": 7,
        "applications": 7,
        "applicants": 5,
        "filled_posts": 4,
        "fill_rate": 57.1,
        "unfilled_posts": 3,
        "median_days": 24.0,
        "reserve_used": 1,
    }
    assert rounds["LIS1 vår 2026"][7:10] == [100.0, 0, 50.5]
    assert column(response, "employers", "fill_rate") == {
        "Fjordby kommune": 0.0,
        "Sykehuset Vest": 33.3,
        "Sykehuset Øst": 100.0,
    }
    assert column(response, "employers", "previous_fill_rate")["Sykehuset Øst"] == 100.0
    assert column(response, "employers", "previous_applications") == {
        "Fjordby kommune": None,  # no postings in the previous round
        "Sykehuset Vest": None,
        "Sykehuset Øst": 3,
    }
    assert column(response, "postings", "applications") == {
        "LIS1 Fjordby D": 0,
        "LIS1 Vest C": 2,
        "LIS1 Øst A": 3,
        "LIS1 Øst B": 2,
    }
    html = response.content.decode()
    assert "Sommerjobb 2027" in html  # the future round closes within the coming days


def test_the_coordinator_sees_postings_surveys_upcoming_and_reminders(login, coordinator, region):
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    assert column(response, "kinds", "open") == {
        "Summer job (sommervikar)": 1,
        "LIS1": 0,
        "ALIS (general practice in training)": 0,
    }
    assert column(response, "kinds", "filled") == {
        "Summer job (sommervikar)": 0,
        "LIS1": 3,
        "ALIS (general practice in training)": 1,
    }
    assert column(response, "posting_employers", "postings") == {
        "Fjordby kommune": 2,
        "Sykehuset Vest": 1,
        "Sykehuset Øst": 4,
    }
    surveys = response.context["tables"]["surveys"]
    medicine = next(row for row in surveys.rows if row[2] == "Medisinsk klinikk")
    assert medicine[4:] == [10, 6, 60.0, 6, 4.5, 3.0, 2.0, 5.0]
    trends = {row[1]: row for row in response.context["tables"]["trends"].rows}
    assert trends["LIS1-evaluering høst 2026"][3:] == [13, 4.5, 3.0, 2.0, 5.0]
    assert trends["Vest evaluering"][3:] == [5, 4.5, 3.0, 2.0, 5.0]
    assert list(rows(response, "deadlines")) == ["Sommerjobb 2027", "Sommervikar Øst"]
    assert rows(response, "events")["Karrieredag soon"][3:] == [30, 2]
    assert list(rows(response, "interviews").values()) == [
        ["LIS1 Øst A", "Sykehuset Øst", rows(response, "interviews")["LIS1 Øst A"][2], 2, 1]
    ]
    assert response.context["tables"]["interviews"].total == 1
    assert "Karrieredag later" not in rows(response, "events")
    assert rows(response, "reminders") == {
        "round_deadline": ["round_deadline", 3, 1, 0, 0],
        "survey_reminder": ["survey_reminder", 2, 0, 0, 0],
    }


def test_k_rules_hold_on_the_page(login, coordinator, region):
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    surveys = response.context["tables"]["surveys"]
    small = next(row for row in surveys.rows if row[2] == "Akuttmottak")
    protecting = next(row for row in surveys.rows if row[2] == "Kirurgisk klinikk")
    assert small[4] == 5
    assert all(isinstance(value, Hidden) for value in small[5:])
    assert {value.reason for value in small[5:]} == {"few"}
    assert all(isinstance(value, Hidden) for value in protecting[5:])
    html = response.content.decode()
    assert "Too few responses" in html
    assert "Hidden to protect a smaller group" in html
    assert SECRET_TEXT not in html


def test_filters_by_round_employer_municipality_and_kind(login, coordinator, region):
    client = login(coordinator)
    response = client.get(
        reverse("dashboard:coordinator"),
        {"round": region.previous.pk, "employer": region.hospital.pk},
    )
    assert response.context["form"].is_valid()
    assert list(rows(response, "rounds")) == ["LIS1 vår 2026"]  # nothing before it
    assert list(rows(response, "employers")) == ["Sykehuset Øst"]
    assert list(rows(response, "posting_employers")) == ["Sykehuset Øst"]
    surveys = response.context["tables"]["surveys"]
    assert {row[3] for row in surveys.rows} == {"Sykehuset Øst"}
    assert "trends" not in response.context["tables"]
    response = client.get(reverse("dashboard:coordinator"), {"kind": "alis", "period_from": ""})
    assert list(rows(response, "kinds")) == ["ALIS (general practice in training)"]
    assert rows(response, "rounds")["LIS1 høst 2026"][2] == 0
    response = client.get(
        reverse("dashboard:coordinator"), {"municipality": region.municipality.pk}
    )
    assert rows(response, "rounds")["LIS1 høst 2026"][4] == 7


def test_a_trust_filter_includes_its_hospitals(login, coordinator, region, health_community):
    trust = factories.OrganisationFactory(
        name="Helse Øst HF", kind="hospital_trust", parent=health_community
    )
    region.hospital.parent = trust
    region.hospital.save()
    response = login(coordinator).get(reverse("dashboard:coordinator"), {"employer": trust.pk})
    assert list(rows(response, "employers")) == ["Sykehuset Øst"]


def test_bad_filter_values_are_reported_and_ignored(login, coordinator, region):
    response = login(coordinator).get(
        reverse("dashboard:coordinator"),
        {"round": "999999", "period_from": "2027-01-10", "period_to": "2027-01-01"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"round", "period_to"}
    assert list(rows(response, "rounds")) == ["LIS1 høst 2026", "LIS1 vår 2026"]


def test_a_recruiter_sees_only_their_own_organisation(login, recruiter, region):
    response = login(recruiter).get(reverse("dashboard:employer"))
    assert response.status_code == 200
    assert list(rows(response, "employers")) == ["Sykehuset Øst"]
    assert list(rows(response, "postings")) == ["LIS1 Øst A", "LIS1 Øst B"]
    assert rows(response, "rounds")["LIS1 høst 2026"][2:8] == [2, 3, 5, 3, 3, 100.0]
    assert list(rows(response, "posting_employers")) == ["Sykehuset Øst"]
    assert {row[3] for row in response.context["tables"]["surveys"].rows} == {"Sykehuset Øst"}
    assert {"funnel", "trends", "reminders"}.isdisjoint(response.context["tables"])
    html = response.content.decode()
    for other in ("Sykehuset Vest", "LIS1 Vest C", "Vest medisin", "Vest evaluering", "All units"):
        assert other not in html


def test_an_employer_cannot_widen_the_scope_through_the_query_string(login, recruiter, region):
    client = login(recruiter)
    response = client.get(reverse("dashboard:employer"), {"employer": region.other_hospital.pk})
    assert "employer" in response.context["form"].errors
    assert list(rows(response, "employers")) == ["Sykehuset Øst"]
    export = client.get(
        reverse("dashboard:employer_export", args=["employers", "csv"]),
        {"employer": region.other_hospital.pk},
    )
    assert "Sykehuset Vest" not in export.content.decode()


def test_the_other_hospital_sees_only_its_own(login, outsider_recruiter, region):
    response = login(outsider_recruiter).get(reverse("dashboard:employer"))
    assert list(rows(response, "employers")) == ["Sykehuset Vest"]
    assert [row[2] for row in response.context["tables"]["surveys"].rows] == ["Vest medisin"]
    assert "Sykehuset Øst" not in response.content.decode()


def test_every_panel_links_to_the_list_behind_it(login, coordinator, region):
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    html = response.content.decode()
    for name, args in [
        ("recruitment:rounds", []),
        ("recruitment:round_detail", [region.current.pk]),
        ("recruitment:posting_applicants", [region.postings["A"].pk]),
        ("recruitment:manage_postings", []),
        ("feedback:campaign_list", []),
        ("feedback:campaign_results", [region.campaigns["east"].pk]),
        ("recruitment:manage_posting", [region.postings["E"].pk]),
        ("careers:event_detail", [region.events["soon"].pk]),
        ("careers:manage_events", []),
        ("recruitment:hiring_staff_interviews", []),
        ("recruitment:hiring_interviews", [region.postings["A"].pk]),
        ("notification_overview", []),
    ]:
        assert f'href="{reverse(name, args=args)}' in html, name
    assert f"?employer={region.hospital.pk}&amp;include_closed=on" in html
    for key, table in response.context["tables"].items():
        assert table.link or any(table.row_links), key


def test_charts_are_images_with_a_text_alternative_and_their_table(login, coordinator, region):
    html = login(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) >= 3
    for labelled_by in charts:
        for element_id in labelled_by.split():
            assert f'id="{element_id}"' in html
    assert re.search(r"Sykehuset Vest: 33[.,]3 %", html)  # the fill-rate chart's description
    assert html.count("<details") >= 2
    assert "style=" not in html


def test_the_print_version_has_every_table_open_and_a_print_stylesheet(login, coordinator, region):
    response = login(coordinator).get(
        reverse("dashboard:coordinator_print"), {"employer": region.hospital.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'media="print"' in html
    assert "css/dashboard-print.css" in html
    assert "<details" not in html
    assert 'id="table-employers"' in html
    assert "data-print" in html
    assert "Sykehuset Øst" in dict(response.context["active_filters"]).values()


def test_the_staff_bar_links_each_to_their_dashboard(login, coordinator, recruiter, region):
    home = reverse("recruitment:manage_postings")
    assert (
        f'href="{reverse("dashboard:coordinator")}"'
        in login(coordinator).get(home).content.decode()
    )
    assert f'href="{reverse("dashboard:employer")}"' in login(recruiter).get(home).content.decode()


def _accept_on_d(region):
    app = application(factories.UserFactory(), region.current)
    choose(app, region.postings["D"], 1, ChoiceStatus.ACCEPTED, accepted=1)


def _filled(response) -> int:
    return rows(response, "rounds")["LIS1 høst 2026"][6]


def test_figures_are_reused_for_a_short_while(
    login, coordinator, region, settings, django_assert_max_num_queries
):
    cache.clear()
    settings.DASHBOARD_CACHE_SECONDS = 60
    client = login(coordinator)
    assert _filled(client.get(reverse("dashboard:coordinator"))) == 4
    _accept_on_d(region)
    with django_assert_max_num_queries(8):
        again = client.get(reverse("dashboard:coordinator"))
    assert _filled(again) == 4
    # Each combination of filters, and each language, has figures of its own.
    assert _filled(client.get(reverse("dashboard:coordinator"), {"kind": "lis1"})) == 5
    cache.clear()


def test_aged_figures_are_shown_while_a_task_builds_fresh_ones(
    login, coordinator, region, settings, django_capture_on_commit_callbacks
):
    cache.clear()
    settings.DASHBOARD_CACHE_SECONDS = 60
    client = login(coordinator)
    client.get(reverse("dashboard:coordinator"))
    _accept_on_d(region)
    # A minute and a second later (the clock moved, nobody waits): the figures have aged.
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            aged = client.get(reverse("dashboard:coordinator"))
        assert _filled(aged) == 4
        assert len(callbacks) == 1  # the refresh, run eagerly in tests
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            fresh = client.get(reverse("dashboard:coordinator"))
        assert _filled(fresh) == 5
        assert callbacks == []
    cache.clear()


@pytest.mark.parametrize("persona", ["coordinator", "recruiter"])
def test_every_panel_link_opens_for_the_person_it_is_shown_to(request, login, region, persona):
    """Each table links to the list behind it, and each link (the panel's and each row's)
    opens for the person who sees the dashboard – no link leads to a 404 or a refusal."""
    client = login(request.getfixturevalue(persona))
    url = reverse("dashboard:coordinator" if persona == "coordinator" else "dashboard:employer")
    tables = client.get(url).context["tables"]
    links = set()
    for key, table in tables.items():
        assert table.link, key
        links.add(table.link)
        links.update(link for link in table.row_links if link)
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_the_period_narrows_postings_surveys_and_reminders(login, coordinator, region):
    client = login(coordinator)
    today = timezone.localdate()
    response = client.get(
        reverse("dashboard:coordinator"), {"period_from": today - timedelta(days=7)}
    )
    assert column(response, "kinds", "postings") == {"Summer job (sommervikar)": 1}
    assert column(response, "posting_employers", "open") == {"Sykehuset Øst": 1}
    assert {row[0] for row in response.context["tables"]["surveys"].rows} == {"Vest evaluering"}
    assert set(rows(response, "reminders")) == {"round_deadline", "survey_reminder"}
    # The round is a filter of its own: its figures do not follow the period.
    assert rows(response, "rounds")["LIS1 høst 2026"][4] == 7
    response = client.get(
        reverse("dashboard:coordinator"),
        {"period_from": "", "period_to": today - timedelta(days=1)},
    )
    assert column(response, "kinds", "postings") == {
        "LIS1": 5,
        "ALIS (general practice in training)": 1,
    }
    assert {row[0] for row in response.context["tables"]["surveys"].rows} == {
        "LIS1-evaluering høst 2026",
        "Vest evaluering",
    }
    assert rows(response, "reminders") == {}  # all were created today


def test_another_municipality_has_none_of_the_figures(login, coordinator, region):
    elsewhere = factories.MunicipalityFactory(name="Elvdal kommune")
    response = login(coordinator).get(
        reverse("dashboard:coordinator"), {"municipality": elsewhere.pk, "period_from": ""}
    )
    assert response.context["form"].is_valid()
    assert rows(response, "rounds")["LIS1 høst 2026"][2:6] == [0, 0, 0, 0]
    for table in ("employers", "postings", "kinds", "posting_employers"):
        assert rows(response, table) == {}, table
    assert list(rows(response, "deadlines")) == ["Sommerjobb 2027"]  # rounds are the region's
    assert rows(response, "interviews") == {}
    assert rows(response, "funnel") == {}


def test_an_employers_upcoming_deadlines_interviews_and_events_are_their_own(
    login, recruiter, outsider_recruiter, region
):
    response = login(recruiter).get(reverse("dashboard:employer"))
    assert list(rows(response, "deadlines")) == ["Sommervikar Øst"]  # no rounds
    assert list(rows(response, "interviews")) == ["LIS1 Øst A"]
    assert list(rows(response, "events")) == ["Karrieredag soon"]
    response = login(outsider_recruiter).get(reverse("dashboard:employer"))
    for table in ("deadlines", "interviews", "events"):
        assert rows(response, table) == {}, table


def test_reminders_are_named_by_their_occasion(login, coordinator, region):
    recipient = factories.UserFactory()
    statuses = (Notification.Status.SENT, Notification.Status.FAILED, Notification.Status.PENDING)
    for n, status in enumerate(statuses):
        Notification.objects.create(
            recipient=recipient,
            occasion="draft_deadline_first",
            content_type=ContentType.objects.get_for_model(User),
            object_id=n,
            status=status,
            sent_at=timezone.now() if status == Notification.Status.SENT else None,
        )
    response = login(coordinator).get(reverse("dashboard:coordinator"))
    label = str(notifications.occasions()["draft_deadline_first"].label)
    assert rows(response, "reminders")[label][1:] == [1, 1, 1, 0]
