"""A child's safeguarding steps before the NRM referral, as the case page shows them."""

import datetime
from typing import Any

from lantern.cases import safeguarding
from lantern.cases.models import (
    Case,
    ReferralKind,
    SafeguardingStepNotNeeded,
    StrategyDiscussion,
)
from lantern.partnership import selectors as partnership_selectors


def child_safeguarding_steps(case: Case, referrals: list[Any] | None = None) -> list[safeguarding.StepState] | None:
    """A child's safeguarding steps before and including the NRM referral (None for an adult's case).

    ``case`` must come from case_get_for_user (access checked); ``referrals`` are the case's referrals
    when the caller has them already. Two small queries, for a child's case only: the case page once read
    these with every case, adult or child, as four subqueries, which cost Django more to build than these.
    """
    if not case.is_child:
        return None
    kinds = {ReferralKind.CHILDRENS_SOCIAL_CARE: safeguarding.Step.CHILDRENS_SOCIAL_CARE,
             ReferralKind.ICTG: safeguarding.Step.ICTG, ReferralKind.NRM: safeguarding.Step.NRM}
    done_on: dict[safeguarding.Step, datetime.date] = {}
    for referral in sorted(referrals if referrals is not None else case.referrals.all(), key=lambda r: r.made_on):
        if referral.kind in kinds:
            done_on.setdefault(kinds[referral.kind], referral.made_on)
    first_discussion = (StrategyDiscussion.objects.filter(case=case).order_by("held_on")
                        .values_list("held_on", flat=True).first())
    if first_discussion is not None:
        done_on[safeguarding.Step.STRATEGY_DISCUSSION] = first_discussion
    not_needed = {safeguarding.Step(step): reason for step, reason
                  in SafeguardingStepNotNeeded.objects.filter(case=case).values_list("step", "reason")}
    return safeguarding.child_steps(done_on=done_on, not_needed=not_needed,
                                    ictg_available=partnership_selectors.ictg_available())
