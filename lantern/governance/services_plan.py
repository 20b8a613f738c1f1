"""Every change to the action plan: each takes the acting user, runs in a transaction and is audited
in it. Progress updates are appended, never edited; an action's field changes are kept beside it
(``PlanActionChange``) as well as in the audit trail."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from lantern.accounts.models import Agency, User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.core import files
from lantern.core.kpis import kpi_get
from lantern.core.reference import Objective
from lantern.governance import plan_workflow
from lantern.governance.models import (
    OPEN_STATUSES,
    FrameworkCriterion,
    MaturityScore,
    PlanAction,
    PlanActionChange,
    PlanActionStatus,
    PlanObjective,
    Priority,
    ProgressEvidence,
    ProgressLink,
    ProgressUpdate,
    StrategyPeriod,
)
from lantern.governance.selectors_plan import ensure_can_manage

ACTION_FIELDS = ["title", "description", "lead_agency", "lead_person", "starts_on", "due_on", "success_measure", "rag"]


def _checked(instance: Any) -> None:
    starts, ends = (getattr(instance, "starts_on", None),
                    getattr(instance, "ends_on", None) or getattr(instance, "due_on", None))
    if starts and ends and ends < starts:
        field = "ends_on" if hasattr(instance, "ends_on") else "due_on"
        raise ValidationError({field: "The end date must be the same as or after the start date"})
    instance.full_clean()


# --- Strategy periods ---------------------------------------------------------------------------


def _period_make(*, title: str, starts_on: datetime.date, ends_on: datetime.date, acting_user: User) -> StrategyPeriod:
    StrategyPeriod.objects.filter(is_current=True).update(is_current=False)
    period = StrategyPeriod(title=title.strip(), starts_on=starts_on, ends_on=ends_on, is_current=True,
                            created_by=acting_user)
    _checked(period)
    period.save()
    for area in Objective:
        Priority.objects.create(period=period, area=area.value, title=area.label.split(". ", 1)[-1])
    return period


@transaction.atomic
def period_start(*, title: str, starts_on: datetime.date, ends_on: datetime.date, acting_user: User,
                 carry_forward: bool = True) -> StrategyPeriod:
    """A new strategy period, made current, with the seven priorities; with ``carry_forward`` every open
    action of the period before is copied into it (under an objective of the same name and priority,
    linked to the original) and the original marked carried forward."""
    ensure_can_manage(acting_user)
    previous = StrategyPeriod.objects.select_for_update().filter(is_current=True).first()
    period = _period_make(title=title, starts_on=starts_on, ends_on=ends_on, acting_user=acting_user)
    carried: list[int] = []
    if carry_forward and previous is not None:
        open_actions = (PlanAction.objects.select_for_update().select_related("objective__priority")
                        .filter(objective__priority__period=previous, status__in=OPEN_STATUSES).order_by("id"))
        for original in open_actions:
            carried.append(_carry(original, period=period, acting_user=acting_user).pk)
    audit_record(actor=acting_user, action="strategy_period.start", kind=AuditAction.CREATE, target=period,
                 changes={"title": period.title, "starts_on": str(starts_on), "ends_on": str(ends_on),
                          "previous": previous.pk if previous else None, "carried_forward": len(carried)})
    return period


def _carry(original: PlanAction, *, period: StrategyPeriod, acting_user: User) -> PlanAction:
    old_objective = original.objective
    priority = Priority.objects.get(period=period, area=old_objective.priority.area)
    objective, _ = PlanObjective.objects.get_or_create(
        priority=priority, title=old_objective.title,
        defaults={"description": old_objective.description, "order": old_objective.order})
    copy = PlanAction.objects.create(
        objective=objective, title=original.title, description=original.description,
        lead_agency=original.lead_agency, lead_person=original.lead_person,
        starts_on=max(original.starts_on, period.starts_on), due_on=max(original.due_on, period.starts_on),
        success_measure=original.success_measure, rag=original.rag, status=original.status,
        carried_from=original, maturity_criterion=original.maturity_criterion,
        maturity_score=original.maturity_score, created_by=acting_user)
    before = original.status
    plan_workflow.carry_forward(original)
    original.save(update_fields=["status", "updated_at"])
    PlanActionChange.objects.create(action=original, created_by=acting_user, summary=f"Carried forward to {period}",
                                    changes={"Status": [PlanActionStatus(before).label, PlanActionStatus.CARRIED_FORWARD.label]})
    PlanActionChange.objects.create(action=copy, created_by=acting_user,
                                    summary=f"Carried forward from {original.objective.priority.period}")
    audit_record(actor=acting_user, action="plan_action.carry_forward", kind=AuditAction.UPDATE, target=original,
                 changes={"status": [before, PlanActionStatus.CARRIED_FORWARD.value], "copy": copy.pk})
    return copy


# --- Objectives and actions ---------------------------------------------------------------------


@transaction.atomic
def objective_create(*, priority: Priority, title: str, description: str = "", acting_user: User) -> PlanObjective:
    ensure_can_manage(acting_user)
    order = priority.objectives.count() + 1
    objective = PlanObjective(priority=priority, title=title.strip(), description=description.strip(), order=order)
    objective.full_clean()
    objective.save()
    audit_record(actor=acting_user, action="plan_objective.create", kind=AuditAction.CREATE, target=objective,
                 changes={"priority": priority.pk, "title": objective.title})
    return objective


@transaction.atomic
def action_create(*, objective: PlanObjective, acting_user: User, title: str, lead_agency: Agency,
                  starts_on: datetime.date, due_on: datetime.date, success_measure: str, description: str = "",
                  lead_person: User | None = None, rag: str = "green", maturity_score: MaturityScore | None = None,
                  maturity_criterion: FrameworkCriterion | None = None) -> PlanAction:
    """A new action under an objective; from a maturity gap, linked back to the criterion and score."""
    ensure_can_manage(acting_user)
    if maturity_score is not None:
        maturity_criterion = maturity_score.criterion
    action = PlanAction(objective=objective, title=title.strip(), description=description.strip(),
                        lead_agency=lead_agency, lead_person=lead_person, starts_on=starts_on, due_on=due_on,
                        success_measure=success_measure.strip(), rag=rag, maturity_score=maturity_score,
                        maturity_criterion=maturity_criterion, created_by=acting_user)
    _checked(action)
    action.save()
    changes = describe_changes(instance=action, fields=ACTION_FIELDS)
    changes.update(objective=objective.pk, maturity_criterion=maturity_criterion.pk if maturity_criterion else None)
    audit_record(actor=acting_user, action="plan_action.create", kind=AuditAction.CREATE, target=action,
                 changes=changes)
    return action


def _field(name: str) -> "models.Field[Any, Any]":
    return cast("models.Field[Any, Any]", PlanAction._meta.get_field(name))


def _shown(action: PlanAction, name: str) -> str:
    value = getattr(action, name)
    if name == "rag":
        return action.get_rag_display()
    if isinstance(value, datetime.date):
        return value.strftime("%-d %b %Y")
    return "" if value is None else str(value)


@transaction.atomic
def action_edit(*, action: PlanAction, acting_user: User, **fields: Any) -> PlanAction:
    """Change an action's fields; what changed is kept in its history and the audit trail."""
    ensure_can_manage(acting_user)
    action = PlanAction.objects.select_for_update().get(pk=action.pk)
    if not action.is_open and action.status != PlanActionStatus.COMPLETED:
        raise ValidationError("A cancelled or carried-forward action cannot be changed")
    before = {name: getattr(action, _field(name).attname) for name in ACTION_FIELDS}
    shown_before = {name: _shown(action, name) for name in ACTION_FIELDS}
    for name in ACTION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(action, name, value.strip() if isinstance(value, str) else value)
    _checked(action)
    changes = describe_changes(instance=action, fields=ACTION_FIELDS, before=before)
    if not changes:
        return action
    action.save()
    PlanActionChange.objects.create(
        action=action, created_by=acting_user, summary="Edited",
        changes={str(_field(name).verbose_name).capitalize(): [shown_before[name],
                                                                                  _shown(action, name)]
                 for name in changes})
    audit_record(actor=acting_user, action="plan_action.edit", kind=AuditAction.UPDATE, target=action,
                 changes=changes)
    return action


