"""Writing insight: building open-data releases and approving them (each audited in its transaction)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.jobs import job_start
from lantern.core.periods import Period, parse
from lantern.core.suppression import Rules
from lantern.insights.figures import open_data_rules
from lantern.insights.models import Release, ReleaseStatus
from lantern.insights.opendata import release_content

BUILD_JOB = "insights.build_release"


@transaction.atomic
def release_build_start(*, period: Period, acting_user: Any) -> Release:
    """Record a release for ``period`` and queue the job that builds it (it runs once this commits)."""
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    job = job_start(kind=BUILD_JOB, title=f"Build the open-data release for {period.label}", started_by=acting_user)
    rules = open_data_rules()
    release = Release.objects.create(
        period_code=period.code, period_start=period.start, period_end=period.end, built_by=acting_user, job=job,
        rules=rules.as_dict(),
    )
    audit_record(actor=acting_user, action="release.build", kind=AuditAction.CREATE, target=release,
                 changes={"period": period.code, "threshold": rules.threshold, "rounding_base": rules.rounding_base})
    return release


def release_build(*, release: Release, on_progress: Callable[[int, str], None] | None = None) -> Release:
    """Compute the release's figures (suppressed and rounded under its rules) and store them: ready for review."""
    rules = Rules(threshold=release.rules["threshold"], rounding_base=release.rules["rounding_base"],
                  suppress_zero=release.rules.get("suppress_zero", False))
    content = release_content(parse(release.period_code), rules, on_progress=on_progress)
    with transaction.atomic():
        locked = Release.objects.select_for_update().get(pk=release.pk)
        if locked.status != ReleaseStatus.BUILDING:
            return locked
        locked.content = content
        locked.status = ReleaseStatus.READY
        locked.built_at = timezone.now()
        locked.save(update_fields=["content", "status", "built_at", "updated_at"])
        audit_record(actor=release.built_by, action="release.built", kind=AuditAction.UPDATE, target=locked,
                     changes={"status": locked.status, "kpis": len(content["kpis"])})
    return locked


@transaction.atomic
def release_approve(*, release: Release, acting_user: Any) -> Release:
    """Approve a built release: from now on the public statistics page publishes it."""
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    locked = Release.objects.select_for_update().get(pk=release.pk)
    if locked.status != ReleaseStatus.READY:
        raise ValidationError("Only a release that has been built and not yet approved can be approved.")
    locked.status = ReleaseStatus.APPROVED
    locked.approved_by = acting_user
    locked.approved_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit_record(actor=acting_user, action="release.approve", kind=AuditAction.UPDATE, target=locked,
                 changes={"status": locked.status, "period": locked.period_code})
    return locked
