"""Reading insight: the dashboard's readings and the open-data releases.

Everything here is aggregate and already suppressed; who may read it is decided by capability
(``VIEW_AGGREGATES``: programme manager, SHOP coordinator, board viewers). A release the user may
not see, or that does not exist, is a 404. The latest approved release is public.
"""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found, require_capability
from lantern.core.kpis import kpi_results_cached, kpis_for
from lantern.core.periods import Period
from lantern.insights.figures import Reading, dashboard_rules, publish
from lantern.insights.models import BoardCommentary, BoardReport, Release, ReleaseStatus, Statement
from lantern.insights.trends import kpi_trends


def dashboard_readings(*, user: Any, period: Period, objective: str | None = None) -> list[Reading]:
    """Each registered KPI (of ``objective``, if given) for ``period`` and the period before, as
    everyone on the dashboard sees them: small numbers suppressed, not rounded. The KPIs' results are
    cached for LANTERN_KPI_CACHE_SECONDS (``kpi_results_cached``), so a figure may be that old."""
    require_capability(user, Capability.VIEW_AGGREGATES)
    rules = dashboard_rules()
    previous = period.previous()
    kpis = kpis_for(objective)
    results = kpi_results_cached(kpis, [period, previous], seconds=settings.LANTERN_KPI_CACHE_SECONDS)
    return [
        Reading(current=publish(kpi, results[kpi.slug, period.code], rules),
                previous=publish(kpi, results[kpi.slug, previous.code], rules), period=period)
        for kpi in kpis
    ]


def dashboard_trends(*, user: Any, period: Period, objective: str | None = None) -> dict[str, dict[str, Any]]:
    """Each KPI's published headline over the last periods up to ``period`` (for the trend charts)."""
    require_capability(user, Capability.VIEW_AGGREGATES)
    return kpi_trends(kpis_for(objective), period, dashboard_rules(), cache_seconds=settings.LANTERN_KPI_CACHE_SECONDS)


def releases_visible_to(user: Any) -> QuerySet[Release]:
    require_capability(user, Capability.VIEW_AGGREGATES)
    return Release.objects.select_related("built_by", "approved_by", "job")


def release_get_for_user(*, user: Any, release_id: int) -> Release:
    try:
        return releases_visible_to(user).get(pk=release_id)
    except Release.DoesNotExist:
        raise not_found() from None


def release_published_latest() -> Release | None:
    """The release the public statistics page shows: the one approved most recently."""
    return Release.objects.filter(status=ReleaseStatus.APPROVED).order_by("-approved_at", "-pk").first()


# --- Board reports and statements: read by everyone who reads aggregates ------------------------


def board_commentary_for(*, user: Any, period: Period) -> BoardCommentary | None:
    require_capability(user, Capability.VIEW_AGGREGATES)
    return BoardCommentary.objects.filter(period_code=period.code).select_related("updated_by").first()


def board_reports_visible_to(user: Any) -> QuerySet[BoardReport]:
    """The generated board reports, without their PDFs (a download reads one)."""
    require_capability(user, Capability.VIEW_AGGREGATES)
    return BoardReport.objects.select_related("generated_by", "job").defer("pdf")


def board_report_get_for_user(*, user: Any, report_id: int) -> BoardReport:
    try:
        return board_reports_visible_to(user).defer(None).get(pk=report_id)
    except BoardReport.DoesNotExist:
        raise not_found() from None


def statements_visible_to(user: Any) -> QuerySet[Statement]:
    require_capability(user, Capability.VIEW_AGGREGATES)
    return Statement.objects.select_related("created_by", "approved_by")


def statement_get_for_user(*, user: Any, statement_id: int) -> Statement:
    try:
        return statements_visible_to(user).get(pk=statement_id)
    except Statement.DoesNotExist:
        raise not_found() from None
