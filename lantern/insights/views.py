"""Insight's pages: the dashboard, open-data releases, board reports and the annual modern slavery
statement (staff), and the public statistics page.

Every figure shown has passed small-number suppression (``figures.publish``); no page shows a
record or anything about a person.
"""

from typing import Any

from django.conf import settings
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
from lantern.core.pages import form_page
from lantern.core.periods import Period, PeriodError, financial_year, latest_complete_quarter, parse
from lantern.core.reference import Objective
from lantern.insights import selectors, services
from lantern.insights.board import (
    board_content,
    board_period,
    commentary_by_objective,
    objectives_for_commentary,
    render_pdf,
)
from lantern.insights.figures import dashboard_rules, published_json
from lantern.insights.forms import (
    BoardCommentaryForm,
    DashboardForm,
    QuarterForm,
    ReleaseBuildForm,
    StatementApproveForm,
    StatementAreaForm,
    StatementRegistryForm,
    StatementStartForm,
)
from lantern.insights.models import BoardReportStatus, Release, ReleaseStatus, Statement, StatementArea
from lantern.insights.opendata import release_csv, release_json, rules_note
from lantern.insights.statement import (
    AREAS,
    REGISTRY_DEFAULTS,
    areas_covered,
    registry_fields,
    render_statement_html,
)
from lantern.insights.trends import breakdown_chart, trend_chart

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
        trends = selectors.dashboard_trends(user=user, period=period, objective=objective or None)
        for reading in selectors.dashboard_readings(user=user, period=period, objective=objective or None):
            current = published_json(reading.current)
            readings.append({
                "kpi": reading.kpi,
                "current": current,
                "previous": published_json(reading.previous),
                "change": reading.change_display,
                "status": reading.status,
                "trend": trends.get(reading.kpi.slug),
                "trend_chart": trend_chart(reading.kpi.name, reading.kpi.unit, trends.get(reading.kpi.slug)),
                "tables": [(table, breakdown_chart(table, kpi_name=reading.kpi.name)) for table in current["tables"]],
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
        "cache_minutes": -(-settings.LANTERN_KPI_CACHE_SECONDS // 60),
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


# --- Board reports --------------------------------------------------------------------------------


def _quarter_or_404(code: str) -> Period:
    try:
        return board_period(code)
    except PeriodError:
        raise not_found() from None


def _board_crumbs(*trail: tuple[str, str | None]) -> Any:
    return crumbs(("Insights", reverse("insights:dashboard")), ("Board reports", reverse("insights:board-report-list")),
                  *trail)


@login_required
@require_GET
def board_report_list(request: HttpRequest) -> HttpResponse:
    """Generated board reports, and the quarter to open (by default the last complete one)."""
    user = signed_in_user(request)
    require_capability(user, Capability.VIEW_AGGREGATES)
    form = QuarterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("insights:board-report", period=form.cleaned_data["period"].code)
    return render(request, "insights/board_report_list.html", {
        "form": form,
        "period_value": request.GET.get("period", ""),
        "latest": latest_complete_quarter(timezone.localdate()),
        "reports": selectors.board_reports_visible_to(user)[:50],
        "crumbs": crumbs(("Insights", reverse("insights:dashboard")), ("Board reports", None)),
    })


@login_required
@require_GET
def board_report(request: HttpRequest, period: str) -> HttpResponse:
    """A quarter's board report as it would be generated now (with the draft commentary), and the
    reports already generated for the quarter."""
    user = signed_in_user(request)
    require_capability(user, Capability.VIEW_AGGREGATES)
    quarter = _quarter_or_404(period)
    commentary = selectors.board_commentary_for(user=user, period=quarter)
    snapshot = commentary.snapshot() if commentary else {"executive_summary": "", "objectives": {}}
    content = board_content(quarter, cache_seconds=settings.LANTERN_KPI_CACHE_SECONDS)
    return render(request, "insights/board_report.html", {
        "period": quarter,
        "report": content,
        "commentary": snapshot,
        "commentary_record": commentary,
        "sections": commentary_by_objective(content, snapshot),
        "can_edit": user.can(Capability.PUBLISH_STATISTICS),
        "reports": selectors.board_reports_visible_to(user).filter(period_code=quarter.code),
        "crumbs": _board_crumbs((quarter.code, None)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def board_commentary(request: HttpRequest, period: str) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.PUBLISH_STATISTICS)
    quarter = _quarter_or_404(period)
    existing = selectors.board_commentary_for(user=user, period=quarter)
    objectives = objectives_for_commentary()
    initial: dict[str, Any] = {}
    if existing:
        initial = {"executive_summary": existing.executive_summary,
                   **{f"objective_{key}": text for key, text in existing.objectives.items()}}

    def save(form: BoardCommentaryForm) -> Any:
        return services.board_commentary_save(period=quarter, executive_summary=form.cleaned_data["executive_summary"],
                                              objectives=form.objectives_written(), acting_user=user)

    back = reverse("insights:board-report", kwargs={"period": quarter.code})
    return form_page(request, form_class=BoardCommentaryForm, form_kwargs={"objectives": objectives, "initial": initial},
                     save=save, template="form_page.html", success_url=back,
                     success_message="The commentary is saved as a draft. Reports generated from now on include it.",
                     context={"heading": f"Commentary for {quarter.label}", "caption": "Board report",
                              "lede": "Saved as a draft: you can come back to it. Each report generated keeps the "
                                      "commentary as it was at the time.",
                              "crumbs": _board_crumbs((quarter.code, back), ("Commentary", None))})


@login_required
@require_POST
def board_report_generate(request: HttpRequest, period: str) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.PUBLISH_STATISTICS)
    report = services.board_report_generate_start(period=_quarter_or_404(period), acting_user=user)
    assert report.job is not None  # noqa: S101  (the service always starts one)
    return redirect("core:job-detail", job_id=report.job.pk)


@login_required
@require_GET
def board_report_download(request: HttpRequest, report_id: int) -> HttpResponse:
    user = signed_in_user(request)
    report = selectors.board_report_get_for_user(user=user, report_id=report_id)
    if report.status != BoardReportStatus.READY:
        raise not_found()
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lantern-board-report-{report.period_code}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    audit_read(user=user, record=report, label=report.period_code, action="board_report.download", export=True,
               details={"period": report.period_code, "generated_at": report.generated_at.isoformat()
                        if report.generated_at else ""})
    return response


# --- The annual modern slavery statement ----------------------------------------------------------


def _statement_crumbs(*trail: tuple[str, str | None]) -> Any:
    return crumbs(("Insights", reverse("insights:dashboard")), ("Modern slavery statements",
                                                                reverse("insights:statement-list")), *trail)


def _statement_title(statement: Statement) -> str:
    return f"{parse(statement.period_code).label}, version {statement.version}"


@login_required
@require_http_methods(["GET", "POST"])
def statement_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_capability(user, Capability.VIEW_AGGREGATES)
    form = StatementStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require_capability(user, Capability.PUBLISH_STATISTICS)
        if form.is_valid():
            statement = services.statement_start(period=form.cleaned_data["period"], acting_user=user)
            return redirect("insights:statement-detail", statement_id=statement.pk)
    today = timezone.localdate()
    return render(request, "insights/statement_list.html", {
        "form": form,
        "suggested": financial_year(today.year - 1 if today.month >= 4 else today.year - 2).code,
        "statements": selectors.statements_visible_to(user),
        "can_edit": user.can(Capability.PUBLISH_STATISTICS),
        "crumbs": crumbs(("Insights", reverse("insights:dashboard")), ("Modern slavery statements", None)),
    })


@login_required
@require_GET
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    user = signed_in_user(request)
    statement = selectors.statement_get_for_user(user=user, statement_id=statement_id)
    return render(request, "insights/statement_detail.html", {
        "statement": statement,
        "title": _statement_title(statement),
        "areas": [(value, label, covered, statement.area_text(value)) for value, label, covered in areas_covered(statement)],
        "registry": registry_fields(statement),
        "can_edit": user.can(Capability.PUBLISH_STATISTICS),
        "crumbs": _statement_crumbs((_statement_title(statement), None)),
    })


def _statement_for_editing(request: HttpRequest, statement_id: int) -> tuple[Any, Statement]:
    user = signed_in_user(request)
    statement = selectors.statement_get_for_user(user=user, statement_id=statement_id)
    require_capability(user, Capability.PUBLISH_STATISTICS)
    if statement.locked:
        messages.error(request, "This version is approved and locked. Start a new version to change it.")
    return user, statement


@login_required
@require_http_methods(["GET", "POST"])
def statement_area(request: HttpRequest, statement_id: int, area: str) -> HttpResponse:
    user, statement = _statement_for_editing(request, statement_id)
    if area not in StatementArea.values:
        raise not_found()
    detail = reverse("insights:statement-detail", kwargs={"statement_id": statement.pk})
    if statement.locked:
        return redirect(detail)
    guide = AREAS[area]
    label = StatementArea(area).label

    def save(form: StatementAreaForm) -> Statement:
        return services.statement_area_save(statement=statement, area=area, text=form.cleaned_data["text"],
                                            acting_user=user)

    return form_page(request, form_class=StatementAreaForm, form_kwargs={"initial": {"text": statement.area_text(area)}, "label": label},
                     save=save, template="insights/statement_area.html", success_url=detail,
                     success_message=f"{label} saved.",
                     context={"heading": label, "caption": f"Modern slavery statement: {_statement_title(statement)}",
                              "guide": guide, "facts": statement.facts.get("areas", {}).get(area, []),
                              "rules": statement.facts.get("rules", {}), "fact_period": statement.facts.get("period", {}),
                              "crumbs": _statement_crumbs((_statement_title(statement), detail), (label, None))})


@login_required
@require_http_methods(["GET", "POST"])
def statement_registry(request: HttpRequest, statement_id: int) -> HttpResponse:
    user, statement = _statement_for_editing(request, statement_id)
    detail = reverse("insights:statement-detail", kwargs={"statement_id": statement.pk})
    if statement.locked:
        return redirect(detail)

    def save(form: StatementRegistryForm) -> Statement:
        return services.statement_registry_save(statement=statement, fields=form.cleaned_data, acting_user=user)

    return form_page(request, form_class=StatementRegistryForm,
                     form_kwargs={"initial": {**REGISTRY_DEFAULTS, **statement.registry}}, save=save,
                     template="form_page.html", success_url=detail, success_message="The registry details are saved.",
                     context={"heading": "Details for the Modern Slavery Statement Registry",
                              "caption": f"Modern slavery statement: {_statement_title(statement)}",
                              "lede": "What the government's registry asks about the organisation, its policies, "
                                      "training, audits, grievance mechanisms, risks and progress. The period, the "
                                      "approval and the areas covered are filled in from the statement itself.",
                              "crumbs": _statement_crumbs((_statement_title(statement), detail), ("Registry details", None))})


@login_required
@require_http_methods(["GET", "POST"])
def statement_approve(request: HttpRequest, statement_id: int) -> HttpResponse:
    user, statement = _statement_for_editing(request, statement_id)
    detail = reverse("insights:statement-detail", kwargs={"statement_id": statement.pk})
    if statement.locked:
        return redirect(detail)

    def save(form: StatementApproveForm) -> Statement:
        return services.statement_approve(statement=statement, acting_user=user, **form.cleaned_data)

    return form_page(request, form_class=StatementApproveForm, save=save, template="form_page.html", success_url=detail,
                     success_message="The approval is recorded. This version is now locked.",
                     context={"heading": "Record the statement's approval",
                              "caption": f"Modern slavery statement: {_statement_title(statement)}",
                              "lede": "Record who approved the statement for publication (usually the Chief Executive "
                                      "or the Leader, after Cabinet) and when. Once recorded, this version cannot be "
                                      "changed: a later change becomes a new version.",
                              "crumbs": _statement_crumbs((_statement_title(statement), detail), ("Approval", None))})


@login_required
@require_POST
def statement_new_version(request: HttpRequest, statement_id: int) -> HttpResponse:
    user = signed_in_user(request)
    statement = selectors.statement_get_for_user(user=user, statement_id=statement_id)
    try:
        draft = services.statement_new_version(statement=statement, acting_user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("insights:statement-detail", statement_id=statement.pk)
    messages.success(request, f"Version {draft.version} is a draft copied from the approved statement: change it here.")
    return redirect("insights:statement-detail", statement_id=draft.pk)


@login_required
@require_GET
def statement_download(request: HttpRequest, statement_id: int) -> HttpResponse:
    user = signed_in_user(request)
    statement = selectors.statement_get_for_user(user=user, statement_id=statement_id)
    pdf = render_pdf(render_statement_html(statement))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"modern-slavery-statement-{statement.period_code}-v{statement.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    audit_read(user=user, record=statement, label=statement.period_code, action="statement.download", export=True,
               details={"version": statement.version, "status": statement.status})
    return response


@login_required
@require_GET
def statement_html(request: HttpRequest, statement_id: int) -> HttpResponse:
    """The statement as a web page of its own, ready to publish on the council's website."""
    user = signed_in_user(request)
    statement = selectors.statement_get_for_user(user=user, statement_id=statement_id)
    return HttpResponse(render_statement_html(statement))
