"""Every write to confidential reports. Each runs in a transaction with its audit entry;
emails go out on commit and never carry what the reporter said or who they are."""

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency, User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.cases.services import concern_from_report
from lantern.confidential_reports import receipts, selectors, tasks
from lantern.confidential_reports.models import (
    OPEN_STATUSES,
    REPORT_PREFIX,
    CloseReason,
    IdentityMode,
    IntelligenceRecord,
    MessageSender,
    OutcomeKind,
    Report,
    ReportAttachment,
    ReporterIdentity,
    ReportMessage,
    ReportOutcome,
    ReportStatus,
)
from lantern.core import files
from lantern.core.access import require_capability
from lantern.core.notify import notify_on_commit
from lantern.core.references import save_with_reference

logger = logging.getLogger(__name__)

REPORTER_LABEL = "reporter (confidential channel)"
RETENTION_LABEL = "system (report retention)"
INTELLIGENCE_PREFIX = "INT"
ATTACHMENT_FOLDER = "confidential-reports"

# Answers a reporter gives, as the form passes them to report_submit.
REPORT_FIELDS = {
    "identity_mode", "reporter_type", "what_happened", "location", "area", "premises_type", "when_seen",
    "still_happening", "people", "children_involved", "signs", "business_name", "council_supplier", "anything_else",
}


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt: str  # shown once to the reporter, never stored
    files_not_sent: int = 0  # files held for the form but removed before it was sent (kept too long)


def _audit(actor: Any, action: str, kind: str, target: Any, changes: dict[str, Any] | None = None,
           purpose: str = "", actor_label: str = REPORTER_LABEL) -> None:
    """Audit a change; without an acting user, the actor is the reporter unless ``actor_label`` says otherwise."""
    audit_record(actor=actor, action=action, kind=kind, target=target, changes=changes or {}, purpose=purpose,
                 actor_label="" if actor else actor_label)


# --- Files -----------------------------------------------------------------------


def attachment_hold(checked: files.CheckedFile) -> ReportAttachment:
    """Keep a checked file, encrypted, until its report or message is sent.

    A file the virus scanner flags is refused (files.InfectedFile), recorded in the audit
    trail without its name, and never stored."""
    try:
        scan_result = files.scan_or_refuse(checked.content)
    except files.InfectedFile:
        audit_record(actor=None, action="report.attachment_refused", kind=AuditAction.SECURITY,
                     target_label="A file sent through the reporting channel",
                     changes={"reason": "virus scanner", "size": len(checked.content)}, actor_label=REPORTER_LABEL)
        raise
    return ReportAttachment.objects.create(**files.store(checked, scan_result=scan_result, folder=ATTACHMENT_FOLDER))


def _claim_held(attachment_ids: list[int], *, report: Report, message: ReportMessage | None = None) -> int:
    """Attach held files to a report (or message). Their names, kept only to list them to the reporter
    while they write, are dropped: a name such as "IMG_Dana_at_home.jpg" may say who sent it."""
    held = list(ReportAttachment.objects.held().select_for_update().filter(pk__in=attachment_ids))
    for attachment in held:
        attachment.report, attachment.message, attachment.original_name = report, message, ""
        attachment.save(update_fields=["report", "message", "original_name"])
    return len(held)


# --- The reporter's side ---------------------------------------------------------


