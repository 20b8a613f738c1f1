"""Background jobs of insight: building an open-data release, with progress KPI by KPI."""

from typing import Any

from lantern.core.jobs import ProgressReporter, job_kind
from lantern.core.kpis import kpis_all
from lantern.core.models import BackgroundJob
from lantern.insights.models import Release
from lantern.insights.services import BUILD_JOB, release_build


@job_kind(BUILD_JOB)
def build_release(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    release = Release.objects.get(job=job)
    progress.every = 1
    progress.total(len(kpis_all()))
    release = release_build(release=release, on_progress=lambda done, name: progress.advance(done, f"Computed {name}"))
    job.message = f"The release for {release.period_code} is built and ready for review under Insights, Open data."
    return {"release": release.pk, "period": release.period_code, "kpis": len(release.content.get("kpis", []))}
