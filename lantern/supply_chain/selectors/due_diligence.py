"""Reads of due-diligence records: questionnaires, the code of conduct, audits, corrective actions,
contracts; and which suppliers have had due diligence.

Supplier records are not need-to-know case records: everyone whose role may view the supply chain
sees every supplier's due diligence (403 for the other roles, by capability); a record that does not
exist is 404. The supplier's questionnaire link is found by its token's hash only.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found, require_capability
from lantern.supply_chain.models import (
    AuditFinding,
    CodeOfConductAcknowledgement,
    CodeOfConductVersion,
    Contract,
    CorrectiveAction,
    CorrectiveActionEvidence,
    Questionnaire,
    Supplier,
    SupplierAudit,
)
from lantern.supply_chain.models.due_diligence import (
    ANSWERED_STATUSES,
    LINK_STATUSES,
    OPEN_ACTION_STATUSES,
)

# What counts as due diligence on a supplier, for the dashboard's "share of high-risk spend with due
# diligence": a questionnaire submitted within this many days, or an audit carried out within them.
DUE_DILIGENCE_WINDOW_DAYS = 365
# An action due within this many days is "due soon" (its owner is reminded).
DUE_SOON_DAYS = 7


def ensure_can_view(user: Any) -> None:
    require_capability(user, Capability.VIEW_SUPPLY_CHAIN)


def ensure_can_manage(user: Any) -> None:
    require_capability(user, Capability.MANAGE_SUPPLY_CHAIN)


def may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_SUPPLY_CHAIN))


def _get(qs: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise not_found() from None


def questionnaire_get_for_user(*, user: Any, reference: str) -> Questionnaire:
    ensure_can_view(user)
    return _get(Questionnaire.objects.select_related("supplier", "question_set", "sent_by"),
                reference=str(reference).upper())


def questionnaires_visible_to(user: Any) -> QuerySet[Questionnaire]:
    ensure_can_view(user)
    return Questionnaire.objects.select_related("supplier").order_by("-created_at", "-id")


def questionnaires_for_supplier(supplier: Supplier) -> QuerySet[Questionnaire]:
    return supplier.questionnaires.order_by("-round")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def questionnaire_by_link(*, token_digest: str, now: datetime.datetime | None = None) -> Questionnaire | None:
    """The questionnaire whose live link has this token hash; None for a wrong, expired or revoked link
    (the caller answers each of them the same way)."""
    if not token_digest or len(token_digest) != 64:
        return None
    now = now or timezone.now()
    return (Questionnaire.objects.select_related("supplier", "question_set")
            .filter(token_hash=token_digest, status__in=LINK_STATUSES, link_expires_at__gt=now,
                    link_revoked_at__isnull=True).first())


def code_acknowledgements_for(supplier: Supplier) -> QuerySet[CodeOfConductAcknowledgement]:
    return supplier.code_acknowledgements.select_related("version", "recorded_by")


def code_acknowledged(supplier: Supplier, version: CodeOfConductVersion) -> bool:
    return supplier.code_acknowledgements.filter(version=version).exists()


def audit_get_for_user(*, user: Any, reference: str) -> SupplierAudit:
    ensure_can_view(user)
    return _get(SupplierAudit.objects.select_related("supplier"), reference=str(reference).upper())


def finding_get_for_user(*, user: Any, finding_id: Any) -> AuditFinding:
    ensure_can_view(user)
    return _get(AuditFinding.objects.select_related("audit__supplier"), pk=finding_id)


def action_get_for_user(*, user: Any, action_id: Any) -> CorrectiveAction:
    ensure_can_view(user)
    return _get(CorrectiveAction.objects.select_related("finding__audit__supplier", "owner", "verified_by"),
                pk=action_id)


def evidence_get_on_action(*, action: CorrectiveAction, evidence_id: Any) -> CorrectiveActionEvidence:
    return _get(action.evidence.all(), pk=evidence_id)


def actions_open_on_q(day: datetime.date) -> Q:
    """Corrective actions open (or in progress) on ``day``: added by then, and not done by then (still
    open or in progress, or marked done only after it). For today, simply the open and in-progress ones."""
    return Q(created_at__date__lte=day) & (Q(status__in=OPEN_ACTION_STATUSES) | Q(done_on__gt=day))


def overdue_actions_q(today: datetime.date) -> Q:
    """The one definition of an overdue corrective action: open or in progress on ``today`` (any day, for
    a past period's figure), past its due date."""
    return actions_open_on_q(today) & Q(due_on__lt=today)


def due_soon_actions_q(today: datetime.date) -> Q:
    return Q(status__in=OPEN_ACTION_STATUSES, due_on__gte=today,
             due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))


