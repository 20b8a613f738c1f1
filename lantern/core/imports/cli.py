"""Importing a file from the command line through the one pipeline (ADR 19): the same mapping
proposal, check and commit as the pages, with a progress bar on the terminal.

A command adds ``add_mapping_arguments`` to its parser and calls ``import_path`` for each file.
When Lantern is not sure which column holds which field, and no mapping was given, it stops
and prints what it proposes and how to confirm it: it never guesses silently.
"""

import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser

from lantern.core.imports import pipeline
from lantern.core.imports.mapping import SAMPLE_ROWS, ImportSpec, Proposal, apply_mapping, propose_mapping
from lantern.core.imports.reading import UnreadableFile, read_table
from lantern.core.imports.registry import ImportKind, ImportSource
from lantern.core.models import ImportMapping

BAR_WIDTH = 30


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...
    def flush(self) -> object: ...


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


def columns_from(options: dict[str, Any]) -> dict[str, str]:
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


def with_overrides(proposed: dict[str, str], given: dict[str, str], *, from_file: bool) -> dict[str, str]:
    """A mapping file is taken as it is; ``--column`` alone corrects the proposal (a proposed field
    whose column is given to another field is dropped)."""
    if from_file or not given:
        return given or proposed
    taken = set(given.values())
    return {**{name: header for name, header in proposed.items() if header not in taken}, **given}


def add_mapping_arguments(parser: CommandParser) -> None:
    parser.add_argument("--mapping", help='A JSON file: {"field": "Column heading", ...}.')
    parser.add_argument("--column", action="append", metavar="FIELD=HEADING",
                        help="Map one field to a column (repeat for more); overrides --mapping.")
    parser.add_argument("--yes", action="store_true", help="Accept Lantern's proposed mapping even where it is unsure.")
    parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")


def import_path(*, kind: ImportKind, path: Path, source: str, user: Any, given: dict[str, str],
                options: dict[str, Any], out: _Writable, err: _Writable) -> int:
    """Check and import one file; 0 when it was imported, 1 when it was not (and why, on ``err``)."""
    with path.open("rb") as stream:
        try:
            table, rows = read_table(stream, name=path.name)
            sample = [cells for _, cells in itertools.islice(rows, SAMPLE_ROWS)]
        except UnreadableFile as error:
            err.write(f"{path.name}: {error}\n")
            return 1
        stream.seek(0)
        remembered = ImportMapping.objects.filter(kind=kind.name, source__iexact=source).first()
        proposal = propose_mapping(kind.spec, table.headers, sample, remembered=remembered.columns if remembered else None)
        columns = with_overrides(proposal.columns(), given, from_file=bool(options["mapping"]))
        if not given and not proposal.certain and not options["yes"]:
            explain(err, kind.spec, path, proposal)
            return 1
        try:
            apply_mapping(kind.spec, table.headers, columns)
        except ValueError as error:
            err.write(f"{path.name}: {error}\n")
            explain(err, kind.spec, path, proposal)
            return 1
        import_source = ImportSource(name=path.name, sha256=pipeline.file_sha256(stream), source=source, user=user)
        progress = TerminalProgress(sys.stderr if not options["quiet_progress"] else _Null())
        started = time.monotonic()
        try:
            stats, result = pipeline.run_import(kind=kind, stream=stream, source=import_source, columns=columns,
                                                progress=progress)
        except ValidationError as error:
            progress.end()
            err.write(f"{path.name}: {' '.join(error.messages)}\n")
            return 1
        progress.end()
    seconds = time.monotonic() - started
    out.write(f"{path.name} ({source}): {result.get('message', '')} [{seconds:.1f} s]\n")
    for problem in stats.problems[:20]:
        outcome = "not imported" if problem.rejected else "imported without it"
        out.write(f"  row {problem.row}, {problem.column}: {problem.reason} ({outcome})\n")
    if stats.problems_total > 20:  # noqa: PLR2004
        out.write(f"  ... and {stats.problems_total - 20:,} more problems\n")
    return 0


def explain(err: _Writable, spec: ImportSpec, path: Path, proposal: Proposal) -> None:
    lines = [f"{path.name}: Lantern is not sure which column holds which field, so nothing was imported.",
             "Proposed mapping:"]
    for item in proposal.fields:
        target = spec.field(item.field)
        if item.column is None:
            note = "no column found" + (" (required)" if target.required else "")
            lines.append(f"  {item.field:<20} -> {note}")
            continue
        flag = "sure" if item.sure else "NOT SURE"
        also = ", ".join(repr(proposal.headers[index]) for index in item.alternatives)
        lines.append(f"  {item.field:<20} -> {proposal.headers[item.column]!r} ({flag}, "
                     f"{item.confidence:.0%}: {item.reason}){f'; could also be {also}' if also else ''}")
    lines.append("To confirm it, run again with --yes; to change it, give --column field=Heading for "
                 "each field to change, or --mapping FILE with this JSON:")
    lines.append(json.dumps(proposal.columns(), indent=2))
    err.write("\n".join(lines) + "\n")


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None
