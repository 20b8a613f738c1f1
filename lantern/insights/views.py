"""Insight's pages: the dashboard and open-data releases (staff), and the public statistics page.

Every figure shown has passed small-number suppression (``figures.publish``); no page shows a
record or anything about a person.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.accounts.capabilities import Capability
from lantern.audit.services import audit_read
from lantern.core.access import not_found, require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.core.periods import latest_complete_quarter
from lantern.core.reference import Objective
from lantern.insights import selectors, services
from lantern.insights.figures import dashboard_rules, published_json
from lantern.insights.forms import DashboardForm, ReleaseBuildForm
from lantern.insights.models import Release, ReleaseStatus
from lantern.insights.opendata import release_csv, release_json, rules_note

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", release_csv),
    "json": ("application/json; charset=utf-8", release_json),
    "txt": ("text/plain; charset=utf-8", rules_note),
}


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.VIEW_AGGREGATES)
    form = DashboardForm(request.GET or None)
    period = latest_complete_quarter(timezone.localdate())
    objective = ""
    readings: list[dict[str, Any]] = []
    if not form.is_bound or form.is_valid():
        if form.is_bound:
            period = form.cleaned_data["period"] or period
            objective = form.cleaned_data["objective"]
        for reading in selectors.dashboard_readings(user=user, period=period, objective=objective or None):
            readings.append({
                "kpi": reading.kpi,
                "current": published_json(reading.current),
                "previous": published_json(reading.previous),
                "change": reading.change_display,
                "status": reading.status,
            })
    return render(request, "insights/dashboard.html", {
        "form": form,
        "period": period,
        "previous": period.previous(),
        "period_value": (request.GET.get("period") or period.code) if form.is_bound else period.code,
        "objective": objective,
        "objectives": Objective.choices,
        "readings": readings,
        "rules": dashboard_rules(),
        "crumbs": crumbs(("Insights", None)),
    })


def _release_page(request: HttpRequest, form: ReleaseBuildForm, status: int = 200) -> HttpResponse:
    user = signed_in_user(request)
    return render(request, "insights/release_list.html", {
        "form": form,
        "releases": selectors.releases_visible_to(user)[:50],
        "can_publish": user.can(Capability.PUBLISH_STATISTICS),
        "published": selectors.release_published_latest(),
        "crumbs": crumbs(("Insights", reverse("insights:dashboard")), ("Open data", None)),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def release_list(request: HttpRequest) -> HttpResponse:
    """The releases, and (for the programme manager) the form that builds a new one in the background."""
    user = signed_in_user(request)
    require_capability(user, Capability.VIEW_AGGREGATES)
    if request.method != "POST":
        return _release_page(request, ReleaseBuildForm())
    form = ReleaseBuildForm(request.POST)
    if not form.is_valid():
        return _release_page(request, form)
    release = services.release_build_start(period=form.cleaned_data["period"], acting_user=user)
    assert release.job is not None  # noqa: S101  (the service always starts one)
    return redirect("core:job-detail", job_id=release.job.pk)


@login_required
@require_GET
def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    user = signed_in_user(request)
    release = selectors.release_get_for_user(user=user, release_id=release_id)
    return render(request, "insights/release_detail.html", {
        "release": release,
        "content": release.content,
        "can_approve": release.status == ReleaseStatus.READY and user.can(Capability.PUBLISH_STATISTICS),
        "crumbs": crumbs(("Insights", reverse("insights:dashboard")), ("Open data", reverse("insights:release-list")),
                         (release.period_code, None)),
    })


@login_required
@require_POST
def release_approve(request: HttpRequest, release_id: int) -> HttpResponse:
    user = signed_in_user(request)
    release = selectors.release_get_for_user(user=user, release_id=release_id)
    try:
        services.release_approve(release=release, acting_user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The release for {release.period_code} is approved and now on the public statistics page.")
    return redirect("insights:release-detail", release_id=release.pk)


def _download(release: Release, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS or release.status == ReleaseStatus.BUILDING:
        raise not_found()
    content_type, render_file = DOWNLOADS[fmt]
    response = HttpResponse(render_file(release.content), content_type=content_type)
    name = "rules" if fmt == "txt" else "statistics"
    response["Content-Disposition"] = f'attachment; filename="lantern-{name}-{release.period_code}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def release_download(request: HttpRequest, release_id: int, fmt: str) -> HttpResponse:
    user = signed_in_user(request)
    release = selectors.release_get_for_user(user=user, release_id=release_id)
    response = _download(release, fmt)
    audit_read(user=user, record=release, label=release.period_code, action="release.download", export=True,
               details={"format": fmt, "status": release.status})
    return response


# --- Public: no sign-in ---------------------------------------------------------------------------


@require_GET
def public_statistics(request: HttpRequest) -> HttpResponse:
    """The latest approved release, for anyone. Nothing appears here until a release is approved."""
    release = selectors.release_published_latest()
    return render(request, "insights/public.html", {"release": release, "content": release.content if release else None})


@require_GET
def public_download(request: HttpRequest, fmt: str) -> HttpResponse:
    release = selectors.release_published_latest()
    if release is None:
        raise not_found()
    return _download(release, fmt)
