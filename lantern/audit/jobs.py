"""Background jobs of the audit trail."""

from typing import Any

from lantern.audit.models import AuditAction, AuditEntry
from lantern.audit.services import audit_record, audit_verify
from lantern.core.jobs import ProgressReporter, job_kind
from lantern.core.models import BackgroundJob


@job_kind("audit.verify")
def verify_chain(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    progress.total(AuditEntry.objects.count())
    checked, broken, signed = audit_verify(on_progress=progress.advance)
    result: dict[str, Any] = {"checked": checked, "intact": broken is None}
    if signed:
        result["checkpoints"] = signed
    if broken is not None:
        result.update({"broken_at": broken.sequence, "reason": broken.reason})
    against = f" against {signed} signed checkpoint{'s' if signed != 1 else ''}" if signed else ""
    job.message = (
        f"All {checked} entries verified{against}: the chain is intact."
        if broken is None
        else f"The chain is broken at entry {broken.sequence}: {broken.reason}."
    )
    audit_record(actor=job.started_by, action="audit.verify", kind=AuditAction.SECURITY, changes=result)
    return result
