"""Import published spend files from the command line, through the same pipeline as the pages.

    manage.py import_spend FILE... [--publisher NAME] [--mapping mapping.json]
                                   [--column field=Heading ...] [--yes]

When Lantern is not sure which column holds which field, and no mapping was given, it
stops and prints what it proposes and how to confirm it: it never guesses silently.
"""

import collections
import itertools
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.imports import cli
from lantern.core.imports.mapping import SAMPLE_ROWS, propose_mapping
from lantern.core.imports.reading import UnreadableFile, read_table
from lantern.supply_chain.pipeline import SPEND_IMPORT
from lantern.supply_chain.spend.fields import SPEND_SPEC


class Command(BaseCommand):
    help = "Import published spend files (CSV or XLSX): the mapping is proposed, checked and never guessed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="Spend files, CSV or XLSX.")
        parser.add_argument("--publisher", help="Who published the files (default: the body column, or the file name).")
        cli.add_mapping_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        given = cli.columns_from(options)
        failures = 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            publisher = options["publisher"] or self._publisher(path)
            failures += cli.import_path(kind=SPEND_IMPORT, path=path, source=publisher, user=None, given=given,
                                        options=options, out=self.stdout, err=self.stderr)
        if failures:
            raise CommandError(f"{failures} file(s) were not imported")

    def _publisher(self, path: Path) -> str:
        """The body most rows name, or the file's name."""
        with path.open("rb") as stream:
            try:
                table, rows = read_table(stream, name=path.name)
                sample = [cells for _, cells in itertools.islice(rows, SAMPLE_ROWS)]
            except UnreadableFile:
                return path.stem[:200]  # the import says why it cannot read the file
        proposal = propose_mapping(SPEND_SPEC, table.headers, sample)
        body = next((item.column for item in proposal.fields if item.field == "body"), None)
        if body is not None:
            values = collections.Counter(str(row[body]) for row in sample if row[body] != "")
            if values:
                return values.most_common(1)[0][0][:200]
        return path.stem[:200]
