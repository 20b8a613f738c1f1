"""The campaigns' and module's demo data: a year of campaigns with reach and a material, a few attempts."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.training.demo_campaigns import DEMO_CAMPAIGNS, seed_campaigns_demo
from lantern.training.models import Campaign, CampaignMaterial, CampaignReach, LearnAttempt
from tests.support import make_user

pytestmark = pytest.mark.django_db


def test_seeding_is_idempotent_and_readable():
    make_user(Role.TRAINING_COORDINATOR)
    assert seed_campaigns_demo()
    assert Campaign.objects.count() == len(DEMO_CAMPAIGNS)
    assert CampaignReach.objects.exists() and LearnAttempt.objects.filter(passed=True).exists()
    material = CampaignMaterial.objects.get()
    assert b"Spot the signs" in material.read()
    assert seed_campaigns_demo() == []
    assert Campaign.objects.count() == len(DEMO_CAMPAIGNS)