def actions_visible_to(user: Any) -> QuerySet[CorrectiveAction]:
    ensure_can_view(user)
    return CorrectiveAction.objects.select_related("finding__audit__supplier", "owner")


def actions_overdue(*, user: Any, today: datetime.date | None = None) -> QuerySet[CorrectiveAction]:
    """Overdue corrective actions across every supplier, the longest overdue first."""
    today = today or timezone.localdate()
    return actions_visible_to(user).filter(overdue_actions_q(today)).order_by("due_on", "id")


def contracts_visible_to(user: Any) -> QuerySet[Contract]:
    ensure_can_view(user)
    return Contract.objects.select_related("supplier")


def contract_get_for_user(*, user: Any, contract_id: Any) -> Contract:
    return _get(contracts_visible_to(user), pk=contract_id)


def due_diligence_since(as_of: datetime.date | None = None) -> datetime.datetime:
    as_of = as_of or timezone.localdate()
    start = as_of - datetime.timedelta(days=DUE_DILIGENCE_WINDOW_DAYS)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


def suppliers_with_due_diligence(*, as_of: datetime.date | None = None,
                                 suppliers: QuerySet[Supplier] | None = None) -> QuerySet[Supplier]:
    """Suppliers that have had due diligence in the 12 months (365 days) up to ``as_of`` (today):
    a questionnaire **submitted** in that time (submitted or acknowledged; one merely sent does not
    count), or an audit of any kind **carried out** in that time. Code of conduct acknowledgements
    and contracts alone do not count. ``suppliers`` narrows the answer (e.g. the high-risk ones).
    """
    as_of = as_of or timezone.localdate()
    since = due_diligence_since(as_of)
    questionnaire = Questionnaire.objects.filter(
        supplier=OuterRef("pk"), status__in=ANSWERED_STATUSES, submitted_at__gte=since,
        submitted_at__date__lte=as_of)
    audit = SupplierAudit.objects.filter(
        supplier=OuterRef("pk"), carried_out_on__gte=since.date(), carried_out_on__lte=as_of)
    base = suppliers if suppliers is not None else Supplier.objects.all()
    return base.filter(Exists(questionnaire) | Exists(audit))


@dataclass(frozen=True)
class DueDiligenceSummary:
    """What a supplier's due-diligence section shows."""

    supplier: Supplier
    questionnaires: list[Questionnaire]
    latest_answered: Questionnaire | None  # the newest round submitted: its scores per theme are shown
    code_version: CodeOfConductVersion | None
    code_acknowledgements: list[CodeOfConductAcknowledgement]
    code_current_acknowledged: bool
    audits: list[SupplierAudit]
    open_actions: list[CorrectiveAction]
    overdue_count: int
    contracts: list[Contract]
    has_due_diligence: bool
    today: datetime.date


def due_diligence_summary(*, user: Any, supplier: Supplier,
                          code_version: CodeOfConductVersion | None) -> DueDiligenceSummary:
    ensure_can_view(user)
    today = timezone.localdate()
    actions = list(CorrectiveAction.objects.open().filter(finding__audit__supplier=supplier)
                   .select_related("finding__audit", "owner").order_by("due_on", "id"))
    acknowledgements = list(code_acknowledgements_for(supplier))
    questionnaires = list(questionnaires_for_supplier(supplier))
    return DueDiligenceSummary(
        supplier=supplier,
        questionnaires=questionnaires,
        latest_answered=next((q for q in questionnaires if q.status in ANSWERED_STATUSES), None),
        code_version=code_version,
        code_acknowledgements=acknowledgements,
        code_current_acknowledged=code_version is not None
        and any(a.version_id == code_version.pk for a in acknowledgements),
        audits=list(supplier.audits.prefetch_related("findings")),
        open_actions=actions,
        overdue_count=sum(1 for a in actions if a.is_overdue(today)),
        contracts=list(supplier.contracts.all()),
        has_due_diligence=suppliers_with_due_diligence(
            suppliers=Supplier.objects.filter(pk=supplier.pk)).exists(),
        today=today,
    )
