"""Refresh the shipped England and Wales bank holidays from the GOV.UK feed (run by a developer, not in production).

Fetches https://www.gov.uk/bank-holidays.json (or reads ``--from-file``), merges it with
the shipped list (earlier years the feed no longer lists are kept) and rewrites
``lantern/core/reference/data/bank_holidays_england_and_wales.csv`` and its manifest line.
Review the change and commit it: Lantern never fetches the feed at run time.
"""

import csv
import datetime
import io
import json
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.core import bank_holidays_feed as feed
from lantern.core.reference.lists import MANIFEST, dataset, items
from lantern.core.workingdays import BANK_HOLIDAYS_LIST


def _fetch() -> dict[str, Any]:
    request = urllib.request.Request(feed.FEED_URL, headers={"Accept": "application/json"})  # noqa: S310 (fixed https URL)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310 (a fixed https URL)
        return json.load(response)


def _rewrite_manifest(rows: int, version: str) -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in lines:
        if line and line[0] == dataset(BANK_HOLIDAYS_LIST).file:
            line[1], line[2] = version, str(rows)
        writer.writerow(line)
    MANIFEST.write_text(out.getvalue(), encoding="utf-8")


class Command(BaseCommand):
    help = "Rewrite the shipped bank holidays list from the GOV.UK feed (review and commit the change)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from-file", help="Read a saved copy of the feed instead of fetching it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            raw = json.loads(Path(options["from_file"]).read_text(encoding="utf-8")) if options["from_file"] else _fetch()
            fetched = feed.parse_feed(raw)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Could not read the feed: {exc}") from exc
        shipped = {datetime.date.fromisoformat(item.value): item.label for item in items(BANK_HOLIDAYS_LIST)}
        merged = feed.merge(shipped, fetched)
        dataset(BANK_HOLIDAYS_LIST).path.write_text(feed.to_csv(merged.items()), encoding="utf-8", newline="")
        _rewrite_manifest(len(merged), datetime.date.today().isoformat())  # noqa: DTZ011 (a file version, not an instant)
        added = sorted(set(merged) - set(shipped))
        self.stdout.write(f"{len(merged)} bank holidays, {min(merged).year} to {max(merged).year}; "
                          f"{len(added)} new: {', '.join(d.isoformat() for d in added) or 'none'}.")
