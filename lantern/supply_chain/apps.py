from lantern.core import plugins


class SupplyChainConfig(plugins.LanternAppConfig):
    name = "lantern.supply_chain"
    label = "supply_chain"
    verbose_name = "Supply chains"

    def ready(self) -> None:
        super().ready()
        from lantern.core.imports import registry
        from lantern.supply_chain import pipeline

        registry.register(pipeline.SPEND_IMPORT)
        from lantern.supply_chain.services import suppliers  # noqa: F401  (registers the job kinds)