# --- Progress updates ---------------------------------------------------------------------------


def _check_kpi(slug: str) -> str:
    slug = (slug or "").strip()
    if slug and kpi_get(slug) is None:
        raise ValidationError({"kpi_slug": "Choose a KPI from the list"})
    return slug


def progress_update_add(*, action: PlanAction, acting_user: User, rag: str, narrative: str,
                        status: str = "", on: datetime.date | None = None, kpi_slug: str = "",
                        links: Sequence[tuple[str, str]] = (), uploads: Iterable[Any] = (),
                        evidence_description: str = "", meeting: Any = None) -> ProgressUpdate:
    """A dated update on an action: its RAG and a short narrative (both required), the status it moved
    to, a KPI it rests on, links, documents (checked, scanned and stored encrypted first), and the board
    meeting it was reported to."""
    ensure_can_manage(acting_user)
    if not (narrative or "").strip():
        raise ValidationError({"narrative": "Enter a short narrative of the progress"})
    kpi_slug = _check_kpi(kpi_slug)
    deadline = files.upload_deadline()
    stored = []
    for upload in uploads:
        try:
            checked = files.check_upload(upload, deadline=deadline)
        except ValidationError as exc:
            raise ValidationError({"documents": exc.messages}) from exc
        try:
            result = files.scan_or_refuse(checked.content)
        except files.InfectedFile as exc:
            audit_record(actor=acting_user, action="plan_action.evidence_refused", kind=AuditAction.SECURITY,
                         target=action, changes={"reason": "virus scanner"})
            raise ValidationError({"documents": exc.messages}) from exc
        except ValidationError as exc:
            raise ValidationError({"documents": exc.messages}) from exc
        stored.append(files.store(checked, scan_result=result, folder=f"governance/plan/{action.pk}"))
    with transaction.atomic():
        action = PlanAction.objects.select_for_update().get(pk=action.pk)
        if not action.is_open and action.status != PlanActionStatus.COMPLETED:
            raise ValidationError("A cancelled or carried-forward action takes no more updates")
        before_status, before_rag = action.status, action.rag
        plan_workflow.advance(action, to=status or action.status)
        action.rag = rag
        if action.status == PlanActionStatus.COMPLETED and before_status != PlanActionStatus.COMPLETED:
            action.completed_on = on or timezone.localdate()
        elif action.status != PlanActionStatus.COMPLETED:
            action.completed_on = None
        action.full_clean()
        action.save()
        update = ProgressUpdate(action=action, on=on or timezone.localdate(), rag=rag, narrative=narrative.strip(),
                                status_from=before_status, status_to=action.status, kpi_slug=kpi_slug,
                                meeting=meeting, created_by=acting_user)
        update.full_clean()
        update.save()
        for url, title in links:
            link = ProgressLink(update=update, url=url.strip(), title=(title or "").strip())
            link.full_clean()
            link.save()
        evidence = [ProgressEvidence.objects.create(update=update, description=evidence_description.strip(),
                                                    created_by=acting_user, **fields) for fields in stored]
        audit_record(actor=acting_user, action="plan_action.progress_update", kind=AuditAction.UPDATE, target=action,
                     changes={"update": update.pk, "rag": [before_rag, rag], "status": [before_status, action.status],
                              "kpi": kpi_slug, "links": len(links), "evidence": [e.pk for e in evidence]})
    return update