@transaction.atomic
def report_submit(
    *, answers: dict[str, Any], identity: dict[str, str] | None, attachment_ids: list[int], proof_of_work: bool,
) -> Submitted:
    """Record a report and give back its receipt (the only time it exists in plain text)."""
    unknown = set(answers) - REPORT_FIELDS
    if unknown:
        raise ValueError(f"Not report fields: {sorted(unknown)}")
    mode = answers["identity_mode"]
    if mode == IdentityMode.ANONYMOUS:
        identity = None
    elif not identity or not identity.get("name", "").strip():
        raise ValidationError({"name": "Enter your name, or choose to stay anonymous"})
    report = Report(proof_of_work=proof_of_work, last_activity_at=timezone.now(), **answers)
    # No constraint validation: Report's only check constraint is about closed reports,
    # which a new report never is, and Django checks it with its own query and savepoint
    # (3 round trips). The database still enforces it on the insert.
    report.full_clean(exclude=["receipt_hash", "reference"], validate_constraints=False)
    receipt = ""

    def draw_receipt(report: Report) -> None:
        # The receipt is unique too: a clash on either draws both again.
        nonlocal receipt
        receipt = receipts.receipt_generate()
        report.receipt_hash = receipts.receipt_hash(receipt)

    save_with_reference(report, prefix=REPORT_PREFIX, each_attempt=draw_receipt)
    if identity:
        ReporterIdentity.objects.create(report=report, **identity)
    held = _claim_held(attachment_ids, report=report)
    _audit(None, "report.submit", AuditAction.CREATE, report, {
        "identity_mode": mode, "reporter_type": report.reporter_type, "attachments": held,
        "proof_of_work": proof_of_work,
    })
    notify_on_commit(tasks.notify_team, report.pk, "New confidential report",
                      "A new report has arrived through the confidential channel.")
    return Submitted(report=report, receipt=receipt, files_not_sent=len(set(attachment_ids)) - held)


@transaction.atomic
def reporter_message_add(*, report: Report, body: str, attachment_ids: list[int]) -> ReportMessage:
    """The reporter adds information or answers a question, through their receipt."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.accepts_messages:
        raise ValidationError("This report is closed. If you have something new to tell us, make a new report.")
    if not body.strip():
        raise ValidationError({"body": "Enter your message"})
    message = ReportMessage.objects.create(report=report, sender=MessageSender.REPORTER, body=body)
    held = _claim_held(attachment_ids, report=report, message=message)
    report.awaiting_team = True
    report.last_activity_at = timezone.now()
    if report.status == ReportStatus.MORE_INFO:
        report.status = ReportStatus.IN_TRIAGE
    report.save(update_fields=["awaiting_team", "last_activity_at", "status", "updated_at"])
    _audit(None, "report.reporter_message", AuditAction.CREATE, report, {"attachments": held})
    notify_on_commit(tasks.notify_team, report.pk, "The reporter added information to",
                      "The reporter has sent a message through their receipt.")
    return message


# --- The reporting team's side ---------------------------------------------------


def _ensure_team(user: User) -> None:
    require_capability(user, Capability.HANDLE_REPORTS)


def _lock(report: Report) -> None:
    """Reload the report and hold its row until the transaction ends, so two people acting on it at
    once are applied one after the other, each seeing the other's change."""
    report.refresh_from_db(from_queryset=Report.objects.select_for_update())


def _ensure_open(report: Report) -> None:
    if report.status not in OPEN_STATUSES:
        raise ValidationError("This report is closed.")


def _touch(report: Report, *, status: str | None = None, assign_to: User | None = None) -> None:
    """Record that the team acted: clears 'awaiting the team' and moves the report on."""
    fields = ["awaiting_team", "last_activity_at", "updated_at"]
    report.awaiting_team = False
    report.last_activity_at = timezone.now()
    if status is not None and status != report.status:
        report.status = status
        fields.append("status")
    if assign_to is not None and report.assigned_to_id is None:
        report.assigned_to = assign_to
        fields.append("assigned_to")
    report.save(update_fields=fields)


@transaction.atomic
def report_start_triage(*, report: Report, acting_user: User) -> Report:
    _ensure_team(acting_user)
    _lock(report)
    if report.status != ReportStatus.NEW:
        raise ValidationError("Only a new report can be taken into triage.")
    _touch(report, status=ReportStatus.IN_TRIAGE, assign_to=acting_user)
    _audit(acting_user, "report.triage_start", AuditAction.UPDATE, report, {"status": report.status})
    return report


@transaction.atomic
def report_assign(*, report: Report, acting_user: User, assignee: User) -> Report:
    _ensure_team(acting_user)
    _lock(report)
    if not assignee.is_active or not assignee.can(Capability.HANDLE_REPORTS):
        raise ValidationError({"assignee": "Choose a member of the reporting team"})
    report.assigned_to = assignee
    report.save(update_fields=["assigned_to", "updated_at"])
    _audit(acting_user, "report.assign", AuditAction.UPDATE, report, {"assigned_to": assignee.pk})
    return report


