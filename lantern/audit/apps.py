from typing import Any

from lantern.audit.capabilities import VIEW_AUDIT
from lantern.core import plugins


class AuditConfig(plugins.LanternAppConfig):
    name = "lantern.audit"
    label = "audit"
    verbose_name = "Audit trail"
    navigation = (plugins.NavItem("Audit trail", "audit:log", (VIEW_AUDIT,), 70, "audit"),)

    def ready(self) -> None:
        from lantern.audit import jobs  # noqa: F401  (registers the job kinds)

    def home_sections(self, user: Any) -> list[plugins.HomeSection]:
        from django.urls import reverse

        if not user.can(VIEW_AUDIT):
            return []
        return [plugins.HomeSection(
            "Data protection",
            "Who looked at or changed what, and why.",
            (plugins.HomeLink("Search the audit trail", reverse("audit:log"),
                      "Filter by user, record and date; export what you find; check the chain is intact."),),
            50,
        )]
