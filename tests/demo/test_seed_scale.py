"""``manage.py seed_scale``: the national data set, here at a small fraction of its size."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from demo import scale
from feedback.models import Campaign, Participation, PendingResponse, Response
from portal.models import Notification, Organisation, User
from recruitment.hiring.models import Offer
from recruitment.models import Application, Choice, ChoiceStatus, Posting
from tests import factories

FACTOR = 0.01


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", factor=FACTOR, stdout=out, **options)
    return out.getvalue()


def test_builds_the_data_set_in_proportion():
    spec = scale.Spec().scaled(FACTOR)
    output = seed()
    assert "Seeded" in output
    assert Organisation.objects.count() == spec.organisations
    assert Posting.objects.count() == spec.postings
    assert User.objects.filter(email__startswith="soker").count() == spec.applicants
    assert Choice.objects.count() == spec.choices
    assert Offer.objects.count() == spec.offers
    assert Notification.objects.filter(status="pending").count() == spec.notifications
    assert Participation.objects.count() == spec.responses
    _released_as_the_portal_would()
    busy = Posting.objects.get(slug=scale.BUSY_POSTING_SLUG)
    visible = busy.choices.exclude(status__in=[ChoiceStatus.DRAFT, ChoiceStatus.WITHDRAWN])
    assert visible.count() == spec.busy_applications


def _released_as_the_portal_would() -> None:
    """feedback/release.py's rule: every release batch holds at least k responses of one
    group; a closed campaign holds nothing back, an open one only units below k."""
    batches = Response.objects.values("campaign", "unit", "batch", "campaign__k").annotate(
        n=Count("pk")
    )
    assert batches.exists()
    assert all(batch["n"] >= batch["campaign__k"] for batch in batches)
    held = PendingResponse.objects.values("campaign", "unit", "campaign__k").annotate(n=Count("pk"))
    assert all(row["n"] < row["campaign__k"] for row in held)
    # The campaigns carry the portal's own defaults, which the release rule was given.
    assert set(Campaign.objects.values_list("k", "k_text").distinct()) == {
        (scale.CAMPAIGN_K, scale.CAMPAIGN_K_TEXT)
    }
    assert not PendingResponse.objects.filter(campaign__finalised=True).exists()


def test_follows_the_models_rules():
    seed()
    # Ranks are 1..n in every application.
    for application in Application.objects.prefetch_related("choices")[:200]:
        ranks = sorted(choice.rank for choice in application.choices.all())
        assert ranks == list(range(1, len(ranks) + 1))
    # Offers: at most one accepted per application, and accepted choices say so.
    accepted = Offer.objects.filter(status="accepted")
    assert accepted.values("application").distinct().count() == accepted.count()
    assert all(o.choice.status == ChoiceStatus.ACCEPTED for o in accepted.select_related("choice"))
    # Anonymous answers: no timestamp or person on a response, and the due reminders point
    # at drafts in the round that closes soon.
    assert {f.name for f in Response._meta.concrete_fields} == {"id", "campaign", "unit", "batch"}
    reminder = Notification.objects.filter(occasion=scale.REMINDER_OCCASION).first()
    draft = Application.objects.get(pk=reminder.object_id)
    assert draft.status == Application.Status.DRAFT
    assert draft.round.name == scale.CURRENT_ROUND_NAME


def test_refuses_a_database_that_holds_other_data():
    factories.UserFactory(email="ekte.person@example.no")
    with pytest.raises(CommandError, match="Refusing"):
        seed()
    assert not scale.has_scale_data()


def test_force_writes_next_to_other_data():
    factories.OrganisationFactory(name="Sykehuset Øst")
    seed(force=True)
    assert scale.has_scale_data()
    assert Organisation.objects.filter(name="Sykehuset Øst").exists()


def test_a_second_run_does_nothing():
    seed()
    count = Choice.objects.count()
    assert "already" in seed()
    assert Choice.objects.count() == count
