from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lantern.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from lantern.audit import jobs  # noqa: F401  (registers the job kinds)
