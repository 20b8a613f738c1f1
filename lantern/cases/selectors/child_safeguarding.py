"""A child's safeguarding steps, read with the case itself."""

import datetime
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from lantern.cases import safeguarding
from lantern.cases.models import (
    Case,
    ReferralKind,
    SafeguardingStep,
    SafeguardingStepNotNeeded,
    StrategyDiscussion,
)
from lantern.partnership import selectors as partnership_selectors

NOT_NEEDED_PREFIX = "safeguarding_not_needed_"


def with_child_safeguarding(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case with its first strategy discussion's date (``first_strategy_discussion_on``) and,
    for each step that can be recorded as not needed, the reason given (``safeguarding_not_needed_<step>``),
    so that the case page reads a child's safeguarding steps with the case itself."""
    not_needed = {
        f"{NOT_NEEDED_PREFIX}{step}": Subquery(
            SafeguardingStepNotNeeded.objects.filter(case=OuterRef("pk"), step=step).values("reason")[:1])
        for step in SafeguardingStep.values
    }
    first_discussion = (StrategyDiscussion.objects.filter(case=OuterRef("pk")).order_by("held_on")
                        .values("held_on")[:1])
    return qs.annotate(first_strategy_discussion_on=Subquery(first_discussion), **not_needed)


def child_safeguarding_steps(case: Case, referrals: list[Any] | None = None) -> list[safeguarding.StepState] | None:
    """A child's safeguarding steps before and including the NRM referral (None for an adult's case).

    ``case`` must come from case_get_for_user(for_case_page=True) (see with_child_safeguarding);
    ``referrals`` are the case's referrals when the caller has them already.
    """
    if not case.is_child:
        return None
    kinds = {ReferralKind.CHILDRENS_SOCIAL_CARE: safeguarding.Step.CHILDRENS_SOCIAL_CARE,
             ReferralKind.ICTG: safeguarding.Step.ICTG, ReferralKind.NRM: safeguarding.Step.NRM}
    done_on: dict[safeguarding.Step, datetime.date] = {}
    for referral in sorted(referrals if referrals is not None else case.referrals.all(), key=lambda r: r.made_on):
        if referral.kind in kinds:
            done_on.setdefault(kinds[referral.kind], referral.made_on)
    if case.first_strategy_discussion_on is not None:  # type: ignore[attr-defined]
        done_on[safeguarding.Step.STRATEGY_DISCUSSION] = case.first_strategy_discussion_on  # type: ignore[attr-defined]
    not_needed = {safeguarding.Step(step): reason for step in SafeguardingStep.values
                  if (reason := getattr(case, f"{NOT_NEEDED_PREFIX}{step}")) is not None}
    return safeguarding.child_steps(done_on=done_on, not_needed=not_needed,
                                    ictg_available=partnership_selectors.ictg_available())
