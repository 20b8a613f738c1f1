"""Emails to staff about confidential reports: a reference and a link, never what was said or by whom."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import users_with_capability
from lantern.audit.models import AuditEntry
from lantern.confidential_reports.models import Report


def _active_emails(capability: str) -> list[str]:
    return list(users_with_capability(capability).values_list("email", flat=True))


def notify_team(report_id: int, subject: str, text: str) -> int:
    """Tell the report's assignee (or the whole reporting team) that something happened."""
    report = Report.objects.select_related("assigned_to").get(pk=report_id)
    if report.assigned_to and report.assigned_to.is_active:
        recipients = [report.assigned_to.email]
    else:
        recipients = _active_emails(Capability.HANDLE_REPORTS)
    if not recipients:
        return 0
    link = f"{settings.LANTERN_SITE_URL}{reverse('confidential_reports:team-detail', args=[report.reference])}"
    return send_mail(f"{subject} {report.reference}", f"{text}\n\nOpen it in Lantern: {link}\n", None, recipients)


def notify_identity_viewed(entry_sequence: int, report_reference: str) -> int:
    """Tell the data protection officers (who read the audit trail) that a confidential reporter's identity was
    viewed, and by whom (the audit entry's actor: their address is read here, not passed through the broker)."""
    recipients = _active_emails(Capability.VIEW_AUDIT)
    if not recipients:
        return 0
    entry = AuditEntry.objects.select_related("actor").get(sequence=entry_sequence)
    viewer_email = entry.actor.email if entry.actor is not None else entry.actor_label
    link = f"{settings.LANTERN_SITE_URL}{reverse('audit:log')}?action=report.identity_view"
    return send_mail(
        f"A reporter's identity was viewed: {report_reference}",
        f"{viewer_email} viewed the identity of the confidential reporter of {report_reference} "
        f"(audit entry {entry_sequence}). Their reason is in the audit trail.\n\nReview it in Lantern: {link}\n",
        None,
        recipients,
    )
