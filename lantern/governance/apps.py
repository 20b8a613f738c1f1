from lantern.core import plugins


class GovernanceConfig(plugins.LanternAppConfig):
    """Boards' meetings and actions, the strategy's action plan, the Slavery Free Pledge and the
    maturity self-assessment. The boards themselves (names, members, who reports to whom) are the
    partnership app's configuration."""

    name = "lantern.governance"
    label = "governance"
    verbose_name = "Governance"
