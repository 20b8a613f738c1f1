"""Small pieces every case service uses: today's date, date checks, the timeline, the audit entry, row locks."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.cases.models import Case, CaseEvent, CaseStatus


def today() -> datetime.date:
    return timezone.localdate()


def not_in_future(value: datetime.date | None, label: str) -> None:
    if value is not None and value > today():
        raise ValidationError({label: "The date must be today or in the past"})


def event(case: Case, actor: Any, kind: str, summary: str) -> CaseEvent:
    """A line on the case timeline: never personal data in the summary."""
    return CaseEvent.objects.create(case=case, occurred_at=timezone.now(), actor=actor, kind=kind, summary=summary)


def audit(actor: Any, action: str, kind: str, target: Any, changes: dict[str, Any] | None = None) -> None:
    audit_record(actor=actor, action=action, kind=kind, target=target, target_label=str(target), changes=changes)


def lock_case(case: Case) -> None:
    """Reload ``case`` with its row locked until the transaction ends, so checks and writes see one state."""
    case.refresh_from_db(from_queryset=Case.objects.select_for_update())


def ensure_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError("The case is closed. Reopen it first.")
