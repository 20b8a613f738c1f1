"""Training and awareness records, one module per part: courses and attendance, the module, campaigns."""

from lantern.training.models.campaigns import (
    Audience,
    Campaign,
    CampaignMaterial,
    CampaignReach,
    Channel,
    ReachMeasure,
)
from lantern.training.models.learning import LearnAttempt

__all__ = ["Audience", "Campaign", "CampaignMaterial", "CampaignReach", "Channel", "LearnAttempt", "ReachMeasure"]
