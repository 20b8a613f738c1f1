"""Documents and photos on a case, stored encrypted after a virus scan."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases.models import Case, CaseAttachment
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import event
from lantern.core import files


def attachment_add(*, case: Case, acting_user: User, upload: Any, description: str = "") -> CaseAttachment:
    """Check, scan and store a document; a refusal is a ValidationError on ``file`` (for the page and the API)."""
    ensure_can_work_case(acting_user, case)
    try:
        checked = files.check_upload(upload)
        result = files.scan_or_refuse(checked.content)
    except files.InfectedFile as exc:
        # Recorded before the attachment's transaction begins (this function opens none around it, and
        # requests are not atomic), so the refusal stays in the trail although nothing is saved.
        audit_record(actor=acting_user, action="case.attachment_refused", kind=AuditAction.SECURITY, target=case,
                     changes={"reason": "virus scanner"})
        raise ValidationError({"file": exc.messages}) from exc
    except ValidationError as exc:  # the file's type or size, or no scanner to check it
        raise ValidationError({"file": exc.messages}) from exc
    stored = files.store(checked, scan_result=result, folder=f"cases/{case.pk}")
    with transaction.atomic():
        attachment = CaseAttachment.objects.create(case=case, description=description, created_by=acting_user,
                                                   **stored)
        event(case, acting_user, "attachment.add", "Document added")
        audit_record(actor=acting_user, action="case.attachment_add", kind=AuditAction.CREATE, target=case,
                     changes={"attachment": attachment.pk, "size": attachment.size})
    return attachment
