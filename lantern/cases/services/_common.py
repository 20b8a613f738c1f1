"""Small pieces every case service uses: today's date, date checks, the timeline, row locks."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from lantern.cases.models import Case, CaseEvent, CaseStatus


def today() -> datetime.date:
    return timezone.localdate()


def not_in_future(value: datetime.date | None, label: str) -> None:
    if value is not None and value > today():
        raise ValidationError({label: "The date must be today or in the past"})


def event(case: Case, actor: Any, kind: str, summary: str) -> CaseEvent:
    """A line on the case timeline: never personal data in the summary."""
    return CaseEvent.objects.create(case=case, occurred_at=timezone.now(), actor=actor, kind=kind, summary=summary)


def lock(instance: models.Model) -> None:
    """Reload ``instance`` with its row locked until the transaction ends, so checks and writes see one state."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update())


def ensure_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError("The case is closed. Reopen it first.")


def under_18_answer(value: bool | None, current: str = "") -> str:
    """The under-18-during-exploitation answer that agrees with the flag ``value`` (a database constraint
    keeps them together): yes for true, no for false; for not known, "not sure" if that was the answer."""
    if value is None:
        return current if current == "not_sure" else ""
    return "yes" if value else "no"


def set_child_at_exploitation(case: Case, value: bool | None) -> None:
    """Set whether they were a child when exploited, and the NRM form's answer with it."""
    case.child_at_exploitation = value
    case.under_18_during_exploitation = under_18_answer(value, case.under_18_during_exploitation)
