"""The access-control matrix: for every named URL of the project, what each persona gets.

``tests/security/test_access_matrix.py`` walks the URL configuration; a URL of the
project's own apps without an entry here fails the suite, naming the URL.

Adding a URL takes one line::

    "app:name": page(OWNER, pk="application"),        # a page (GET shows, POST acts)
    "app:name": action(STAFF_ACTION, pk="choice"),    # POST-only: GET must answer 405

The first argument says what each persona gets on GET (``expect(default, persona=…)``
builds one; the common shapes are below). Keyword arguments build the URL's kwargs from
the objects of the security world (tests/security/conftest.py ``world``): ``pk="choice"``
is ``world.choice.pk``; a dotted path such as ``uuid="cv.uuid"`` is read as written; a
value that is not a model (the survey token) is used as it is. Need an object the world
does not have yet? Add it to ``world`` in conftest.py.

On every URL the test also checks: POST without a CSRF token is refused (403); no GET
writes to the database; every HTML page answered with 200 carries a nonce on each
``<script>`` and no inline style or event handler (the CSP would block them); and every
page shown to a logged-in person is ``Cache-Control: no-store``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from tests.security.conftest import PERSONAS

LOGIN = "login"  # sent to the login page (302 to account_login)


def expect(default: int | str, **overrides: int | str) -> dict[str, int | str]:
    unknown = set(overrides) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas: {sorted(unknown)}")
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


# --- The common shapes ------------------------------------------------------------------
PUBLIC = expect(200)
SIGNED_IN = expect(200, anonymous=LOGIN)
OWNER = expect(404, anonymous=LOGIN, applicant=200)
STAFF = expect(200, anonymous=LOGIN, applicant=404, other_applicant=404)
OWNING_ORG = expect(404, anonymous=LOGIN, recruiter=200, coordinator=200)
COORDINATOR = expect(404, anonymous=LOGIN, coordinator=200)
INTERVIEWERS = expect(404, anonymous=LOGIN, recruiter=200, chief_physician=200, coordinator=200)
# Every chief physician of a municipality in the track reaches its staff pages; what
# concerns one municipality (its terms, its placements) only that municipality's.
TRACK_STAFF = expect(
    404,
    anonymous=LOGIN,
    chief_physician=200,
    chief_physician_without_consent=200,
    coordinator=200,
)
MUNICIPALITY_STAFF = expect(404, anonymous=LOGIN, chief_physician=200, coordinator=200)
CHIEF = expect(404, anonymous=LOGIN, chief_physician=200)
# POST-only URLs: whoever gets past the gate is told 405 on GET.
SIGNED_IN_ACTION = expect(405, anonymous=LOGIN)
STAFF_ACTION = expect(405, anonymous=LOGIN, applicant=404, other_applicant=404)
ANY_ACTION = expect(405)


@dataclass(frozen=True)
class Entry:
    expected: Mapping[str, int | str]
    refs: Mapping[str, Any] = field(default_factory=dict)
    post_only: bool = False

    def kwargs(self, world) -> dict[str, Any]:
        return {name: _resolve(world, ref) for name, ref in self.refs.items()}


def _resolve(world, ref):
    if callable(ref):
        return ref(world)
    head, *rest = ref.split(".")
    value = getattr(world, head)
    for attribute in rest:
        value = getattr(value, attribute)
    return value.pk if isinstance(value, models.Model) else value


def _sign_in_token(user) -> str:
    from portal.throttle import link_token

    return link_token(user)


def _unsubscribe_token(alert) -> str:
    """The link in a digest of ``alert`` (to someone without an account)."""
    from portal import notifications
    from portal.models import Notification
    from recruitment.models import JobAlertDigest

    occasion = notifications.occasions()["job_alert_digest"]
    digest = JobAlertDigest(alert=alert)
    return notifications.unsubscribe_token(Notification(), occasion, digest)


def _confirm_token(alert) -> str:
    from recruitment.alerts import confirm_token

    return confirm_token(alert)


def page(expected: Mapping[str, int | str], **refs: str | Callable) -> Entry:
    return Entry(expected, refs)


def action(expected: Mapping[str, int | str], **refs: str | Callable) -> Entry:
    return Entry(expected, refs, post_only=True)


MATRIX: dict[str, Entry] = {
    # --- portal ---------------------------------------------------------------------------
    "home": page(PUBLIC),
    "healthz": page(PUBLIC),
    "session_keepalive": action(ANY_ACTION),  # POST; signed out: 401 JSON
    "notification_inbox": page(SIGNED_IN),
    "notification_settings": page(SIGNED_IN),
    "notification_overview": page(COORDINATOR),
    "notification_send_again": action(STAFF_ACTION),
    "audit_log": page(COORDINATOR),
    "privacy": page(SIGNED_IN),
    "privacy_export": action(SIGNED_IN_ACTION),
    "privacy_delete": page(SIGNED_IN),
    # The e-mailed link that finishes a sign-in from a throttled address: the link is the
    # key; opening it shows a button, only the POST signs in (portal/throttle.py).
    "sign_in_link": page(PUBLIC, token=lambda w: _sign_in_token(w.pool_candidate)),
    # Every optional e-mail's unsubscribe link: the signed token is the key, no sign-in;
    # opening it asks, the POST (or a mail client's RFC 8058 one-click POST) acts.
    "unsubscribe": page(PUBLIC, token=lambda w: _unsubscribe_token(w.visitor_alert)),
    "privacy_consent_withdraw": action(
        SIGNED_IN_ACTION, provider=lambda w: "coupled_tracks", key=lambda w: "track-x"
    ),
    # --- recruitment: the job board -------------------------------------------------------
    "recruitment:board": page(PUBLIC),
    "recruitment:feed": page(PUBLIC),
    "recruitment:deadlines_ics": page(PUBLIC),
    "recruitment:posting_by_id": page(expect(301), pk="posting"),
    "recruitment:posting_detail": page(PUBLIC, slug="posting.slug"),
    # Job alerts: anyone may save a board search (a visitor gives an address and confirms
    # it from the e-mailed link); the list and deleting are the signed-in person's own.
    "recruitment:alert_new": page(PUBLIC),
    "recruitment:alert_confirm": page(PUBLIC, token=lambda w: _confirm_token(w.visitor_alert)),
    "recruitment:my_alerts": page(SIGNED_IN),
    "recruitment:alert_delete": action(SIGNED_IN_ACTION, pk="job_alert"),
    "recruitment:manage_postings": page(STAFF),
    "recruitment:create_posting": page(STAFF),
    "recruitment:manage_posting": page(OWNING_ORG, pk="posting"),
    "recruitment:edit_posting": page(OWNING_ORG, pk="posting"),
    "recruitment:publish_posting": action(STAFF_ACTION, pk="posting"),
    "recruitment:close_posting": action(STAFF_ACTION, pk="posting"),
    # --- recruitment: the applicant's side -------------------------------------------------
    "recruitment:profile": page(SIGNED_IN),
    "recruitment:documents": page(SIGNED_IN),
    "recruitment:document_replace": page(OWNER, uuid="cv.uuid"),
    "recruitment:document_delete": page(OWNER, uuid="cv.uuid"),
    "recruitment:document_download": page(OWNER, uuid="cv.uuid"),
    "recruitment:my_applications": page(SIGNED_IN),
    "recruitment:application_detail": page(OWNER, pk="application"),
    "recruitment:application_autosave": action(SIGNED_IN_ACTION, pk="application"),
    "recruitment:application_submit": action(SIGNED_IN_ACTION, pk="application"),
    "recruitment:application_find": action(SIGNED_IN_ACTION, pk="application"),
    "recruitment:choices_reorder": action(SIGNED_IN_ACTION, pk="application"),
    "recruitment:choice_add": action(SIGNED_IN_ACTION, pk="application", posting_pk="posting"),
    "recruitment:choice_move_up": action(SIGNED_IN_ACTION, pk="application", choice_pk="choice"),
    "recruitment:choice_move_down": action(SIGNED_IN_ACTION, pk="application", choice_pk="choice"),
    "recruitment:choice_remove": action(SIGNED_IN_ACTION, pk="application", choice_pk="choice"),
    "recruitment:application_keep_theirs": action(
        SIGNED_IN_ACTION, pk="application", field=lambda w: "motivation"
    ),
    "recruitment:application_withdraw": page(OWNER, pk="application"),
    "recruitment:choice_withdraw": page(OWNER, pk="application", choice_pk="choice"),
    "recruitment:application_delete": page(OWNER, pk="application"),
    "recruitment:round_apply": page(PUBLIC, pk="round"),
    "recruitment:posting_apply": page(SIGNED_IN, slug="direct_posting.slug"),
    # --- recruitment: the employer's side --------------------------------------------------
    "recruitment:posting_applicants": page(OWNING_ORG, pk="posting"),
    "recruitment:posting_applicants_csv": page(OWNING_ORG, pk="posting"),
    "recruitment:posting_applicants_bulk": action(STAFF_ACTION, pk="posting"),
    "recruitment:staff_application": page(OWNING_ORG, pk="application"),
    "recruitment:staff_document": page(OWNING_ORG, pk="application", uuid="cv.uuid"),
    "recruitment:staff_choice_status": action(STAFF_ACTION, pk="choice"),
    "recruitment:staff_choice_note": action(STAFF_ACTION, pk="choice"),
    # Letters to applicants: whoever sees the posting's applicant list (its employer and
    # the coordinator); the templates, whoever acts for the organisation.
    "recruitment:letters": page(OWNING_ORG, pk="posting"),
    "recruitment:letters_post_filled": page(OWNING_ORG, pk="posting"),
    "recruitment:letter_templates": page(OWNING_ORG, organisation_pk="hospital"),
    "recruitment:letter_template_edit": page(
        OWNING_ORG, organisation_pk="hospital", kind=lambda w: "rejected_screening"
    ),
    # --- recruitment: the coordinator's rounds ---------------------------------------------
    "recruitment:rounds": page(COORDINATOR),
    "recruitment:round_create": page(COORDINATOR),
    "recruitment:round_detail": page(COORDINATOR, pk="round"),
    "recruitment:round_edit": page(COORDINATOR, pk="round"),
    "recruitment:round_postings": page(COORDINATOR, pk="round"),
    "recruitment:round_posting_remove": action(STAFF_ACTION, pk="round", posting_pk="posting"),
    # --- recruitment: interviews, offers, reserve lists (recruitment/hiring) --------------------
    "recruitment:hiring_book": page(OWNER, pk="interview_invitation"),
    "recruitment:hiring_booking_cancel": action(SIGNED_IN_ACTION, pk="booking"),
    "recruitment:hiring_booking_ics": page(OWNER, pk="booking"),
    "recruitment:my_offers": page(SIGNED_IN),
    "recruitment:hiring_offer_accept": page(OWNER, pk="offer"),
    "recruitment:hiring_offer_decline": page(OWNER, pk="offer"),
    # Not published in the world: nobody sees it (publishing is tested in hiring's tests).
    "recruitment:public_applicant_list": page(expect(404), slug="hiring_posting.slug"),
    "recruitment:hiring_staff_interviews": page(STAFF),
    # The municipality takes part in the interviews: its chief physician sees the schedule
    # and assesses the invited candidates, but nothing else of the applications.
    "recruitment:hiring_interviews": page(INTERVIEWERS, pk="hiring_posting"),
    "recruitment:hiring_slot_ics": page(INTERVIEWERS, pk="slot"),
    "recruitment:hiring_assessment": page(INTERVIEWERS, pk="hiring_choice"),
    "recruitment:hiring_invite": action(STAFF_ACTION, pk="hiring_posting"),
    "recruitment:hiring_participant_add": action(STAFF_ACTION, pk="hiring_posting"),
    "recruitment:hiring_participant_remove": action(
        STAFF_ACTION, pk="hiring_posting", participant_pk="participant"
    ),
    "recruitment:hiring_slot_cancel": action(STAFF_ACTION, pk="slot"),
    "recruitment:hiring_offers": page(OWNING_ORG, pk="hiring_posting"),
    "recruitment:hiring_offer_next_reserve": action(STAFF_ACTION, pk="hiring_posting"),
    "recruitment:hiring_offer_from_list": action(
        STAFF_ACTION, pk="hiring_posting", choice_pk="hiring_choice"
    ),
    "recruitment:hiring_offer_withdraw": action(STAFF_ACTION, pk="offer"),
    "recruitment:hiring_offer_cancel": action(STAFF_ACTION, pk="offer"),
    "recruitment:hiring_reserve": action(STAFF_ACTION, pk="hiring_posting"),
    "recruitment:hiring_last_list": page(OWNING_ORG, pk="posting"),
    "recruitment:hiring_public_list_manage": page(OWNING_ORG, pk="hiring_posting"),
    "recruitment:hiring_exemption_decide": action(
        STAFF_ACTION, pk="hiring_posting", choice_pk="hiring_choice"
    ),
    "recruitment:hiring_public_list_publish": action(STAFF_ACTION, pk="hiring_posting"),
    "recruitment:hiring_waves": page(COORDINATOR, pk="round"),
    "recruitment:hiring_upgrade_policy": action(STAFF_ACTION, pk="round"),
    "recruitment:hiring_wave_edit": page(COORDINATOR, pk="wave"),
    "recruitment:hiring_wave_delete": action(STAFF_ACTION, pk="wave"),
    # --- the dashboards (portal/dashboard): aggregates only ------------------------------------
    "dashboard:coordinator": page(COORDINATOR),
    "dashboard:coordinator_print": page(COORDINATOR),
    "dashboard:coordinator_export_all": page(COORDINATOR),
    "dashboard:coordinator_export": page(
        COORDINATOR, table=lambda w: "postings", fmt=lambda w: "csv"
    ),
    # Every staff member sees the figures of the organisations they act for.
    "dashboard:employer": page(STAFF),
    "dashboard:employer_print": page(STAFF),
    "dashboard:employer_export_all": page(STAFF),
    "dashboard:employer_export": page(STAFF, table=lambda w: "postings", fmt=lambda w: "csv"),
    # --- careers ----------------------------------------------------------------------------
    "careers:index": page(PUBLIC),
    "careers:path": page(PUBLIC, path=lambda w: "general-practice"),
    "careers:stage": page(PUBLIC, stage="stage.key"),
    "careers:stage_edit": page(COORDINATOR, stage="stage.key"),
    "careers:event_list": page(PUBLIC),
    "careers:events_feed": page(PUBLIC),
    "careers:event_create": page(STAFF),
    "careers:information_evenings": page(COORDINATOR),
    "careers:event_detail": page(PUBLIC, pk="event"),
    "careers:event_ics": page(PUBLIC, pk="event"),
    "careers:event_register": action(ANY_ACTION, pk="event"),
    "careers:event_cancel": action(ANY_ACTION, pk="event"),
    "careers:event_edit": page(OWNING_ORG, pk="event"),
    "careers:event_attendees": page(OWNING_ORG, pk="event"),
    "careers:event_attendees_csv": page(OWNING_ORG, pk="event"),
    "careers:manage_events": page(STAFF),
    "careers:my_onboarding": page(SIGNED_IN),
    "careers:manage_onboardings": page(STAFF),
    "careers:manage_onboarding": page(OWNING_ORG, pk="onboarding"),
    "careers:onboarding_item_toggle": action(
        STAFF_ACTION, pk="onboarding", item_pk="checklist_item"
    ),
    "careers:checklist_template": page(OWNING_ORG, organisation_pk="hospital"),
    # --- careers: coupled tracks ----------------------------------------------------------
    "careers:track_list": page(PUBLIC),
    "careers:track_detail": page(PUBLIC, slug="track.slug"),
    "careers:track_consent": action(ANY_ACTION, slug="track.slug"),
    "careers:my_path": page(SIGNED_IN),
    "careers:consent_withdraw": action(ANY_ACTION, pk="track_consent"),
    "careers:invitation_answer": action(ANY_ACTION, pk="track_invitation"),
    # The coordinator runs the tracks and sees every figure and placement; the chief
    # physician of a participating municipality sees its pool, invitations and placements.
    "careers:manage_tracks": page(TRACK_STAFF),
    "careers:track_create": page(COORDINATOR),
    "careers:manage_track": page(TRACK_STAFF, pk="track"),
    "careers:track_edit": page(COORDINATOR, pk="track"),
    "careers:track_municipality_add": action(STAFF_ACTION, pk="track"),
    "careers:track_municipality_remove": action(
        STAFF_ACTION, pk="track", municipality_pk="municipality"
    ),
    "careers:track_terms": page(MUNICIPALITY_STAFF, pk="track", municipality_pk="municipality"),
    # Candidates in a pool are seen by the municipality's chief physician only, and only
    # with the candidate's consent naming the municipality (``chief_physician_without_
    # consent`` is in the same track without it; test_chief_physician_consent.py goes on).
    "careers:track_pool": page(CHIEF, pk="track", municipality_pk="municipality"),
    "careers:track_pool_candidate": page(
        CHIEF, pk="track", municipality_pk="municipality", candidate_pk="pool_candidate"
    ),
    "careers:track_invitations": page(CHIEF, pk="track", municipality_pk="municipality"),
    "careers:invitation_detail": page(CHIEF, pk="track_invitation"),
    "careers:invitation_accept_proposal": action(STAFF_ACTION, pk="track_invitation"),
    "careers:invitation_cancel": action(STAFF_ACTION, pk="track_invitation"),
    "careers:invitation_outcome": action(STAFF_ACTION, pk="track_invitation"),
    "careers:placement_create": page(CHIEF, pk="track_invitation"),
    "careers:placements": page(TRACK_STAFF),
    "careers:placement_edit": page(MUNICIPALITY_STAFF, pk="placement"),
    # --- feedback -----------------------------------------------------------------------------
    "feedback:thanks": page(PUBLIC),
    # The single-use link is the only key: no login, and nobody's identity is asked for.
    "feedback:survey": page(PUBLIC, token="survey_token"),
    "feedback:unit_detail": page(PUBLIC, pk="unit"),
    "feedback:campaign_list": page(STAFF),
    "feedback:campaign_create": page(COORDINATOR),
    # The recruiter of the hospital leads the campaign's unit: they read, only the
    # coordinator runs it.
    "feedback:campaign_detail": page(OWNING_ORG, pk="campaign"),
    "feedback:campaign_invite": action(STAFF_ACTION, pk="campaign"),
    "feedback:campaign_results": page(OWNING_ORG, pk="campaign"),
    "feedback:campaign_results_csv": page(OWNING_ORG, pk="campaign"),
    "feedback:template_list": page(COORDINATOR),
    "feedback:template_detail": page(COORDINATOR, pk="template"),
    "feedback:template_edit": page(COORDINATOR, pk="template"),
    "feedback:template_copy": action(STAFF_ACTION, pk="template"),
    "feedback:template_trends": page(COORDINATOR, pk="template"),
}

# Named URLs that are not the project's own views, and why the matrix leaves them out.
OUTSIDE_THE_MATRIX: dict[str, str] = {
    "admin": "Django admin: is_staff only, behind allauth's login with MFA "
    "(tests/security/test_authentication.py)",
    "allauth": "allauth's own account views (login, signup, MFA, password) are tested in "
    "tests/portal/test_accounts.py and tests/security/test_authentication.py",
    "set_language": "Django's language switch: POST-only, public, no personal data",
    "javascript-catalog": "Django's translation catalogue for scripts: public, static text",
}
