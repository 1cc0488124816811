from feedback import tasks
from feedback.models import Response
from tests.feedback.conftest import respond


def test_the_periodic_task_releases_held_answers(campaign, units):
    for _ in range(5):
        respond(campaign, units[0])
    tasks.release_pending_responses.delay()
    assert Response.objects.count() == 5
