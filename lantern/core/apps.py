from lantern.core import plugins


class CoreConfig(plugins.LanternAppConfig):
    name = "lantern.core"
    label = "core"
    verbose_name = "Core"
    navigation = (plugins.NavItem("Home", "core:home", (), 0, ""),)

    def ready(self) -> None:
        from lantern.core import keys  # noqa: F401  (registers the key rotation job and its system check)