@transaction.atomic
def report_reply(*, report: Report, acting_user: User, body: str, asks_for_information: bool) -> ReportMessage:
    """A message to the reporter, which they read with their receipt."""
    _ensure_team(acting_user)
    _lock(report)
    _ensure_open(report)
    if not body.strip():
        raise ValidationError({"body": "Enter your message to the reporter"})
    message = ReportMessage.objects.create(report=report, sender=MessageSender.TEAM, author=acting_user, body=body,
                                           asks_for_information=asks_for_information)
    status: str
    if asks_for_information:
        status = ReportStatus.MORE_INFO
    elif report.status == ReportStatus.NEW:
        status = ReportStatus.IN_TRIAGE
    else:
        status = report.status
    _touch(report, status=status, assign_to=acting_user)
    _audit(acting_user, "report.reply", AuditAction.CREATE, report,
           {"asks_for_information": asks_for_information, "status": report.status})
    return message


def _outcome(report: Report, acting_user: User, kind: str, **fields: Any) -> ReportOutcome:
    """Record a triage outcome. A concern opened or a referral to an agency passes the report on;
    intelligence recorded from it does not (the report is still being looked at until it is closed)."""
    outcome = ReportOutcome.objects.create(report=report, kind=kind, created_by=acting_user, **fields)
    if outcome.supplier_id is not None:
        _audit(acting_user, "report.name_supplier", AuditAction.UPDATE, report,
               {"supplier": outcome.supplier.reference if outcome.supplier else None, "outcome": kind})
    if kind == OutcomeKind.INTELLIGENCE:
        _touch(report, status=ReportStatus.IN_TRIAGE if report.status == ReportStatus.NEW else None,
               assign_to=acting_user)
    elif kind != OutcomeKind.CLOSED:
        _touch(report, status=ReportStatus.PASSED_ON, assign_to=acting_user)
    return outcome


@transaction.atomic
def report_open_concern(
    *, report: Report, acting_user: User, immediate_danger: bool, what_seen: str, address: str, area: Any,
    premises_type: str, person_description: str, age_uncertain: bool, indicator_codes: list[str], note: str = "",
    supplier: Any = None,
) -> ReportOutcome:
    """Open a concern in cases from the report, copying only what the team chose; the concern links back."""
    _ensure_team(acting_user)
    _lock(report)
    _ensure_open(report)
    if not what_seen.strip():
        raise ValidationError({"what_seen": "Enter what the concern is about"})
    concern = concern_from_report(
        acting_user=acting_user, report_reference=report.reference, immediate_danger=immediate_danger,
        what_seen=what_seen, address=address, area=area, premises_type=premises_type,
        person_description=person_description, age_uncertain=age_uncertain, indicator_codes=indicator_codes,
    )
    outcome = _outcome(report, acting_user, OutcomeKind.CONCERN_OPENED, concern=concern, note=note, supplier=supplier)
    _audit(acting_user, "report.open_concern", AuditAction.UPDATE, report,
           {"concern": concern.reference, "status": report.status})
    return outcome


@transaction.atomic
def report_pass_on(
    *, report: Report, acting_user: User, agency: Agency | None, other_recipient: str, passed_via: str,
    recipient_reference: str = "", note: str = "", supplier: Any = None,
) -> ReportOutcome:
    """Record that the report went to the police or another agency, how, and their reference."""
    _ensure_team(acting_user)
    _lock(report)
    _ensure_open(report)
    if agency is None and not other_recipient.strip():
        raise ValidationError({"agency": "Choose the agency, or enter the organisation it went to"})
    outcome = _outcome(report, acting_user, OutcomeKind.PASSED_TO_AGENCY, agency=agency,
                       other_recipient=other_recipient.strip(), passed_via=passed_via,
                       recipient_reference=recipient_reference.strip(), note=note, supplier=supplier)
    _audit(acting_user, "report.pass_on", AuditAction.UPDATE, report, {
        "agency": agency.pk if agency else None, "other_recipient": other_recipient.strip(),
        "passed_via": passed_via, "status": report.status,
    })
    return outcome


