"""Every URL of the project, for every persona: exactly what the rules allow (see matrix.py)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.conftest import PERSONAS
from tests.security.matrix import LOGIN, MATRIX, OUTSIDE_THE_MATRIX
from tests.security.writes import (
    WRITABLE_ON_GET,
    forbidden_on_get,
    recording_writes,
    write_of,
)

PROJECT_APPS = ("portal", "recruitment", "careers", "feedback")
# Who tries a POST without a CSRF token: the persona with the most to lose.
CSRF_PERSONAS = ("applicant", "recruiter", "coordinator", "anonymous")


def _walk(resolver, namespace="", prefix="/"):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            module = getattr(pattern.callback, "__module__", "") or ""
            yield name, namespace, module, route


def _is_project(module: str) -> bool:
    return module.split(".")[0] in PROJECT_APPS


def project_urls() -> dict[str, str]:
    """Named URL patterns whose view is the project's own, by name."""
    return {
        name: route
        for name, namespace, module, route in _walk(get_resolver())
        if _is_project(module) and namespace.split(":")[0] != "admin"
    }


def test_every_url_of_the_project_has_an_entry_in_the_matrix():
    unnamed = [
        route
        for name, namespace, module, route in _walk(get_resolver())
        if _is_project(module) and not name and namespace.split(":")[0] != "admin"
    ]
    assert not unnamed, f"Name these URL patterns so the matrix can cover them: {unnamed}"
    missing = sorted(set(project_urls()) - set(MATRIX))
    assert not missing, (
        "These URLs have no entry in tests/security/matrix.py – say what each persona "
        "gets: " + ", ".join(f"{name} ({project_urls()[name]})" for name in missing)
    )


def test_the_matrix_names_only_urls_that_exist():
    stale = sorted(set(MATRIX) - set(project_urls()))
    assert not stale, f"Entries in tests/security/matrix.py for URLs that are gone: {stale}"


def test_urls_outside_the_project_are_allow_listed_with_a_reason():
    unexplained = []
    for name, namespace, module, route in _walk(get_resolver()):
        if _is_project(module) or not name:
            continue
        keys = {namespace.split(":")[0], module.split(".")[0], name}
        if not keys & set(OUTSIDE_THE_MATRIX):
            unexplained.append(f"{name} ({route}, {module})")
    assert not unexplained, f"Cover these in the matrix or explain them: {unexplained}"


# --- The matrix itself --------------------------------------------------------------------


def _writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {table: count for table, count in cursor.fetchall() if count}


SCRIPT = re.compile(rb"<script\b[^>]*>", re.IGNORECASE)
TAG = re.compile(rb"<[a-zA-Z][^>]*>")
INLINE_HANDLER = re.compile(
    rb"""\son[a-z]+\s*=|\sstyle\s*=|(?:href|src)\s*=\s*["']?\s*javascript:"""
)


def csp_problems(response) -> list[str]:
    """What the Content-Security-Policy would block on this page."""
    header = response.get("Content-Security-Policy", "")
    nonce = re.search(r"'nonce-([^']+)'", header)
    if nonce is None:
        return ["no nonce in the Content-Security-Policy header"]
    expected = f'nonce="{nonce.group(1)}"'.encode()
    html = response.content
    problems = [
        f"script without the page's nonce: {tag.decode()[:120]}"
        for tag in SCRIPT.findall(html)
        if expected not in tag
    ]
    problems += [
        f"inline style or handler: {tag.decode()[:120]}"
        for tag in TAG.findall(html)
        if INLINE_HANDLER.search(tag)
    ]
    if re.search(rb"<style\b", html, re.IGNORECASE):
        problems.append("a <style> element (style-src 'self' blocks it)")
    return problems


def _outcome(response) -> int | str:
    login = reverse("account_login")
    if response.status_code == 302 and response["Location"].startswith(login):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_what_the_rules_allow(name, world):
    if name not in project_urls():
        pytest.skip(f"{name} is not in the URL configuration (see the stale-entry test)")
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    clients = {persona: world.client(persona) for persona in PERSONAS}
    before = _writes()
    problems = []
    for persona in PERSONAS:
        # ASVS 3.5.3: a GET changes no state. Each writing statement is named, with who
        # sent it; the exceptions and their reasons are in tests/security/writes.py.
        with recording_writes() as writes:
            response = clients[persona].get(url)
        problems += [
            f"{persona}: GET {url} wrote: {statement[:160]}"
            for statement in forbidden_on_get(writes)
        ]
        got, wanted = _outcome(response), entry.expected[persona]
        if got != wanted:
            problems.append(f"{persona}: GET {url} gave {got}, expected {wanted}")
            continue
        if got == 200 and response.get("Content-Type", "").startswith("text/html"):
            problems += [f"{persona}: {url}: {p}" for p in csp_problems(response)]
            if response.get("X-Frame-Options") != "DENY":
                problems.append(f"{persona}: {url} may be framed (no X-Frame-Options: DENY)")
        if got == 200 and response.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{persona}: {url} may be sniffed (no X-Content-Type-Options)")
        if persona != "anonymous" and "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{persona}: {url} may be cached (no Cache-Control: no-store)")
    # PostgreSQL's own count of rows changed catches what no statement of ours shows (a
    # trigger, a function called from a SELECT).
    writable_tables = {table for _statement, table in WRITABLE_ON_GET}
    changed = {
        table: count - before.get(table, 0)
        for table, count in _writes().items()
        if count != before.get(table, 0) and table not in writable_tables
    }
    if changed:
        problems.append(f"GET {url} wrote to the database: {changed}")
    assert not problems, "\n".join(problems)


