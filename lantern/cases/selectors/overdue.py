"""When a case is overdue: the one definition, used by the lists, the case page and the API."""

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from lantern.cases import rules
from lantern.cases.models import Case, CaseStage, CaseStatus


def overdue_q(today: datetime.date) -> Q:
    """Open cases waiting past a deadline: an RG decision past its expected date, or a child's NRM referral not made."""
    return Q(status=CaseStatus.OPEN) & (
        Q(stage=CaseStage.REFERRED, rg_expected_by__lt=today)
        | Q(route__in=rules.CHILD_ROUTES, stage__in=[CaseStage.SCREENING, CaseStage.NRM_DUE])
    )


def with_overdue(qs: QuerySet[Case], today: datetime.date) -> QuerySet[Case]:
    """Annotate ``is_overdue`` from overdue_q, the one definition of 'overdue'."""
    return qs.annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
