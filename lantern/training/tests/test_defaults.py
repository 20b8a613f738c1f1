"""A new installation gets Lantern's default catalogue and matrix from the matrix page, without losing edits."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.training.models import Course, MatrixRequirement
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def test_the_coordinator_adds_the_defaults_once_and_edits_survive_a_second_click(coordinator):
    client = verified_client(coordinator)
    assert "default catalogue and matrix</button>" in client.get("/training/matrix/").content.decode()
    response = client.post("/training/matrix/defaults/", follow=True)
    assert "Added 6 courses" in response.content.decode()
    first_responder = MatrixRequirement.objects.get(course__code="first-responder", role=Role.FIRST_RESPONDER)
    assert (first_responder.due_within_months, first_responder.refresher_months) == (3, 24)
    entry = AuditEntry.objects.get(action="training.defaults.install")
    assert entry.actor == coordinator and entry.changes["courses"] == 6

    first_responder.refresher_months = 12  # the partnership's own choice
    first_responder.save()
    again = client.post("/training/matrix/defaults/", follow=True).content.decode()
    assert "nothing was added" in again
    first_responder.refresh_from_db()
    assert first_responder.refresher_months == 12 and Course.objects.count() == 6


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.BOARD_VIEWER, Role.SYSTEM_ADMINISTRATOR])
def test_only_those_who_manage_training_add_the_defaults(role):
    client = verified_client(make_user(role))
    assert client.post("/training/matrix/defaults/").status_code == 403
    assert not Course.objects.exists()
    assert "default catalogue" not in client.get("/training/matrix/").content.decode()
