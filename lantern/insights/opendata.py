"""What an open-data release holds and how it is written out: JSON, CSV and the note of the rules.

``release_content`` computes every registered KPI for a period and passes it through
``figures.publish`` under the open-data rules (suppression and rounding); the result is stored on
the release as built, so what is approved is exactly what is published. The same function writes
``manage.py export_open_data``'s files, so the command and the public page never differ.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from lantern.core.exports import csv_text
from lantern.core.kpis import kpis_all
from lantern.core.periods import Period
from lantern.core.suppression import SUPPRESSED_MARK, Rules
from lantern.insights.figures import publish, published_json

FORMAT_VERSION = 1
CSV_COLUMNS = ["period", "kpi", "kpi_name", "unit", "table", "table_title", "row", "column", "value"]


def release_content(period: Period, rules: Rules, *, on_progress: Callable[[int, str], None] | None = None) -> dict[str, Any]:
    kpis = kpis_all()
    figures = []
    for done, kpi in enumerate(kpis, start=1):
        figures.append(published_json(publish(kpi, kpi.compute(period), rules)))
        if on_progress:
            on_progress(done, kpi.name)
    return {
        "format_version": FORMAT_VERSION,
        "period": {"code": period.code, "label": period.label, "start": period.start.isoformat(),
                   "end": period.end.isoformat()},
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "rules": rules.as_dict(),
        "kpis": figures,
    }


def _value(figure: dict[str, Any] | None) -> str:
    if figure is None:
        return ""
    return SUPPRESSED_MARK if figure["suppressed"] else ("" if figure["value"] is None else str(figure["value"]))


def csv_rows(content: dict[str, Any]) -> Iterator[list[str]]:
    """One row per published figure (long format): headline, each table's cells and totals."""
    period = content["period"]["code"]
    for kpi in content["kpis"]:
        start = [period, kpi["slug"], kpi["name"], kpi["unit"]]
        yield [*start, "headline", kpi["name"], "", "", _value(kpi["value"])]
        for table in kpi["tables"]:
            head = [*start, table["slug"], table["title"]]
            for row in table["rows"]:
                if "cells" in row:
                    for column, cell in zip(table["columns"], row["cells"], strict=True):
                        yield [*head, row["label"], column, _value(cell)]
                    yield [*head, row["label"], "Total", _value(row["total"])]
                else:
                    yield [*head, row["label"], "", _value(row)]
            for column, cell in zip(table.get("columns", []), table.get("column_totals", []), strict=True):
                yield [*head, "Total", column, _value(cell)]
            if table["total"] is not None:
                yield [*head, "Total", "Total" if table.get("columns") else "", _value(table["total"])]


def release_csv(content: dict[str, Any]) -> str:
    return csv_text(CSV_COLUMNS, csv_rows(content))


def release_json(content: dict[str, Any]) -> str:
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"


def rules_note(content: dict[str, Any]) -> str:
    rules = content["rules"]
    period = content["period"]
    return (
        f"Lantern open data: {period['label']} ({period['start']} to {period['end']})\n\n"
        f"Rules applied\n\n{rules['statement']}\n\n"
        f"Threshold: {rules['threshold']}. Rounding base: {rules['rounding_base']}. Suppressed figures are shown as "
        f"{rules['suppressed_mark']} in the CSV file and as null (with \"suppressed\": true) in the JSON file.\n\n"
        f"Built: {content['generated_at']}.\n"
    )
