from feedback import tasks
from feedback.models import Invitation, Response
from tests.feedback.conftest import respond
from tests.feedback.factories import InvitationFactory


def test_the_periodic_task_releases_held_answers(campaign, units):
    for _ in range(5):
        respond(campaign, units[0])
    tasks.release_pending_responses.delay()
    assert Response.objects.count() == 5


def test_the_invitation_task_sends_links(campaign, units, mailoutbox):
    InvitationFactory(campaign=campaign, unit=units[0], email="lege@example.no")
    tasks.send_invitations.delay(campaign.pk)
    assert [m.to for m in mailoutbox] == [["lege@example.no"]]
    assert Invitation.objects.get().link_sent_at is not None
