"""When a case is overdue or has a date coming up: the one definition, used by the lists, the case page,
'My work', the reminders and the API (workflow.due_items applies the same rules to one case in memory)."""

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from lantern.cases import rules
from lantern.cases.models import Case, CaseStage, CaseStatus

# 'My work' lists the dates coming up in the next fortnight.
DUE_SOON_DAYS = 14


def overdue_q(today: datetime.date) -> Q:
    """Open cases waiting past a deadline: an RG decision past its expected date, the recovery period ended
    without a conclusive grounds decision, move-on support ended without a move-on plan, or a child's NRM
    referral not made."""
    return Q(status=CaseStatus.OPEN) & (
        Q(stage=CaseStage.REFERRED, rg_expected_by__lt=today)
        | Q(stage=CaseStage.RECOVERY, recovery_ends_on__lt=today)
        | Q(stage=CaseStage.CG_POSITIVE, move_on_ends_on__lt=today, move_on_planned_on__isnull=True)
        | Q(route__in=rules.CHILD_ROUTES, stage__in=[CaseStage.SCREENING, CaseStage.NRM_DUE])
    )


def due_soon_q(today: datetime.date, days: int = DUE_SOON_DAYS) -> Q:
    """Open cases with an RG decision expected, a recovery period ending or move-on support ending between
    today and ``days`` days from now."""
    until = today + datetime.timedelta(days=days)
    return Q(status=CaseStatus.OPEN) & (
        Q(stage=CaseStage.REFERRED, rg_expected_by__range=(today, until))
        | Q(stage=CaseStage.RECOVERY, recovery_ends_on__range=(today, until))
        | Q(stage=CaseStage.CG_POSITIVE, move_on_ends_on__range=(today, until))
    )


def with_overdue(qs: QuerySet[Case], today: datetime.date) -> QuerySet[Case]:
    """Annotate ``is_overdue`` from overdue_q, the one definition of 'overdue'."""
    return qs.annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
