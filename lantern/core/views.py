"""Pages every user shares: home, accessibility, privacy, errors, health."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from lantern.core.access import not_found
from lantern.core.models import BackgroundJob
from lantern.core.plugins import error_page_for, home_sections_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    context: dict[str, Any] = {
        "sections": home_sections_for(request.user),
        "roles": request.user.role_labels,
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


BAD_REQUEST_MESSAGE = "The web address or the form you sent contained something Lantern cannot accept."
API_ERROR_MESSAGES = {400: BAD_REQUEST_MESSAGE,
                      403: "You do not have permission to do this.", 404: "Not found.",
                      500: "Sorry, there is a problem with the service."}


def _error_page(request: HttpRequest, template: str, status: int, context: dict[str, Any] | None = None) -> HttpResponse:
    """The shared error page, unless the app the address belongs to has its own (lantern.core.plugins);
    under /api/, a JSON answer as the API's own errors are (an address no endpoint matches, say)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": API_ERROR_MESSAGES[status]}, status=status)
    own = error_page_for(request, status)
    if own is not None:
        return own
    return render(request, template, context, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, "403_csrf.html", 403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Input no page can use (a NUL byte in the address, a malformed upload...): a plain 400."""
    return _error_page(request, "400.html", 400, {"message": BAD_REQUEST_MESSAGE})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, "500.html", 500)


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
