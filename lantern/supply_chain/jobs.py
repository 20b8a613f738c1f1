"""Background jobs of the supply chain: re-screening every supplier, importing the statement registry."""

from typing import Any

from lantern.core.jobs import ProgressReporter, job_kind
from lantern.core.models import BackgroundJob
from lantern.supply_chain.models import StatementImport
from lantern.supply_chain.services import risk as risk_services
from lantern.supply_chain.services import statements as statement_services


@job_kind(risk_services.RESCORE_JOB)
def rescore(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    result = risk_services.suppliers_screen(acting_user=job.started_by, reporter=progress)
    bands = ", ".join(f"{count} {band.replace('_', ' ')}" for band, count in sorted(result.by_band.items()))
    job.message = (f"{result.screened} supplier{'' if result.screened == 1 else 's'} screened under risk model version {result.model_version}"
                   f"{': ' + bands if bands else ''}.")
    return result.as_dict()


@job_kind(statement_services.IMPORT_JOB)
def import_statements(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    upload = StatementImport.objects.get(job=job)
    outcome = statement_services.statement_import_run(upload=upload, reporter=progress)
    rejected = f"; {len(outcome.problems)} rows not imported" if outcome.problems else ""
    job.message = (f"{outcome.added} statements added, {outcome.updated} updated, {outcome.matched} matched to "
                   f"suppliers{rejected}.")
    return {**outcome.as_dict(), "upload": upload.pk}
