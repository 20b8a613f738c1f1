"""The governance app's demo data (``seed_demo``): each part's own seeding, joined here."""

from lantern.core.plugins import DemoSeeded
from lantern.governance.demo_plan import seed_plan_demo


def seed_demo() -> DemoSeeded:
    return DemoSeeded(summary=seed_plan_demo())
