"""Anonymise confidential reports closed longer ago than LANTERN_REPORT_RETENTION_DAYS (run daily).

Reports on legal hold are kept. Files checked for a report that was never sent
are removed after LANTERN_REPORT_HELD_FILE_HOURS. The run is recorded in the
audit trail. Schedule it with Celery beat (`lantern.confidential_reports.apply_retention`) or cron.
"""

from typing import Any

from django.core.management.base import BaseCommand

from lantern.confidential_reports.services import reports_apply_retention


class Command(BaseCommand):
    help = "Anonymise confidential reports past their retention period and remove files never sent."

    def handle(self, *args: Any, **options: Any) -> None:
        result = reports_apply_retention()
        self.stdout.write(
            f"Anonymised {result['anonymised']} report(s); removed {result['unsent_files_removed']} unsent file(s); "
            f"{result['kept_on_legal_hold']} closed report(s) kept on legal hold."
        )
