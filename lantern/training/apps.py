from lantern.core import plugins


class TrainingConfig(plugins.LanternAppConfig):
    """Training and awareness: the course catalogue, the training matrix, sessions and attendance,
    compliance, certificates, evaluation, the public "spot the signs" module and campaigns."""

    name = "lantern.training"
    label = "training"
    verbose_name = "Training and awareness"
