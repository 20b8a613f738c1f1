from typing import Any

from lantern.accounts.capabilities import Capability
from lantern.core import plugins


class PartnershipConfig(plugins.LanternAppConfig):
    name = "lantern.partnership"
    label = "partnership"
    verbose_name = "Partnership"
    navigation = (plugins.NavItem("Partnership", "partnership:overview", (Capability.VIEW_PARTNERSHIP,), 60, "partnership"),)

    def home_sections(self, user: Any) -> list[plugins.HomeSection]:
        from lantern.partnership.home import home_sections

        return home_sections(user)

    def seed_demo(self) -> plugins.DemoSeeded:
        from lantern.partnership.demo import seed_demo

        return seed_demo()
