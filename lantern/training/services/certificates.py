"""Certificates of completion: issued with a verification code that the public page checks, and
rendered as PDF (WeasyPrint, as the board report is)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.references import reference_is_valid, reference_normalise, save_with_reference
from lantern.training.matching import tidy_name
from lantern.training.models import Attendance, Certificate, CertificateSource, Course, Outcome, Trainee

PREFIX = "LC"
CODE_LENGTH = 10  # random characters: a code is checked on a public page, so it must not be guessable


@transaction.atomic
def certificate_issue(*, holder_name: str, course: Course, trainee: Trainee | None = None, acting_user: Any = None,
                      source: str = CertificateSource.MANUAL, completed_on: datetime.date | None = None,
                      attendance: Attendance | None = None) -> Certificate:
    """Issue a certificate to ``holder_name`` for ``course``.

    The built-in module calls this after a pass (``source=CertificateSource.MODULE``, no acting user
    for a member of the public); a coordinator issues one for an attendance (``certificate_for_attendance``).
    """
    if source == CertificateSource.MANUAL:
        require_capability(acting_user, Capability.MANAGE_TRAINING)
    name = tidy_name(holder_name)
    if not name:
        raise ValidationError({"holder_name": "Enter the name to put on the certificate"})
    version = course.versions.order_by("-number").first()
    certificate = Certificate(holder_name=name, course=course, course_version=version, trainee=trainee,
                              attendance=attendance, completed_on=completed_on or timezone.localdate(), source=source,
                              issued_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
    if attendance is not None:
        certificate.course_version = attendance.course_version
    save_with_reference(certificate, prefix=PREFIX, field="code", length=CODE_LENGTH)
    audit_record(actor=acting_user, action="training.certificate.issue", kind=AuditAction.CREATE, target=certificate,
                 target_label=f"Certificate {certificate.code}", actor_label="" if acting_user else "public module",
                 changes={"course": course.code, "source": source})
    return certificate


@transaction.atomic
def certificate_for_attendance(*, attendance: Attendance, acting_user: Any) -> Certificate:
    """The certificate for an attendance (issued once; the same one again after that). The attendance is
    locked first, so two clicks at once still issue one certificate."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    attendance = Attendance.objects.select_for_update(of=("self",)).select_related("trainee", "course").get(pk=attendance.pk)
    if attendance.outcome != Outcome.ATTENDED:
        raise ValidationError("Only a person who attended gets a certificate")
    existing = Certificate.objects.filter(attendance=attendance, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    return certificate_issue(holder_name=attendance.trainee.full_name, course=attendance.course,
                             trainee=attendance.trainee, acting_user=acting_user, source=CertificateSource.MANUAL,
                             completed_on=attendance.completed_on, attendance=attendance)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, acting_user: Any) -> Certificate:
    """Withdraw a certificate issued in error: the public check then says it was withdrawn, and when; the
    reason (encrypted) is for those who run training. Once only."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the certificate is withdrawn"})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError("This certificate was already withdrawn")
    certificate.revoked_at, certificate.revoked_reason = timezone.now(), reason.strip()[:300]
    certificate.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    audit_record(actor=acting_user, action="training.certificate.revoke", kind=AuditAction.UPDATE,
                 target=certificate, target_label=f"Certificate {certificate.code}", changes={"reason": True})
    return certificate


def certificate_find(code: str) -> Certificate | None:
    """The certificate a typed code names (spaces, case and look-alike characters forgiven), or None."""
    normalised = reference_normalise(code or "")
    if not reference_is_valid(normalised, prefix=PREFIX):
        return None
    return Certificate.objects.select_related("course", "course_version").filter(code=normalised).first()


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF (its styles are inline: it links to nothing)."""
    from weasyprint import HTML

    html = render_to_string("training/certificate_document.html", {"certificate": certificate})
    return bytes(HTML(string=html, base_url=None).write_pdf())
