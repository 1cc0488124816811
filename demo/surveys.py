"""Demo survey campaigns (FB), data in ``demo/data/surveys.py``.

Each campaign is created by ``feedback.services.create_campaign`` with the default k, and
its answers go through the same single-use links and held pile as real ones
(``new_link``, ``submit_response``); ``release_pending_responses`` then releases,
combines or destroys them by the real rule. How many answer per unit is read relative to
the campaign's own k, so some units show results and some show "too few responses".
Invitation rows are written here with their links issued in the database only, so no
survey e-mail goes out to the fictional respondents. A campaign whose title exists is
left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from demo.data.people import DEMO_DOMAIN
from demo.data.surveys import CAMPAIGNS, FREE_TEXT, INVITED_EXTRA, CampaignPlan
from feedback import services as feedback_services
from feedback.models import Campaign, Invitation, QuestionKind, SurveyTemplate
from feedback.selectors import latest_version
from portal.models import Organisation, Unit, User


def seed_campaigns(
    rng: random.Random, coordinator: User | None, trust: Organisation, now: datetime
) -> int:
    """Returns how many campaigns were created."""
    if coordinator is None:
        return 0
    units = {
        "hospital": list(
            Unit.objects.filter(organisation__parent=trust).order_by("organisation__name", "name")
        ),
        "municipal": list(
            Unit.objects.filter(organisation__kind=Organisation.Kind.MUNICIPALITY).order_by(
                "organisation__name", "name"
            )
        ),
    }
    created = 0
    for plan in CAMPAIGNS:
        if plan.units == "hospital":
            chosen = units["hospital"][:6] + units["municipal"][: plan.unit_count - 6]
        else:
            chosen = units["municipal"][: plan.unit_count]
        if chosen and _seed_campaign(rng, plan, chosen, coordinator, now):
            created += 1
    return created


def _seed_campaign(
    rng: random.Random, plan: CampaignPlan, units: list[Unit], coordinator: User, now: datetime
) -> bool:
    if Campaign.objects.filter(title=plan.title).exists():
        return False
    template = SurveyTemplate.objects.filter(kind=plan.kind).order_by("pk").first()
    version = latest_version(template) if template else None
    if version is None:
        return False
    today = timezone.localdate(now)
    opens_on = today + timedelta(days=plan.opens_days)
    closes_on = today + timedelta(days=plan.closes_days)
    with transaction.atomic():
        campaign = feedback_services.create_campaign(
            user=coordinator,
            template=template,
            title=plan.title,
            units=units,
            # Created open so the answers below are accepted; a finished campaign gets its
            # real dates afterwards.
            opens_on=min(opens_on, today),
            closes_on=max(closes_on, today),
        )
        questions = list(version.questions.prefetch_related("choices"))
        for index, unit in enumerate(units):
            over_k = plan.answers_over_k[index % len(plan.answers_over_k)]
            answered = max(0, campaign.k + over_k)
            invitations = Invitation.objects.bulk_create(
                Invitation(
                    campaign=campaign,
                    unit=unit,
                    email=f"lege-{campaign.pk}-{unit.pk}-{n}@{DEMO_DOMAIN}",
                    link_sent_at=now - timedelta(days=(today - opens_on).days),
                )
                for n in range(answered + rng.randint(*INVITED_EXTRA))
            )
            for invitation in invitations[:answered]:
                token = feedback_services.new_link(invitation).rstrip("/").rsplit("/", 1)[-1]
                feedback_services.submit_response(token=token, answers=_answers(rng, questions))
        Campaign.objects.filter(pk=campaign.pk).update(opens_on=opens_on, closes_on=closes_on)
    feedback_services.release_pending_responses(today)
    return True


def _answers(rng: random.Random, questions) -> dict[int, object]:
    answers: dict[int, object] = {}
    for question in questions:
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 4])[0]
        elif question.kind == QuestionKind.SINGLE:
            options = [c.pk for c in question.choices.all()]
            if options:
                answers[question.pk] = [rng.choice(options)]
        elif question.kind == QuestionKind.MULTIPLE:
            options = [c.pk for c in question.choices.all()]
            if options:
                answers[question.pk] = rng.sample(options, k=rng.randint(1, min(2, len(options))))
        elif rng.random() < 0.7:
            answers[question.pk] = rng.choice(FREE_TEXT)
    return answers
