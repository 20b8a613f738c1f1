"""Background jobs of insight: building an open-data release and generating a board report, with progress
KPI by KPI."""

from typing import Any

from lantern.core.jobs import ProgressReporter, job_kind
from lantern.core.kpis import kpis_all
from lantern.core.models import BackgroundJob
from lantern.insights.models import BoardReport, BoardReportStatus, Release
from lantern.insights.services import BOARD_REPORT_JOB, BUILD_JOB, board_report_generate, release_build


@job_kind(BUILD_JOB)
def build_release(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    release = Release.objects.get(job=job)
    progress.every = 1
    progress.total(len(kpis_all()))
    release = release_build(release=release, on_progress=lambda done, name: progress.advance(done, f"Computed {name}"))
    job.message = f"The release for {release.period_code} is built and ready for review under Insights, Open data."
    return {"release": release.pk, "period": release.period_code, "kpis": len(release.content.get("kpis", []))}


@job_kind(BOARD_REPORT_JOB)
def generate_board_report(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    report = BoardReport.objects.get(job=job)
    progress.every = 1
    progress.total(len(kpis_all()) + 1)
    try:
        report = board_report_generate(report=report,
                                       on_progress=lambda done, name: progress.advance(done, f"Computed {name}"))
    except Exception:
        BoardReport.objects.filter(pk=report.pk, status=BoardReportStatus.GENERATING).update(
            status=BoardReportStatus.FAILED)
        raise  # the job records the failure (and logs where, never what)
    job.message = (f"The board report for {report.period_code} is ready to download under Insights, Board reports "
                   f"({report.pdf_size // 1024 + 1} KB).")
    return {"board_report": report.pk, "period": report.period_code, "bytes": report.pdf_size}
