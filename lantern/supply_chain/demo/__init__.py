"""The supply-chain app's demo: a real published spend file (its suppliers resolved and screened
by the import's own steps), then due diligence on its highest-risk suppliers."""

from lantern.core.plugins import DemoSeeded
from lantern.supply_chain.demo import due_diligence, spend

__all__ = ["seed_demo"]


def seed_demo() -> DemoSeeded:
    """The supply-chain app's ``seed_demo`` hook (after the accounts' demo users). Seeding twice adds nothing."""
    summary = list(spend.seed().summary)
    added = due_diligence.seed()
    if added:
        summary.append(f"Added {added} demo supplier questionnaires, an audit and contracts.")
    return DemoSeeded(summary=summary)
