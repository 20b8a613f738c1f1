"""Writing insight: building open-data releases and approving them (each audited in its transaction)."""

import datetime
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
from lantern.insights.models import (
    BoardCommentary,
    BoardReport,
    BoardReportStatus,
    Release,
    ReleaseStatus,
    Statement,
    StatementArea,
    StatementStatus,
)
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


# --- Board reports ------------------------------------------------------------------------------

BOARD_REPORT_JOB = "insights.board_report"


@transaction.atomic
def board_commentary_save(*, period: Period, executive_summary: str, objectives: dict[str, str],
                          acting_user: Any) -> BoardCommentary:
    """Save the draft commentary of a quarter's board report (the next report generated uses it)."""
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    commentary, created = BoardCommentary.objects.select_for_update().get_or_create(
        period_code=period.code, defaults={"updated_by": acting_user})
    written = {key: text for key, text in objectives.items() if text.strip()}
    changed = sorted(
        (["executive_summary"] if commentary.executive_summary != executive_summary else [])
        + [key for key in set(written) | set(commentary.objectives) if written.get(key, "") != commentary.objectives.get(key, "")]
    )
    commentary.executive_summary = executive_summary
    commentary.objectives = written
    commentary.updated_by = acting_user
    commentary.save()
    audit_record(actor=acting_user, action="board_commentary.save",
                 kind=AuditAction.CREATE if created else AuditAction.UPDATE, target=commentary,
                 changes={"period": period.code, "sections_changed": changed})
    return commentary


@transaction.atomic
def board_report_generate_start(*, period: Period, acting_user: Any) -> BoardReport:
    """Record a board report for ``period`` with the commentary as it stands, and queue the job that
    computes its figures and renders its PDF (it runs once this commits)."""
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    commentary = BoardCommentary.objects.filter(period_code=period.code).first()
    job = job_start(kind=BOARD_REPORT_JOB, title=f"Generate the board report for {period.label}", started_by=acting_user)
    report = BoardReport.objects.create(
        period_code=period.code, period_start=period.start, period_end=period.end, generated_by=acting_user, job=job,
        commentary=commentary.snapshot() if commentary else {"executive_summary": "", "objectives": {}},
    )
    audit_record(actor=acting_user, action="board_report.generate", kind=AuditAction.CREATE, target=report,
                 changes={"period": period.code, "with_commentary": commentary is not None})
    return report


def board_report_generate(*, report: BoardReport, on_progress: Callable[[int, str], None] | None = None) -> BoardReport:
    """Compute the report's figures, render its PDF and store both: the report is then ready to download."""
    from lantern.insights.board import board_content, render_html, render_pdf

    content = board_content(parse(report.period_code), on_progress=on_progress)
    pdf = render_pdf(render_html(content, report.commentary, generated_by=report.generated_by.full_name))
    with transaction.atomic():
        locked = BoardReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != BoardReportStatus.GENERATING:
            return locked
        locked.content = content
        locked.pdf = pdf
        locked.pdf_size = len(pdf)
        locked.status = BoardReportStatus.READY
        locked.generated_at = timezone.now()
        locked.save(update_fields=["content", "pdf", "pdf_size", "status", "generated_at", "updated_at"])
        audit_record(actor=report.generated_by, action="board_report.generated", kind=AuditAction.UPDATE, target=locked,
                     changes={"status": locked.status, "bytes": len(pdf)})
    return locked


# --- The annual modern slavery statement --------------------------------------------------------


def _registry_carried_over() -> dict[str, Any]:
    """The registry fields of the most recent statement: an organisation's name and URL rarely change."""
    latest = Statement.objects.order_by("-created_at").first()
    return dict(latest.registry) if latest else {}


@transaction.atomic
def statement_start(*, period: Period, acting_user: Any) -> Statement:
    """The draft statement of a financial year: the one already being written, or a new one pre-filled
    with the year's figures from Lantern (a year with an approved version gets a new version of it)."""
    from lantern.insights.statement import prefilled_text, statement_facts

    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    versions = Statement.objects.select_for_update().filter(period_code=period.code)
    draft = versions.filter(status=StatementStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = versions.order_by("-version").first()
    if latest is not None:
        return _statement_new_version(latest, acting_user)
    facts = statement_facts(period)
    statement = Statement.objects.create(
        period_code=period.code, version=1, created_by=acting_user, facts=facts, registry=_registry_carried_over(),
        sections={area: prefilled_text(area, facts) for area in StatementArea},
    )
    audit_record(actor=acting_user, action="statement.create", kind=AuditAction.CREATE, target=statement,
                 changes={"period": period.code, "version": 1})
    return statement


def _statement_new_version(approved: Statement, acting_user: Any) -> Statement:
    statement = Statement.objects.create(
        period_code=approved.period_code, version=approved.version + 1, created_by=acting_user, facts=approved.facts,
        registry=dict(approved.registry), sections=dict(approved.sections),
    )
    audit_record(actor=acting_user, action="statement.new_version", kind=AuditAction.CREATE, target=statement,
                 changes={"period": statement.period_code, "version": statement.version, "from_version": approved.version})
    return statement


@transaction.atomic
def statement_new_version(*, statement: Statement, acting_user: Any) -> Statement:
    """A new draft version of an approved statement, to change it (the approved one stays as it was)."""
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if not locked.locked:
        raise ValidationError("This version is still a draft: change it directly.")
    draft = Statement.objects.filter(period_code=locked.period_code, status=StatementStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = Statement.objects.filter(period_code=locked.period_code).order_by("-version").first()
    return _statement_new_version(latest or locked, acting_user)


def _editable(statement: Statement) -> Statement:
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.locked:
        raise ValidationError("This version of the statement is approved and cannot be changed. Start a new version "
                              "to change it.")
    return locked


@transaction.atomic
def statement_area_save(*, statement: Statement, area: str, text: str, acting_user: Any) -> Statement:
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    if area not in StatementArea.values:
        raise ValidationError("That is not one of the statement's areas.")
    locked = _editable(statement)
    locked.sections = {**locked.sections, area: text}
    locked.save(update_fields=["sections", "updated_at"])
    audit_record(actor=acting_user, action="statement.edit", kind=AuditAction.UPDATE, target=locked,
                 changes={"area": area, "characters": len(text)})
    return locked


@transaction.atomic
def statement_registry_save(*, statement: Statement, fields: dict[str, str], acting_user: Any) -> Statement:
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    locked = _editable(statement)
    changed = sorted(k for k, v in fields.items() if locked.registry.get(k) != v)
    locked.registry = {**locked.registry, **fields}
    locked.save(update_fields=["registry", "updated_at"])
    audit_record(actor=acting_user, action="statement.registry", kind=AuditAction.UPDATE, target=locked,
                 changes={"fields_changed": changed})
    return locked


@transaction.atomic
def statement_approve(*, statement: Statement, approver_name: str, approver_role: str, approved_on: datetime.date,
                      acting_user: Any) -> Statement:
    """Record the statement's approval by a named person on a date: the version is locked from now on."""
    require_capability(acting_user, Capability.PUBLISH_STATISTICS)
    locked = _editable(statement)
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": "The date of approval must be today or in the past"})
    locked.status = StatementStatus.APPROVED
    locked.approver_name = approver_name.strip()
    locked.approver_role = approver_role.strip()
    locked.approved_on = approved_on
    locked.approved_by = acting_user
    locked.approved_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_record(actor=acting_user, action="statement.approve", kind=AuditAction.UPDATE, target=locked,
                 changes={"period": locked.period_code, "version": locked.version, "approver_role": locked.approver_role,
                          "approved_on": approved_on.isoformat()})
    return locked
