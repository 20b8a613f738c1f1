"""Import published spend files from the command line, through the same pipeline as the pages.

    manage.py import_spend FILE... [--publisher NAME] [--mapping mapping.json]
                                   [--column field=Heading ...] [--yes]

When Lantern is not sure which column holds which field, and no mapping was given, it
stops and prints what it proposes and how to confirm it: it never guesses silently.
"""

import collections
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.imports import pipeline
from lantern.core.imports.mapping import SAMPLE_ROWS, apply_mapping, propose_mapping
from lantern.core.imports.reading import UnreadableFile, read_table
from lantern.core.imports.registry import ImportSource
from lantern.core.models import ImportMapping
from lantern.supply_chain.pipeline import SPEND_IMPORT
from lantern.supply_chain.spend.fields import SPEND_SPEC

BAR_WIDTH = 30


class _Writable(Protocol):
    def write(self, text: str) -> int: ...
    def flush(self) -> None: ...


class TerminalProgress:
    """A progress bar on the terminal (standard error), redrawn at most a few times a second."""

    def __init__(self, out: _Writable) -> None:
        self.out = out
        self.count = 0
        self.drawn = 0.0
        self.message = "Reading"

    def total(self, total: int) -> None:
        self.count = total

    def advance(self, done: int, message: str = "") -> None:
        if message:
            self.message = message
        now = time.monotonic()
        if now - self.drawn < 0.2 and done < self.count:
            return
        self.drawn = now
        share = min(1.0, done / self.count) if self.count else 0.0
        filled = round(BAR_WIDTH * share)
        self.out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:4.0%} {done:,} of {self.count:,}"
                       f" {self.message[:40]:<40}")
        self.out.flush()

    def end(self) -> None:
        self.out.write("\n")
        self.out.flush()


def _columns_from(options: dict[str, Any]) -> dict[str, str]:
    columns: dict[str, str] = {}
    if options["mapping"]:
        try:
            loaded = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"The mapping file cannot be read: {error}") from error
        if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
            raise CommandError('The mapping file must be a JSON object: {"field": "Column heading", ...}')
        columns.update(loaded)
    for pair in options["column"] or []:
        field, _, header = pair.partition("=")
        if not header:
            raise CommandError(f"--column takes field=Heading, not {pair!r}")
        columns[field.strip()] = header.strip()
    return columns


def _with_overrides(proposed: dict[str, str], given: dict[str, str], *, from_file: bool) -> dict[str, str]:
    """A mapping file is taken as it is; ``--column`` alone corrects the proposal (a proposed field
    whose column is given to another field is dropped)."""
    if from_file or not given:
        return given or proposed
    taken = set(given.values())
    return {**{name: header for name, header in proposed.items() if header not in taken}, **given}


class Command(BaseCommand):
    help = "Import published spend files (CSV or XLSX): the mapping is proposed, checked and never guessed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="Spend files, CSV or XLSX.")
        parser.add_argument("--publisher", help="Who published the files (default: the body column, or the file name).")
        parser.add_argument("--mapping", help='A JSON file: {"field": "Column heading", ...}.')
        parser.add_argument("--column", action="append", metavar="FIELD=HEADING",
                            help="Map one field to a column (repeat for more); overrides --mapping.")
        parser.add_argument("--yes", action="store_true", help="Accept Lantern's proposed mapping even where it is unsure.")
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        given = _columns_from(options)
        failures = 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            failures += self._import_one(path, given, options)
        if failures:
            raise CommandError(f"{failures} file(s) were not imported")

    def _import_one(self, path: Path, given: dict[str, str], options: dict[str, Any]) -> int:
        with path.open("rb") as stream:
            try:
                table, rows = read_table(stream, name=path.name)
                sample = [cells for _, cells in itertools.islice(rows, SAMPLE_ROWS)]
            except UnreadableFile as error:
                self.stderr.write(f"{path.name}: {error}")
                return 1
            stream.seek(0)
            publisher = options["publisher"] or self._publisher(table.headers, sample, path)
            remembered = ImportMapping.objects.filter(kind=SPEND_IMPORT.name, source__iexact=publisher).first()
            proposal = propose_mapping(SPEND_SPEC, table.headers, sample,
                                       remembered=remembered.columns if remembered else None)
            columns = _with_overrides(proposal.columns(), given, from_file=bool(options["mapping"]))
            if not given and not proposal.certain and not options["yes"]:
                self._explain(path, proposal)
                return 1
            try:
                apply_mapping(SPEND_SPEC, table.headers, columns)
            except ValueError as error:
                self.stderr.write(f"{path.name}: {error}")
                self._explain(path, proposal)
                return 1
            source = ImportSource(name=path.name, sha256=pipeline.file_sha256(stream), source=publisher, user=None)
            progress = TerminalProgress(sys.stderr if not options["quiet_progress"] else _Null())
            started = time.monotonic()
            try:
                stats, result = pipeline.run_import(kind=SPEND_IMPORT, stream=stream, source=source,
                                                    columns=columns, progress=progress)
            except ValidationError as error:
                progress.end()
                self.stderr.write(f"{path.name}: {' '.join(error.messages)}")
                return 1
            progress.end()
        seconds = time.monotonic() - started
        self.stdout.write(f"{path.name} ({publisher}): {result.get('message', '')} [{seconds:.1f} s]")
        for problem in stats.problems[:20]:
            outcome = "not imported" if problem.rejected else "imported without it"
            self.stdout.write(f"  row {problem.row}, {problem.column}: {problem.reason} ({outcome})")
        if stats.problems_total > 20:  # noqa: PLR2004
            self.stdout.write(f"  ... and {stats.problems_total - 20:,} more problems")
        return 0

    def _publisher(self, headers: list[str], sample: list[list[Any]], path: Path) -> str:
        proposal = propose_mapping(SPEND_SPEC, headers, sample)
        body = next((item.column for item in proposal.fields if item.field == "body"), None)
        if body is not None:
            values = collections.Counter(str(row[body]) for row in sample if row[body] != "")
            if values:
                return values.most_common(1)[0][0][:200]
        return path.stem[:200]

    def _explain(self, path: Path, proposal: Any) -> None:
        self.stderr.write(f"{path.name}: Lantern is not sure which column holds which field, so nothing was imported.")
        self.stderr.write("Proposed mapping:")
        for item in proposal.fields:
            target = SPEND_SPEC.field(item.field)
            if item.column is None:
                note = "no column found" + (" (required)" if target.required else "")
                self.stderr.write(f"  {item.field:<20} -> {note}")
                continue
            flag = "sure" if item.sure else "NOT SURE"
            also = ", ".join(repr(proposal.headers[index]) for index in item.alternatives)
            self.stderr.write(f"  {item.field:<20} -> {proposal.headers[item.column]!r} ({flag}, "
                              f"{item.confidence:.0%}: {item.reason}){f'; could also be {also}' if also else ''}")
        self.stderr.write("To confirm it, run again with --yes; to change it, give --column field=Heading for "
                          "each field to change, or --mapping FILE with this JSON:")
        self.stderr.write(json.dumps(proposal.columns(), indent=2))


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None
