"""The compliance page's two tables as CSV files: the summary by agency and role, and the people.

Plain Python: the view passes what the page shows (``compliance_cached`` with the page's filters), so a
file holds exactly the rows and figures the page lists, every page of them. Each cell goes through
``lantern.core.exports.csv_safe`` (``csv_text``), so a name a spreadsheet would read as a formula is shown as text.
"""

from collections.abc import Iterable

from lantern.core.exports import csv_text
from lantern.training.compliance import STATUS_LABELS, STATUS_ORDER, Status

SUMMARY_HEADER = ("Agency", "Role or job type", *(STATUS_LABELS[status] for status in STATUS_ORDER))
PEOPLE_HEADER = ("Name", "Agency", "Status", "Training recorded")


def summary_csv(summary: Iterable[tuple[str, str, list[int]]]) -> str:
    """One row per agency and role (or job type): people by their worst status, in the page's column order."""
    return csv_text(SUMMARY_HEADER, ([agency, group, *counts] for agency, group, counts in summary))


def people_csv(rows: Iterable[tuple[int | None, str, str, str]]) -> str:
    """One row per person listed (``CompliancePage.rows``): name, agency, worst status, and whether any training
    is recorded for them."""
    return csv_text(PEOPLE_HEADER, ([name, organisation, STATUS_LABELS[Status(status)], "Yes" if trainee_id else "No"]
                                     for trainee_id, name, organisation, status in rows))
