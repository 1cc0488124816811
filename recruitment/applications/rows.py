"""The rows of an employer's applicant list (a busy posting has a thousand applicants).

Each row is drawn from ``row_values``: exactly what it shows, and nothing else. Its cache
key is a digest of those values and the language, so a row is drawn again precisely when
something on it changes (a new status, a note, an edited profile, an anonymised
applicant), with no signal to forget. Who may see the list is decided before: this only
draws rows the view was allowed to load.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from portal.fragments import cached_fragments
from portal.templatetags.portal_tags import display
from recruitment import wording

ROW_TEMPLATE = "recruitment/applications/manage/_applicant_row.html"
# Rows are found by their content, so an old one is never shown by mistake; the limit only
# keeps the cache from holding personal data longer than needed.
ROW_CACHE_SECONDS = 10 * 60


def row_values(choice, show_rank: bool, audience: str) -> dict:
    applicant = choice.application.applicant
    profile = getattr(applicant, "applicant_profile", None)  # none once anonymised
    return {
        "choice_id": choice.pk,
        "application_id": choice.application_id,
        "name": applicant.full_name or applicant.email,
        "university": profile.university if profile else "",
        "licence": str(display(profile, "licence_status")),
        "norwegian": str(display(profile, "norwegian_level")),
        "local": bool(profile and profile.has_local_connection),
        "grew_up": bool(profile and profile.grew_up_in_region),
        "studied": bool(profile and profile.studied_in_region),
        "family": bool(profile and profile.family_in_region),
        "worked": bool(profile and profile.worked_in_region),
        "interests": ", ".join(
            str(display(interest, "specialty")) for interest in profile.interests.all()
        )
        if profile
        else "",
        "show_rank": show_rank,
        "rank": choice.rank if show_rank else None,
        "status": choice.status,
        "status_label": wording.choice_status(choice.status, audience),
        "accepted_elsewhere": bool(choice.has_accepted_elsewhere),
        "note_count": choice.note_count,
    }


def _key(values: dict, language: str) -> str:
    digest = hashlib.sha256(repr((language, sorted(values.items()))).encode()).hexdigest()
    return f"recruitment:applicant-row:{digest}"


def applicant_rows(choices, show_rank: bool, audience: str) -> list[SafeString]:
    """The table rows for these choices (selectors.posting_applicants), in order, worded
    for ``audience`` (the employer's staff or the coordinator)."""
    language = get_language()
    rows = [row_values(choice, show_rank, audience) for choice in choices]
    return cached_fragments(
        rows,
        [_key(row, language) for row in rows],
        lambda row: render_to_string(ROW_TEMPLATE, {"row": row}),
        ROW_CACHE_SECONDS,
    )
