from django.core import checks

from lantern.core import plugins


class CoreConfig(plugins.LanternAppConfig):
    name = "lantern.core"
    label = "core"
    verbose_name = "Core"
    navigation = (plugins.NavItem("Home", "core:home", (), 0, ""),)

    def ready(self) -> None:
        super().ready()
        from lantern.core import (
            files,
            keys,  # noqa: F401  (registers the key rotation job and its system check)
        )
        from lantern.core.imports import pipeline  # noqa: F401  (registers the import jobs)

        checks.register(files.check_virus_scanner, checks.Tags.security, deploy=True)
