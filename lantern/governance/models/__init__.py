"""Governance records, one module per part: meetings, the action plan, the pledge, the maturity assessment."""

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
    "COMMITMENT_DESCRIPTIONS",
    "PUBLISHED_FIELDS",
    "FollowUpKind",
    "PledgeCommitment",
    "PledgeFollowUp",
    "PledgeSector",
    "PledgeSignatory",
    "PledgeSource",
    "PledgeStatus",
]
