from lantern.accounts.capabilities import Capability
from lantern.core import plugins


class PartnershipConfig(plugins.LanternAppConfig):
    name = "lantern.partnership"
    label = "partnership"
    verbose_name = "Partnership"
    navigation = (plugins.NavItem("Partnership", "partnership:overview", (Capability.VIEW_PARTNERSHIP,), 60, "partnership"),)
