"""Pages every user shares: home, accessibility, privacy, errors, health."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import access_purpose_remember, not_found, record_from_token
from lantern.core.forms import AccessPurposeForm
from lantern.core.home import home_sections
from lantern.core.models import BackgroundJob


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    context: dict[str, Any] = {
        "sections": home_sections(request.user),
        "roles": [Role(r).label for r in sorted(request.user.role_set)],
    }
    return render(request, "core/home.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers. No personal data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def _job_for(request: HttpRequest, job_id: Any) -> BackgroundJob:
    job = BackgroundJob.objects.filter(pk=job_id, started_by=request.user.pk).first()
    if job is None:
        raise not_found()
    return job


@login_required
def job_detail(request: HttpRequest, job_id: Any) -> HttpResponse:
    return render(request, "core/job_detail.html", {"job": _job_for(request, job_id)})


@login_required
def job_status(request: HttpRequest, job_id: Any) -> JsonResponse:
    job = _job_for(request, job_id)
    return JsonResponse({
        "status": job.status, "status_label": job.get_status_display(), "progress_done": job.progress_done,
        "progress_total": job.progress_total, "percent": job.percent, "message": job.message,
        "finished": job.is_finished,
    })


@login_required
def access_purpose(request: HttpRequest) -> HttpResponse:
    """Ask why a user opens a sensitive record outside their caseload, and audit the answer."""
    record = record_from_token(request.GET.get("record", ""))
    next_url = request.GET.get("next", "")
    if record is None or not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        raise not_found()
    form = AccessPurposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            entry = audit_record(
                actor=request.user, action="record.access_purpose", kind=AuditAction.READ, target=record,
                purpose=form.purpose_text(),
            )
        access_purpose_remember(request, record, entry.sequence)
        return redirect(next_url)
    return render(request, "core/access_purpose.html", {"form": form})
