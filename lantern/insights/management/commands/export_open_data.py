"""Write the open-data release of a period: the CSV and JSON the public statistics page would publish,
and the note of the rules applied. Aggregates only, suppressed and rounded under the configured rules."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.periods import PeriodError, parse
from lantern.insights.figures import open_data_rules
from lantern.insights.opendata import release_content, release_csv, release_json, rules_note


class Command(BaseCommand):
    help = "Write a period's open-data release (CSV, JSON and the note of the rules applied) to a directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="e.g. 2026-Q3, 2026-07, FY2026-27 or 2026-07-01..2026-08-15")
        parser.add_argument("--out", required=True, help="Directory to write the files to (made if missing).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        content = release_content(period, open_data_rules())
        files = {
            f"lantern-statistics-{period.code}.csv": release_csv(content),
            f"lantern-statistics-{period.code}.json": release_json(content),
            f"lantern-rules-{period.code}.txt": rules_note(content),
        }
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {', '.join(files)} to {out} ({len(content['kpis'])} measures, {period.label}).")
