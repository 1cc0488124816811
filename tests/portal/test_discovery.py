"""Occasions, GDPR parts and tasks are found through the app registry (portal/discovery.py),
in sub-packages too, not because some module imports them by hand."""

from celery import current_app

from portal import discovery, gdpr, notifications


def test_sub_packages_are_searched():
    packages = discovery.packages()
    for name in ("recruitment.hiring", "recruitment.letters", "careers.tracks"):
        assert name in packages
    assert not any(name.endswith((".migrations", ".templatetags")) for name in packages)


def test_occasions_of_sub_packages_are_registered():
    found = discovery.discover("occasions")
    assert "recruitment.hiring.occasions" in found
    assert "recruitment.letters.occasions" in found
    for key in ("offer_received", "letter_to_applicant", "track_invitation"):
        assert key in notifications._registry


def test_the_coupled_tracks_gdpr_part_is_found():
    assert "careers.tracks.gdpr" in discovery.discover("gdpr")
    assert gdpr.provider("coupled_tracks") is not None


def test_every_scheduled_task_is_registered_in_this_process():
    from portal.celery import BEAT_SCHEDULE

    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in current_app.tasks
    for name in ("portal.tasks.deliver_notifications", "portal.tasks.refresh_dashboard"):
        assert name in current_app.tasks
