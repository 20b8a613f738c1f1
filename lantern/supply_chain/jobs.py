"""Background jobs of the supply chain: re-screening every supplier (imports run as the pipeline's jobs)."""

from typing import Any

from lantern.core.jobs import ProgressReporter, job_kind
from lantern.core.models import BackgroundJob
from lantern.supply_chain.services import risk as risk_services


@job_kind(risk_services.RESCORE_JOB)
def rescore(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    result = risk_services.suppliers_screen(acting_user=job.started_by, reporter=progress)
    bands = ", ".join(f"{count} {band.replace('_', ' ')}" for band, count in sorted(result.by_band.items()))
    job.message = (f"{result.screened} supplier{'' if result.screened == 1 else 's'} screened under risk model version {result.model_version}"
                   f"{': ' + bands if bands else ''}.")
    return result.as_dict()

