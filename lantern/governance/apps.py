from lantern.accounts.capabilities import Capability as C
from lantern.core import plugins


class GovernanceConfig(plugins.LanternAppConfig):
    """Boards' meetings and actions, the strategy's action plan, the Slavery Free Pledge and the
    maturity self-assessment. The boards themselves (names, members, who reports to whom) are the
    partnership app's configuration.

    The menu item is for the governance roles. A board's members without one of them (a case worker who
    sits on SHOP) reach their meetings and "My actions" from the home page's Governance section, which is
    shown to every board member and action owner, and from the notifications that link to them; the pages
    themselves admit them (lantern.governance.selectors)."""

    name = "lantern.governance"
    label = "governance"
    verbose_name = "Governance"
    navigation = (
        plugins.NavItem("Governance", "governance:overview", (C.VIEW_GOVERNANCE, C.MANAGE_GOVERNANCE), 55,
                        "governance"),
    )
