from lantern.core import plugins


class CoreConfig(plugins.LanternAppConfig):
    name = "lantern.core"
    label = "core"
    verbose_name = "Core"
    navigation = (plugins.NavItem("Home", "core:home", (), 0, ""),)
