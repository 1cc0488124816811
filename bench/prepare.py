"""Everything the load generator needs, made fresh for each run of ``make bench``:

- logged-in sessions for bench applicants, a recruiter of the busy posting's employer and
  a coordinator, written straight into the session store (no login form, no MFA code: the
  staff users have a TOTP authenticator, which is what ``staff_required`` checks);
- a benchmark survey campaign with single-use links whose tokens are known to this run;
- the URLs, ids and filter values the scenarios pick from.

Written to ``var/bench/fixtures.json`` (never committed: it holds session keys).
Run with the bench environment (see bench/run.py): ``python -m bench.prepare``.
"""

import json
import os
import random
import secrets
import sys
import time
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo import scale  # noqa: E402
from feedback.models import Campaign, Invitation, QuestionKind, SurveyTemplate  # noqa: E402
from feedback.services import hash_token  # noqa: E402
from portal import security  # noqa: E402
from portal.models import Membership, Organisation, User  # noqa: E402
from recruitment.models import (  # noqa: E402
    Application,
    ApplicationRound,
    Choice,
    ChoiceStatus,
    Document,
    Posting,
)

FIXTURES = Path(settings.BASE_DIR) / "var" / "bench" / "fixtures.json"
BENCH_APPLICANTS = 200
SURVEY_TOKENS = 4_000
BENCH_CAMPAIGN = "Benchmark-kampanje (skala)"
BACKEND = "django.contrib.auth.backends.ModelBackend"
# What people type into the board's search box: specialties, kinds of post, services.
SEARCHES = [
    *(name.split()[0] for name in scale.SPECIALTY_NB.values()),
    *["legevakt", "akuttmottak", "sykehjem", "fastlege", "kirurgisk", "barn", "rus"],
    *["sommervikar", "hospitering", "turnus", "ALIS", "LIS1", "overlege", "vikar"],
    *["veiledning", "bolig", "barnehage", "forskning", "kombinert", "koblet"],
]


def session_for(user: User) -> str:
    """A logged-in session as ``django.contrib.auth.login`` would leave it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = int(time.time())
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[security.STARTED] = now
    store[security.SEEN] = now
    store.create()
    return store.session_key


def applicants(rng: random.Random) -> list[dict]:
    current = ApplicationRound.objects.get(name=scale.CURRENT_ROUND_NAME)
    drafts = list(
        Application.objects.filter(round=current, status=Application.Status.DRAFT)
        .select_related("applicant")
        .order_by("pk")[: BENCH_APPLICANTS * 5]
    )
    drafts = rng.sample(drafts, min(BENCH_APPLICANTS, len(drafts)))
    choices: dict[int, list[int]] = {}
    for application_id, choice_id in (
        Choice.objects.filter(application__in=drafts)
        .exclude(status=ChoiceStatus.WITHDRAWN)
        .values_list("application_id", "pk")
    ):
        choices.setdefault(application_id, []).append(choice_id)
    cvs = dict(
        Document.objects.filter(
            owner__in=[d.applicant_id for d in drafts], kind=Document.Kind.CV
        ).values_list("owner_id", "pk")
    )
    return [
        {
            "session": session_for(draft.applicant),
            "application": draft.pk,
            "choices": choices.get(draft.pk, []),
            "documents": [cvs[draft.applicant_id]] if draft.applicant_id in cvs else [],
        }
        for draft in drafts
    ]


def staff_session(organisation: Organisation, role: str) -> str:
    membership = (
        Membership.objects.filter(organisation=organisation, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        sys.exit(f"No {role} for {organisation}: is the scale data set complete?")
    return session_for(membership.user)


@transaction.atomic
def survey(rng: random.Random) -> dict:
    """A fresh open campaign for one unit with known single-use links (the last run's
    campaign, with its held answers, is removed first)."""
    Campaign.objects.filter(title=BENCH_CAMPAIGN).delete()
    template = SurveyTemplate.objects.get(slug="lis1-rotation")
    version = template.versions.order_by("-number").first()
    unit = (
        Organisation.objects.get(slug=scale.MARKER_SLUG)
        .children.filter(kind=Organisation.Kind.HOSPITAL_TRUST)
        .first()
        .children.first()
        .units.order_by("pk")
        .first()
    )
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        version=version,
        title=BENCH_CAMPAIGN,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=14),
    )
    campaign.units.set([unit])
    tokens = [secrets.token_urlsafe(32) for _ in range(SURVEY_TOKENS)]
    Invitation.objects.bulk_create(
        Invitation(
            campaign=campaign,
            unit=unit,
            email=f"bench.{n}@{scale.EMAIL_DOMAIN}",
            token_hash=hash_token(token),
            link_sent_at=timezone.now(),
        )
        for n, token in enumerate(tokens)
    )
    # One valid answer per question, the way the survey form names its fields.
    answers = {}
    for question in version.questions.prefetch_related("choices"):
        name = f"q{question.pk}"
        if question.kind == QuestionKind.LIKERT:
            answers[name] = [str(rng.randint(1, 5))]
        elif question.kind == QuestionKind.TEXT:
            answers[name] = ["Godt fagmiljø og god veiledning."]
        else:
            options = [str(c.pk) for c in question.choices.all()]
            count = 2 if question.kind == QuestionKind.MULTIPLE else 1
            answers[name] = rng.sample(options, min(count, len(options)))
    return {"tokens": tokens, "answers": answers}


def main() -> None:
    if not scale.has_scale_data():
        sys.exit("The scale data set is missing: run manage.py seed_scale first.")
    rng = random.Random(11)  # noqa: S311 - repeatable picks, not secrets
    busy = Posting.objects.select_related("employer").get(slug=scale.BUSY_POSTING_SLUG)
    community = Organisation.objects.get(slug=scale.MARKER_SLUG)
    open_postings = list(Posting.objects.open().order_by("?").values_list("slug", flat=True)[:400])
    municipalities = list(
        Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY, located_postings__isnull=False
        )
        .annotate(n=Count("located_postings"))
        .order_by("-n")
        .values_list("pk", flat=True)[:50]
    )
    employers = list(
        Organisation.objects.filter(kind=Organisation.Kind.HOSPITAL, slug__startswith="skala-")
        .order_by("pk")
        .values_list("pk", flat=True)[:30]
    )
    fixtures = {
        "cookie_names": {
            "session": settings.SESSION_COOKIE_NAME,
            "csrf": settings.CSRF_COOKIE_NAME,
        },
        "applicants": applicants(rng),
        "recruiter": staff_session(busy.employer, Membership.Role.RECRUITER),
        "coordinator": staff_session(community, Membership.Role.COORDINATOR),
        "busy_posting": busy.pk,
        "busy_applications": Choice.objects.filter(posting=busy)
        .exclude(status__in=[ChoiceStatus.DRAFT, ChoiceStatus.WITHDRAWN])
        .count(),
        "postings": open_postings,
        "municipalities": municipalities,
        "employers": employers,
        # Town names too: people search for a place.
        "searches": SEARCHES
        + list(
            Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
            .order_by("?")
            .values_list("name", flat=True)[:20]
        ),
        "survey": survey(rng),
    }
    FIXTURES.parent.mkdir(parents=True, exist_ok=True)
    FIXTURES.write_text(json.dumps(fixtures))
    FIXTURES.chmod(0o600)
    print(
        f"Prepared {len(fixtures['applicants'])} applicant sessions, staff sessions, "
        f"{len(fixtures['survey']['tokens'])} survey links; busy posting has "
        f"{fixtures['busy_applications']} applications."
    )


if __name__ == "__main__":
    main()
