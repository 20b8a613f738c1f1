"""The pledge's demo data: a dozen signatories across the sectors, requests waiting, made through
the services (audited), and seeding twice adds nothing."""

import pytest
from django.test import Client

from lantern.accounts import demo as accounts_demo
from lantern.audit.models import AuditEntry
from lantern.governance.demo_pledge import seed_pledge_demo
from lantern.governance.home_pledge import pledge_home_links
from lantern.governance.models import PledgeSector, PledgeSignatory, PledgeStatus

pytestmark = pytest.mark.django_db


def test_the_demo_register():
    accounts_demo.seed()
    seeded = seed_pledge_demo()
    assert seeded.summary
    signed = PledgeSignatory.objects.filter(status=PledgeStatus.APPROVED)
    assert signed.count() == 12
    assert set(signed.values_list("sector", flat=True)) == set(PledgeSector.values)
    assert PledgeSignatory.objects.filter(status=PledgeStatus.REQUESTED).count() == 2
    assert PledgeSignatory.objects.filter(status=PledgeStatus.WITHDRAWN).count() == 1
    assert AuditEntry.objects.filter(action="pledge.approve").count() == 13
    page = Client().get("/pledge/").content.decode()
    assert "Oldbury Precision Castings Ltd" in page
    assert "Wednesbury Hand Car Wash" not in page  # signed, but did not agree to be listed
    assert "Cradley Heath Bakery" not in page  # waiting for a decision
    assert not seed_pledge_demo().summary
    assert PledgeSignatory.objects.count() == 16


def test_home_links_follow_the_roles():
    from lantern.accounts.capabilities import Role
    from tests.support import make_user

    assert [link.label for link in pledge_home_links(make_user(Role.PROGRAMME_MANAGER))] == [
        "Slavery Free Pledge", "Pledge requests"]
    assert [link.label for link in pledge_home_links(make_user(Role.BOARD_VIEWER))] == ["Slavery Free Pledge"]
    assert pledge_home_links(make_user(Role.CASE_WORKER)) == []
