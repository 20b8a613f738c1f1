from lantern.accounts.capabilities import Capability
from lantern.core import plugins


class SupplyChainConfig(plugins.LanternAppConfig):
    name = "lantern.supply_chain"
    label = "supply_chain"
    verbose_name = "Supply chains"
    # Board viewers (aggregates only) reach the overview too: it shows them totals, never suppliers.
    navigation = (
        plugins.NavItem("Supply chains", "supply_chain:overview",
                        (Capability.VIEW_SUPPLY_CHAIN, Capability.VIEW_AGGREGATES), 60, "supply-chain"),
    )

    def ready(self) -> None:
        super().ready()
        from lantern.core.imports import registry
        from lantern.supply_chain import (
            jobs,  # noqa: F401  (registers the risk job kind)
            pipeline,
        )
        from lantern.supply_chain.services import suppliers  # noqa: F401  (registers the resolution job kind)

        registry.register(pipeline.SPEND_IMPORT)
        registry.register(pipeline.STATEMENT_IMPORT)
