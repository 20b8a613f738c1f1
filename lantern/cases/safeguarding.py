"""A child's safeguarding steps, in order, as a pure function of what the case records.

On the child route, safeguarding comes first (DOMAIN.md section 5): a referral
to children's social care (the MASH), a strategy discussion, an Independent
Child Trafficking Guardian (ICTG) referral where the area has the service,
then the NRM referral, which every child has and which is never "not needed".
Each step is done (a record exists), not needed (with the reason), or due;
the first step due is the next one.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum


class Step(StrEnum):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    STRATEGY_DISCUSSION = "strategy_discussion"
    ICTG = "ictg"
    NRM = "nrm"


ORDER = (Step.CHILDRENS_SOCIAL_CARE, Step.STRATEGY_DISCUSSION, Step.ICTG, Step.NRM)

LABELS = {
    Step.CHILDRENS_SOCIAL_CARE: "Referral to children's social care / the MASH",
    Step.STRATEGY_DISCUSSION: "Strategy discussion",
    Step.ICTG: "Independent Child Trafficking Guardian (ICTG) referral",
    Step.NRM: "NRM referral",
}

NO_ICTG_SERVICE = "The partnership's area has no ICTG service."


class Status(StrEnum):
    DONE = "done"
    DUE = "due"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class StepState:
    step: Step
    status: Status
    done_on: datetime.date | None = None
    reason: str = ""
    is_next: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.step]


def child_steps(
    *, done_on: dict[Step, datetime.date], not_needed: dict[Step, str], ictg_available: bool
) -> list[StepState]:
    """Each step's state: done when recorded (whatever else was said), else not needed with a reason, else due.

    An ICTG referral is not needed where the area has no ICTG service; the NRM referral is never
    "not needed" for a child. The first step due is marked ``is_next``.
    """
    states = []
    next_found = False
    for step in ORDER:
        if step in done_on:
            states.append(StepState(step, Status.DONE, done_on=done_on[step]))
            continue
        reason = "" if step == Step.NRM else not_needed.get(step, "")
        if not reason and step == Step.ICTG and not ictg_available:
            reason = NO_ICTG_SERVICE
        if reason:
            states.append(StepState(step, Status.NOT_NEEDED, reason=reason))
            continue
        states.append(StepState(step, Status.DUE, is_next=not next_found))
        next_found = True
    return states