@transaction.atomic
def report_record_intelligence(
    *, report: Report, acting_user: User, subject: str, name: str, address: str, area: Any, premises_type: str,
    summary: str, supplier: Any = None,
) -> IntelligenceRecord:
    """Keep what the report says about premises or a business as intelligence for disruption work."""
    _ensure_team(acting_user)
    _lock(report)
    _ensure_open(report)
    if not summary.strip():
        raise ValidationError({"summary": "Enter a summary of the intelligence"})
    if not name.strip() and not address.strip():
        raise ValidationError({"name": "Enter the name or the address of the premises or business"})
    record = save_with_reference(IntelligenceRecord(
        subject=subject, name=name, address=address, area=area, premises_type=premises_type, summary=summary,
        source_report=report, created_by=acting_user,
    ), prefix=INTELLIGENCE_PREFIX)
    _outcome(report, acting_user, OutcomeKind.INTELLIGENCE, intelligence=record, supplier=supplier)
    _audit(acting_user, "intelligence.create", AuditAction.CREATE, record, {"source_report": report.reference})
    _audit(acting_user, "report.record_intelligence", AuditAction.UPDATE, report,
           {"intelligence": record.reference, "status": report.status})
    return record


@transaction.atomic
def report_close(*, report: Report, acting_user: User, reason: str, note: str = "", supplier: Any = None) -> Report:
    """Close a report; its retention period starts now."""
    _ensure_team(acting_user)
    _lock(report)
    _ensure_open(report)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": "Choose why the report is being closed"})
    if reason == CloseReason.OTHER and not note.strip():
        raise ValidationError({"note": "Enter the reason for closing the report"})
    _outcome(report, acting_user, OutcomeKind.CLOSED, note=note, supplier=supplier)
    report.status = ReportStatus.CLOSED
    report.closed_at = timezone.now()
    report.close_reason = reason
    report.close_note = note
    report.awaiting_team = False
    report.save(update_fields=["status", "closed_at", "close_reason", "close_note", "awaiting_team", "updated_at"])
    _audit(acting_user, "report.close", AuditAction.UPDATE, report, {"status": report.status, "close_reason": reason})
    return report


@transaction.atomic
def report_reopen(*, report: Report, acting_user: User, reason: str) -> Report:
    _ensure_team(acting_user)
    _lock(report)
    if report.status != ReportStatus.CLOSED or report.anonymised_at is not None:
        raise ValidationError("Only a closed report that has not been anonymised can be reopened.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the report is being reopened"})
    report.status = ReportStatus.IN_TRIAGE
    report.closed_at = None
    report.close_reason = ""
    report.close_note = ""
    report.last_activity_at = timezone.now()
    report.save(update_fields=["status", "closed_at", "close_reason", "close_note", "last_activity_at", "updated_at"])
    _audit(acting_user, "report.reopen", AuditAction.UPDATE, report, {"status": report.status}, purpose=reason)
    return report


@transaction.atomic
def report_set_legal_hold(*, report: Report, acting_user: User, hold: bool, reason: str) -> Report:
    """Keep a report past its retention date (e.g. for proceedings), or lift the hold. Both need a reason.

    The caller states the state it wants, so two people acting on the same page cannot undo each
    other's change: asking for the state the report is already in is refused."""
    _ensure_team(acting_user)
    _lock(report)
    if report.anonymised_at is not None:
        raise ValidationError("This report has already been anonymised.")
    if report.legal_hold == hold:
        raise ValidationError("The report is already on legal hold." if hold else "The report is not on legal hold.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the report must be kept" if hold
                               else "Enter why the report no longer needs to be kept"})
    report.legal_hold = hold
    report.legal_hold_reason = reason if hold else ""
    report.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
    _audit(acting_user, "report.legal_hold" if hold else "report.legal_hold_lift", AuditAction.UPDATE, report,
           describe_changes(instance=report, fields=["legal_hold", "legal_hold_reason"]), purpose=reason)
    return report


