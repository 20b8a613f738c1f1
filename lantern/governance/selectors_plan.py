"""Reading the action plan: who may, and the views of it a programme manager needs.

Viewing needs VIEW_GOVERNANCE (programme managers, SHOP coordinators, board viewers), changing it
MANAGE_GOVERNANCE; any other role is refused with 403. A record that does not exist is 404.
"""

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found, require_capability
from lantern.governance.models import (
    OPEN_STATUSES,
    Meeting,
    MeetingStatus,
    PlanAction,
    PlanActionChange,
    PlanObjective,
    Priority,
    ProgressEvidence,
    ProgressUpdate,
    Rag,
    StrategyPeriod,
)

CHANGED_SINCE_DEFAULT_DAYS = 91  # "the last three months", when no board has met yet


def ensure_can_view(user: Any) -> None:
    require_capability(user, Capability.VIEW_GOVERNANCE)


def ensure_can_manage(user: Any) -> None:
    require_capability(user, Capability.MANAGE_GOVERNANCE)


def may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_GOVERNANCE))


def _get(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        return qs.get(pk=int(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise not_found() from exc


def periods_visible_to(user: Any) -> QuerySet[StrategyPeriod]:
    ensure_can_view(user)
    return StrategyPeriod.objects.annotate(action_count=Count("priorities__objectives__actions"))


def period_current() -> StrategyPeriod | None:
    return StrategyPeriod.objects.filter(is_current=True).first()


def period_get_for_user(*, user: Any, period_id: Any) -> StrategyPeriod:
    ensure_can_view(user)
    return _get(StrategyPeriod.objects.all(), period_id)


def priorities_visible_to(user: Any) -> QuerySet[Priority]:
    ensure_can_view(user)
    return Priority.objects.select_related("period")


def priority_get_for_user(*, user: Any, priority_id: Any) -> Priority:
    return _get(priorities_visible_to(user), priority_id)


def objectives_visible_to(user: Any) -> QuerySet[PlanObjective]:
    ensure_can_view(user)
    return PlanObjective.objects.select_related("priority__period")


def objective_get_for_user(*, user: Any, objective_id: Any) -> PlanObjective:
    return _get(objectives_visible_to(user), objective_id)


def actions_visible_to(user: Any) -> QuerySet[PlanAction]:
    ensure_can_view(user)
    return PlanAction.objects.select_related("objective__priority__period", "lead_agency", "lead_person")


def action_get_for_user(*, user: Any, action_id: Any) -> PlanAction:
    return _get(actions_visible_to(user), action_id)


def evidence_get_on_action(*, action: PlanAction, evidence_id: Any) -> ProgressEvidence:
    return _get(ProgressEvidence.objects.filter(update__action=action), evidence_id)


def overdue_q(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


def changed_since_q(since: datetime.date) -> Q:
    """Actions made, edited or updated on or after ``since``."""
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=timezone.get_current_timezone())
    updated = ProgressUpdate.objects.filter(action=OuterRef("pk"), created_at__gte=start)
    edited = PlanActionChange.objects.filter(action=OuterRef("pk"), created_at__gte=start)
    return Q(created_at__gte=start) | Q(Exists(updated)) | Q(Exists(edited))


def last_board_meeting(today: datetime.date) -> Meeting | None:
    """The last meeting held before ``today`` by a strategic board (one that does not review cases: the plan
    is reported to SASP, not to SHOP)."""
    return (Meeting.objects.filter(reviews_cases=False, starts_at__date__lt=today)
            .exclude(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.CANCELLED])
            .select_related("board").order_by("-starts_at").first())


def changed_since_default(today: datetime.date) -> datetime.date:
    """"Changed since the last board": the day of the last strategic board meeting, else three months ago."""
    meeting = last_board_meeting(today)
    if meeting is not None:
        return timezone.localtime(meeting.starts_at).date()
    return today - datetime.timedelta(days=CHANGED_SINCE_DEFAULT_DAYS)


def recent_board_meetings() -> QuerySet[Meeting]:
    """Meetings an update can say it was reported to: held or coming, within the last year, newest first."""
    since = timezone.now() - datetime.timedelta(days=366)
    return (Meeting.objects.filter(starts_at__gte=since).exclude(status=MeetingStatus.CANCELLED)
            .select_related("board").order_by("-starts_at"))


def actions_filtered(qs: QuerySet[PlanAction], *, period: StrategyPeriod | None = None, area: str = "",
                     agency_id: int | None = None, overdue: bool = False,
                     changed_since: datetime.date | None = None) -> QuerySet[PlanAction]:
    today = timezone.localdate()
    if period is not None:
        qs = qs.filter(objective__priority__period=period)
    if area:
        qs = qs.filter(objective__priority__area=area)
    if agency_id is not None:
        qs = qs.filter(lead_agency_id=agency_id)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if changed_since is not None:
        qs = qs.filter(changed_since_q(changed_since))
    return qs


def action_history(action: PlanAction) -> list[dict[str, Any]]:
    """The action's progress updates and field changes, newest first, as one list."""
    rows: list[dict[str, Any]] = []
    for update in action.updates.select_related("created_by", "meeting__board").prefetch_related("links", "evidence"):
        rows.append({"kind": "update", "at": update.created_at, "item": update})
    for change in action.changes.select_related("created_by"):
        rows.append({"kind": "change", "at": change.created_at, "item": change})
    return sorted(rows, key=lambda row: row["at"], reverse=True)


def plan_summary(actions: QuerySet[PlanAction]) -> dict[str, Any]:
    """Counts by RAG and status, and overdue, for the heading of a view of the plan."""
    today = timezone.localdate()
    counts = dict(actions.filter(status__in=OPEN_STATUSES).values_list("rag").annotate(n=Count("id")))
    by_rag = [(value, label, counts.get(value, 0)) for value, label in Rag.choices]
    return {"total": actions.count(), "open": actions.filter(status__in=OPEN_STATUSES).count(),
            "overdue": actions.filter(overdue_q(today)).count(), "by_rag": by_rag}


def period_or_404(user: Any, period_id: Any = None) -> StrategyPeriod:
    if period_id is None:
        ensure_can_view(user)
        period = period_current()
        if period is None:
            raise Http404("No strategy period has been started.")
        return period
    return period_get_for_user(user=user, period_id=period_id)