def test_the_write_recorder_sees_the_writes_a_get_may_make_and_no_others(world):
    """The recorder is what the matrix trusts; here it must see the one write an employer's
    GET of an application is allowed (the audit trail), and keep it out of the forbidden."""
    url = reverse("recruitment:staff_application", args=[world.application.pk])
    client = world.client("recruiter")
    with recording_writes() as writes:
        assert client.get(url).status_code == 200
    assert ("INSERT", "portal_auditevent") in {write_of(s) for s in writes}
    assert forbidden_on_get(writes) == []
    assert write_of('UPDATE "careers_checklisttemplateitem" SET "title" = %s') == (
        "UPDATE",
        "careers_checklisttemplateitem",
    )
    assert forbidden_on_get(['DELETE FROM "portal_auditevent" WHERE id = 1']) != []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_a_post_without_a_csrf_token_is_refused(name, world):
    if name not in project_urls():
        pytest.skip(f"{name} is not in the URL configuration")
    entry = MATRIX[name]
    persona = next((p for p in CSRF_PERSONAS if entry.expected[p] not in (404, LOGIN)), "anonymous")
    client = world.client(persona, enforce_csrf_checks=True)
    response = client.post(reverse(name, kwargs=entry.kwargs(world)), {"x": "1"})
    assert response.status_code == 403, f"{persona}: POST without CSRF token gave {response}"


# --- The chief physician, with and without the candidate's consent ---------------------------


def _pool_urls(world, municipality, candidate) -> dict[str, str]:
    track, kwargs = world.track.pk, {"pk": world.track.pk, "municipality_pk": municipality.pk}
    return {
        "pool": reverse("careers:track_pool", kwargs=kwargs),
        "candidate": reverse(
            "careers:track_pool_candidate", kwargs={**kwargs, "candidate_pk": candidate.pk}
        ),
        "track": reverse("careers:manage_track", args=[track]),
    }


def test_a_chief_physician_sees_a_candidate_only_where_the_consent_names_the_municipality(
    world,
):
    candidate = world.pool_candidate
    document = reverse("recruitment:document_download", args=[world.pool_document.uuid])

    named = world.client("chief_physician")
    urls = _pool_urls(world, world.municipality, candidate)
    pool = named.get(urls["pool"])
    assert pool.status_code == 200
    assert candidate.full_name in pool.content.decode()
    assert named.get(urls["candidate"]).status_code == 200
    assert named.get(document).status_code == 200  # consented to share documents

    # Same track, own municipality, same staff pages – but no consent names it.
    unnamed = world.client("chief_physician_without_consent")
    urls = _pool_urls(world, world.other_municipality, candidate)
    assert unnamed.get(urls["track"]).status_code == 200
    pool = unnamed.get(urls["pool"])
    assert pool.status_code == 200
    assert candidate.full_name not in pool.content.decode()
    assert candidate.email not in pool.content.decode()
    assert unnamed.get(urls["candidate"]).status_code == 404
    assert unnamed.get(document).status_code == 404
    assert unnamed.get(_pool_urls(world, world.municipality, candidate)["pool"]).status_code == 404


def test_a_withdrawn_consent_hides_the_candidate_from_the_chief_physician_at_once(world):
    from careers.models import TrackConsent
    from recruitment.models import Document
    from tests.careers.tracks.factories import make_candidate

    candidate = make_candidate(
        posting=world.posting,
        round=world.round,
        track=world.track,
        email="per@pool.no",
        full_name="Per Pool",
        share_documents=True,
        with_document=True,
    )
    document = reverse(
        "recruitment:document_download", args=[Document.objects.get(owner=candidate).uuid]
    )
    urls = _pool_urls(world, world.municipality, candidate)
    chief = world.client("chief_physician")
    assert candidate.full_name in chief.get(urls["pool"]).content.decode()
    assert chief.get(urls["candidate"]).status_code == 200
    assert chief.get(document).status_code == 200
    # This consent was given to the newest text, which names the other municipality too.
    other = world.client("chief_physician_without_consent")
    other_urls = _pool_urls(world, world.other_municipality, candidate)
    assert other.get(other_urls["candidate"]).status_code == 200
    consent = TrackConsent.objects.get(candidate=candidate, ended_at__isnull=True)

    client = Client()
    client.force_login(candidate)
    response = client.post(reverse("careers:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302

    assert chief.get(urls["candidate"]).status_code == 404
    assert chief.get(document).status_code == 404
    assert candidate.full_name not in chief.get(urls["pool"]).content.decode()
    assert other.get(other_urls["candidate"]).status_code == 404
