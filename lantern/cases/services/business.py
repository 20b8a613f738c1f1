"""The business where someone was exploited, and the council supplier it is, on a concern or a case."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.cases.models import Case, Concern, ConcernStatus
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import event, lock
from lantern.core.access import require_capability

FIELDS = ["business_name", "business_supplier"]


def _set(record: Concern | Case, business_name: str, supplier: Any) -> dict[str, Any]:
    before = {"business_name": record.business_name, "business_supplier": record.business_supplier_id}
    record.business_name = business_name.strip()[:200]
    record.business_supplier = supplier
    record.save(update_fields=[*FIELDS, "updated_at"])
    # The name is encrypted, so the audit records that it changed, never its value; the supplier is a plain link.
    return describe_changes(instance=record, fields=FIELDS, before=before)


@transaction.atomic
def concern_set_business(*, concern: Concern, acting_user: User, business_name: str, supplier: Any = None) -> Concern:
    """Triage names the business on a submitted concern (and the council supplier it is, if it is one)."""
    require_capability(acting_user, Capability.TRIAGE_CONCERN)
    lock(concern)
    if concern.status == ConcernStatus.DRAFT:
        raise ValidationError("The concern has not been submitted yet.")
    changes = _set(concern, business_name, supplier)
    audit_record(actor=acting_user, action="concern.business", kind=AuditAction.UPDATE, target=concern,
                 changes=changes)
    return concern


@transaction.atomic
def case_set_business(*, case: Case, acting_user: User, business_name: str, supplier: Any = None) -> Case:
    """Someone who works the case names the business (and the council supplier it is, if it is one)."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    changes = _set(case, business_name, supplier)
    event(case, acting_user, "business", "Business where the person was exploited recorded"
          if business_name.strip() or supplier else "Business where the person was exploited removed")
    audit_record(actor=acting_user, action="case.business", kind=AuditAction.UPDATE, target=case, changes=changes)
    return case
