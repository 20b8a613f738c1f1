"""Reads of confidential reports. Only the reporting team sees reports; anyone else gets 404.

The reporter's side reads through a receipt (``report_find_by_receipt``) and then the
session's open report (``report_followed``); the retention run reads what is due here too.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, QuerySet
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.confidential_reports import receipts
from lantern.confidential_reports.models import (
    IntelligenceRecord,
    Report,
    ReportAttachment,
    ReporterIdentity,
    ReportOutcome,
    ReportStatus,
)
from lantern.confidential_reports.signs import sign_label
from lantern.core.access import not_found
from lantern.supply_chain.links import LinkCount


def reports_visible_to(user: Any) -> QuerySet[Report]:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.HANDLE_REPORTS):
        return Report.objects.none()
    return Report.objects.all()


def report_get_for_user(*, user: Any, reference: str) -> Report:
    report = reports_visible_to(user).select_related("area", "assigned_to").filter(reference=reference).first()
    if report is None:
        raise not_found()
    return report


def report_queue(*, user: Any, status: str | None) -> QuerySet[Report]:
    """The team's queue: reports waiting for the team first, then by latest activity."""
    reports = reports_visible_to(user).select_related("area", "assigned_to")
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-awaiting_team", "-last_activity_at")


def report_status_counts(user: Any) -> dict[str, int]:
    rows = reports_visible_to(user).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in ReportStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def intelligence_visible_to(user: Any) -> QuerySet[IntelligenceRecord]:
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.HANDLE_REPORTS):
        return IntelligenceRecord.objects.none()
    return IntelligenceRecord.objects.select_related("area", "source_report", "created_by")


def intelligence_get_for_user(*, user: Any, reference: str) -> IntelligenceRecord:
    record = intelligence_visible_to(user).filter(reference=reference).first()
    if record is None:
        raise not_found()
    return record


def report_attachment_get(*, report: Report, attachment_id: int) -> ReportAttachment:
    """A file on a report the caller may already see (``report_get_for_user``); 404 for any other."""
    attachment = ReportAttachment.objects.filter(pk=attachment_id, report=report).first()
    if attachment is None:
        raise not_found()
    return attachment


def report_has_identity(report: Report) -> bool:
    """Whether the reporter left their identity (without reading it)."""
    return ReporterIdentity.objects.filter(report=report).exists()


@dataclass
class ReportPage:
    """Everything the team's report page shows besides the report itself, read in one place."""

    signs: list[str]
    attachments: list[ReportAttachment]
    thread: list[Any]
    outcomes: list[Any]
    has_identity: bool


def report_page(report: Report) -> ReportPage:
    """The team's report page's records; ``report`` must come from report_get_for_user (access already checked)."""
    return ReportPage(
        signs=[sign_label(code) for code in report.signs],
        attachments=list(report.attachments.filter(message__isnull=True)),
        thread=list(report.messages.select_related("author").prefetch_related("attachments")),
        # Only the references of the linked concern and intelligence record are shown: loading the
        # rows would decrypt a victim's details for a team that may not read concerns.
        outcomes=list(report.outcomes.select_related("agency", "created_by").annotate(
            concern_reference=F("concern__reference"), intelligence_reference=F("intelligence__reference"),
            supplier_name=F("supplier__name"), supplier_ref=F("supplier__reference"),
        )),
        has_identity=report_has_identity(report),
    )


# --- The reporter's side (no account: a receipt, then the session) -----------------


def report_find_by_receipt(receipt: str) -> Report | None:
    """The report a receipt opens, if any (an anonymised report has no receipt left)."""
    digits = receipts.receipt_normalise(receipt)
    if digits is None:
        return None
    return Report.objects.filter(receipt_hash=receipts.receipt_hash(digits), anonymised_at__isnull=True).first()


def report_followed(report_id: int | None) -> Report | None:
    """The report a reporter opened with their receipt this session, unless it has been anonymised since."""
    if not report_id:
        return None
    return Report.objects.filter(pk=report_id, anonymised_at__isnull=True).first()


def report_thread(report: Report) -> list[Any]:
    """The messages on a report, either way, oldest first, with their files."""
    return list(report.messages.prefetch_related("attachments"))


def attachments_held(ids: list[int]) -> list[ReportAttachment]:
    """Files kept for a form or message not sent yet, among ``ids`` (ids of sent files are ignored)."""
    return list(ReportAttachment.objects.held().filter(pk__in=ids))


# --- Retention ---------------------------------------------------------------------


def reports_due_for_anonymising(*, now: datetime.datetime | None = None) -> QuerySet[Report]:
    """Closed reports past the retention period and not on legal hold, oldest closed first."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.LANTERN_REPORT_RETENTION_DAYS)
    return Report.objects.filter(
        status=ReportStatus.CLOSED, closed_at__lt=cutoff, legal_hold=False, anonymised_at__isnull=True
    ).order_by("closed_at")


def reports_naming_supplier(supplier_id: int, user: Any) -> LinkCount | None:
    """How many reports name a council supplier, and when the latest outcome named it: a count for the
    supplier's page (lantern.supply_chain.links), never a report or its reference."""
    if not (getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_SUPPLY_CHAIN)):
        return None
    found = ReportOutcome.objects.filter(supplier_id=supplier_id).aggregate(
        count=Count("report", distinct=True), latest=Max("created_at"))
    latest = found["latest"]
    return LinkCount("confidential reports", found["count"], latest.date() if latest else None)