@transaction.atomic
def reporter_identity_view(*, report: Report, acting_user: User, reason: str) -> ReporterIdentity:
    """Reveal a reporter's identity: needs a reason, is audited, and tells the data protection officer."""
    _ensure_team(acting_user)
    identity = ReporterIdentity.objects.filter(report=report).first()
    if identity is None:
        raise PermissionDenied
    if report.identity_mode == IdentityMode.CONFIDENTIAL and not reason.strip():
        raise ValidationError({"reason": "Enter why you need to see who made this report"})
    entry = audit_record(actor=acting_user, action="report.identity_view", kind=AuditAction.READ, target=identity,
                         target_label=f"Reporter of {report.reference}", purpose=reason,
                         changes={"identity_mode": report.identity_mode})
    if report.identity_mode == IdentityMode.CONFIDENTIAL:
        notify_on_commit(tasks.notify_identity_viewed, entry.sequence, report.reference)
    return identity


# --- Retention -------------------------------------------------------------------


ANONYMISED_TEXT_FIELDS = (
    "what_happened", "location", "when_seen", "people", "business_name", "anything_else", "close_note",
    "legal_hold_reason",
)


def _delete_files(attachments: list[ReportAttachment]) -> None:
    for attachment in attachments:
        default_storage.delete(attachment.storage_path)


@transaction.atomic
def report_anonymise(*, report: Report, acting_user: User | None = None) -> Report:
    """Remove everything that could identify anyone, keeping the counts for statistics.

    Kept: when it arrived and closed, reporter type, identity mode, ward, premises type,
    signs ticked, status, outcomes' kinds. Gone: the receipt, what was said, messages,
    files, the reporter's identity.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.anonymised_at is not None:
        return report
    if report.legal_hold:
        raise ValidationError("This report is on legal hold.")
    attachments = list(report.attachments.all())
    counts = {"messages": report.messages.count(), "attachments": len(attachments),
              "identity": ReporterIdentity.objects.filter(report=report).exists()}
    ReportAttachment.objects.filter(report=report).delete()
    report.messages.all().delete()
    ReporterIdentity.objects.filter(report=report).delete()
    ReportOutcome.objects.filter(report=report).update(note="", recipient_reference="")
    for name in ANONYMISED_TEXT_FIELDS:
        setattr(report, name, "")
    report.receipt_hash = None
    report.anonymised_at = timezone.now()
    report.save()
    _audit(acting_user, "report.anonymise", AuditAction.DELETE, report, counts, actor_label=RETENTION_LABEL)
    transaction.on_commit(lambda: _delete_files(attachments))
    return report


def _remove_files_never_sent(now: datetime.datetime) -> int:
    """Delete files held for a form that was never sent. Each row is deleted only if it is still
    unclaimed at that moment (a reporter may send their form while this runs), then its file."""
    stale = now - datetime.timedelta(hours=settings.LANTERN_REPORT_HELD_FILE_HOURS)
    removed = 0
    candidates = ReportAttachment.objects.held().filter(created_at__lt=stale)
    for pk, path in candidates.values_list("pk", "storage_path").iterator():
        deleted, _ = ReportAttachment.objects.held().filter(pk=pk).delete()
        if not deleted:
            continue  # claimed by a report since the query
        removed += 1
        try:
            default_storage.delete(path)
        except OSError as exc:  # the row is gone; a leftover encrypted file is harmless, but say so
            logger.warning("Could not delete an unsent report file (%s)", type(exc).__name__)
    return removed


def reports_apply_retention(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The scheduled retention run: anonymise reports past their time, drop files never sent.

    Each report is anonymised in its own transaction, so one failure does not undo
    the rest; the run itself is recorded in the audit trail.
    """
    now = now or timezone.now()
    anonymised = 0
    for report in selectors.reports_due_for_anonymising(now=now).iterator():
        report_anonymise(report=report)
        anonymised += 1
    removed = _remove_files_never_sent(now)
    held = Report.objects.filter(legal_hold=True, anonymised_at__isnull=True, status=ReportStatus.CLOSED).count()
    result = {"anonymised": anonymised, "unsent_files_removed": removed, "kept_on_legal_hold": held}
    with transaction.atomic():
        audit_record(actor=None, action="reports.retention_run", kind=AuditAction.DELETE,
                     target_label="Confidential reports retention", changes=result)
    return result
