from lantern.accounts.capabilities import Capability
from lantern.core import plugins


class TrainingConfig(plugins.LanternAppConfig):
    """Training and awareness: the course catalogue, the training matrix, sessions and attendance,
    compliance, certificates, evaluation, the public "spot the signs" module and campaigns."""

    name = "lantern.training"
    label = "training"
    verbose_name = "Training and awareness"
    # Everyone else reaches "My training" from the home page.
    navigation = (
        plugins.NavItem("Training", "training:overview",
                        (Capability.MANAGE_TRAINING, Capability.VIEW_TRAINING_COMPLIANCE), 65, "training"),
    )

    def ready(self) -> None:
        super().ready()
        from lantern.core.imports import registry
        from lantern.training import pipeline, tasks  # noqa: F401  (tasks: registers the Celery tasks)

        registry.register(pipeline.ATTENDANCE_IMPORT)
        registry.register(pipeline.COMPLETIONS_IMPORT)
