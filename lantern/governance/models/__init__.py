"""Governance records, one module per part: meetings, the action plan, the pledge, the maturity assessment."""

from lantern.governance.models.maturity import (
    FrameworkCriterion,
    FrameworkSection,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
)
from lantern.governance.models.plan import (
    OPEN_STATUSES,
    ActionStatus,
    PlanAction,
    PlanActionChange,
    PlanObjective,
    Priority,
    ProgressEvidence,
    ProgressLink,
    ProgressUpdate,
    Rag,
    StrategyPeriod,
)

__all__ = [
    "OPEN_STATUSES", "ActionStatus", "FrameworkCriterion", "FrameworkSection", "MaturityAssessment",
    "MaturityFramework", "MaturityLevel", "MaturityScore", "PlanAction", "PlanActionChange", "PlanObjective",
    "Priority", "ProgressEvidence", "ProgressLink", "ProgressUpdate", "Rag", "StrategyPeriod",
]
