from lantern.core import plugins


class SupplyChainConfig(plugins.LanternAppConfig):
    name = "lantern.supply_chain"
    label = "supply_chain"
    verbose_name = "Supply chains"

    def ready(self) -> None:
        from lantern.supply_chain.services import suppliers  # noqa: F401  (registers the job kinds)
