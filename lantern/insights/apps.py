from lantern.accounts.capabilities import Capability as C
from lantern.core import plugins


class InsightsConfig(plugins.LanternAppConfig):
    name = "lantern.insights"
    label = "insights"
    verbose_name = "Insights"
    navigation = (plugins.NavItem("Insights", "insights:dashboard", (C.VIEW_AGGREGATES,), 58, "insights"),)

    def ready(self) -> None:
        from lantern.insights import jobs  # noqa: F401  (registers the job kinds)
