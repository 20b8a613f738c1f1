from lantern.core import plugins


class SupplyChainConfig(plugins.LanternAppConfig):
    name = "lantern.supply_chain"
    label = "supply_chain"
    verbose_name = "Supply chains"
