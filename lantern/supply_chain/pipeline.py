"""What happens to a spend file after its lines are committed: a short list of steps, in order.

Each step takes the committed ``SpendFile`` and the progress to report to, runs in its own
transaction after the commit, and returns what it wants recorded in the import's result.
Supplier resolution and risk scoring are appended here as steps, so the import, the
command line and the benchmark all run them the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse

from lantern.core.imports import registry
from lantern.core.imports.registry import ImportSource, Progress
from lantern.core.models import ImportFile, ImportStatus
from lantern.supply_chain import statements
from lantern.supply_chain.models import SpendFile
from lantern.supply_chain.services import risk, spend_imports, suppliers
from lantern.supply_chain.services import statements as statement_services
from lantern.supply_chain.spend.fields import SPEND_SPEC, row_reader


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # shown as the job's progress message while it runs
    run: Callable[[SpendFile, Progress], dict[str, Any]]


def _summarise(spend_file: SpendFile, progress: Progress) -> dict[str, Any]:
    return spend_imports.spend_file_summarise(spend_file=spend_file)


def _resolve_suppliers(spend_file: SpendFile, progress: Progress) -> dict[str, Any]:
    # Every name still unresolved, not only this file's: a name left over from an earlier
    # import that stopped before this step is placed now.
    return suppliers.supplier_names_resolve(acting_user=spend_file.imported_by)


def _screen_suppliers(spend_file: SpendFile, progress: Progress) -> dict[str, Any]:
    # Every supplier: new spend changes the spend factor of suppliers paid in earlier files too.
    return risk.suppliers_screen(acting_user=spend_file.imported_by, as_system=True).as_dict()


STEPS: list[Step] = [
    Step("summary", "Adding up the file's payments and dates", _summarise),
    Step("suppliers", "Grouping the payees' names into suppliers", _resolve_suppliers),
    Step("risk", "Screening the suppliers for modern slavery risk", _screen_suppliers),
]


def run_steps(source: ImportSource, result: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Run every step on the file just committed; each reports its progress and result."""
    spend_file = SpendFile.objects.get(pk=result["spend_file"])
    done: dict[str, Any] = {}
    progress.total(len(STEPS))
    for number, step in enumerate(STEPS, start=1):
        progress.advance(number - 1, step.label)
        with transaction.atomic():
            done[step.name] = step.run(spend_file, progress)
        progress.advance(number, step.label)
    return {"steps": done}


def upload_page(import_file: ImportFile) -> str:
    """Where an upload's pages continue: its mapping, its report, or the imported file."""
    if import_file.status in (ImportStatus.IMPORTED, ImportStatus.DUPLICATE) and import_file.result.get("spend_file"):
        return reverse("supply_chain:spend-file-detail", args=[import_file.result["spend_file"]])
    if import_file.status == ImportStatus.UPLOADED:
        return reverse("supply_chain:upload-mapping", args=[import_file.pk])
    return reverse("supply_chain:upload-report", args=[import_file.pk])


SPEND_IMPORT = registry.ImportKind(
    name=spend_imports.KIND, label="spend file", spec=SPEND_SPEC, row_reader=row_reader,
    commit=spend_imports.spend_file_commit, page_url=upload_page, after_commit=run_steps,
)


def statement_upload_page(import_file: ImportFile) -> str:
    """Where a registry upload's pages continue: its mapping, or its report (with the outcome once imported)."""
    if import_file.status == ImportStatus.UPLOADED:
        return reverse("supply_chain:statement-upload-mapping", args=[import_file.pk])
    return reverse("supply_chain:statement-upload-report", args=[import_file.pk])


# The registry's statements: matched to suppliers as the follow-on step.
STATEMENT_IMPORT = registry.ImportKind(
    name=statement_services.KIND, label="statement registry file", spec=statements.STATEMENT_SPEC,
    row_reader=statements.row_reader, commit=statement_services.statements_commit, page_url=statement_upload_page,
    after_commit=statement_services.statements_match_step,
)
