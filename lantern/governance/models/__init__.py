"""Governance records, one module per part: meetings, the action plan, the pledge, the maturity assessment."""

from lantern.governance.models.maturity import (
    FrameworkCriterion,
    FrameworkSection,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
)
from lantern.governance.models.meetings import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    AttendanceStatus,
    Attendee,
    ItemKind,
    Meeting,
    MeetingAction,
    MeetingStatus,
    MinutesVersion,
)
from lantern.governance.models.plan import (
    OPEN_STATUSES,
    PlanAction,
    PlanActionChange,
    PlanActionStatus,
    PlanObjective,
    Priority,
    ProgressEvidence,
    ProgressLink,
    ProgressUpdate,
    Rag,
    StrategyPeriod,
)
from lantern.governance.models.pledge import (
    COMMITMENT_DESCRIPTIONS,
    PUBLISHED_FIELDS,
    FollowUpKind,
    PledgeCommitment,
    PledgeFollowUp,
    PledgeSector,
    PledgeSignatory,
    PledgeSource,
    PledgeStatus,
)

__all__ = [
    "OPEN_ACTION_STATUSES", "OPEN_STATUSES", "ActionStatus", "ActionUpdate", "AgendaItem", "AttendanceStatus",
    "Attendee", "FrameworkCriterion", "FrameworkSection", "ItemKind", "MaturityAssessment", "MaturityFramework",
    "MaturityLevel", "MaturityScore", "Meeting", "MeetingAction", "MeetingStatus", "MinutesVersion", "PlanAction",
    "PlanActionChange", "PlanActionStatus", "PlanObjective", "Priority", "ProgressEvidence", "ProgressLink",
    "ProgressUpdate", "Rag", "StrategyPeriod",
    "COMMITMENT_DESCRIPTIONS", "PUBLISHED_FIELDS", "FollowUpKind", "PledgeCommitment", "PledgeFollowUp",
    "PledgeSector", "PledgeSignatory", "PledgeSource", "PledgeStatus",
]
