"""Who may be written to: the applicant list's rule (recruitment.permissions
.employer_choices). An employer writes only to the posting's own applicants that they may
see; any other id is 404, so its existence is not revealed."""

from django.http import Http404

from portal.models import User
from recruitment import permissions
from recruitment.letters import selectors
from recruitment.letters.models import LetterKind
from recruitment.models import Choice, Posting


def chosen_for_employer(user: User, posting: Posting, ids: list[int]) -> list[Choice]:
    """The chosen applicants as ``selectors.selected`` reads them; 404 if any id is not on
    this posting's applicant list for the user."""
    wanted = set(ids)
    visible = permissions.employer_choices(user).filter(posting=posting, pk__in=wanted)
    if visible.count() != len(wanted):
        raise Http404
    return selectors.selected(user, posting, ids)


def template_kind(kind: str) -> str:
    """The kind of letter template in the path; 404 for an unknown kind."""
    if kind not in LetterKind.values:
        raise Http404
    return kind
