from lantern.audit.capabilities import VIEW_AUDIT
from lantern.core import plugins


class AuditConfig(plugins.LanternAppConfig):
    name = "lantern.audit"
    label = "audit"
    verbose_name = "Audit trail"
    navigation = (plugins.NavItem("Audit trail", "audit:log", (VIEW_AUDIT,), 70, "audit"),)

    def ready(self) -> None:
        from lantern.audit import jobs  # noqa: F401  (registers the job kinds)
