"""Import attendance from the command line, through the same pipeline as the pages.

    manage.py import_attendance FILE... --source NAME [--session TS-XXXX-XX]
                                [--mapping mapping.json] [--column field=Heading ...] [--yes]

With ``--session``, each file is a sign-in sheet for that session; without it, each file is a
learning platform's export naming the course and the date of each completion. When Lantern is
not sure which column holds which field, and no mapping was given, it stops and prints what it
proposes and how to confirm it: it never guesses silently.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.imports import cli
from lantern.training.pipeline import COMPLETIONS_IMPORT, kind_for_session
from lantern.training.selectors.records import session_by_reference


class Command(BaseCommand):
    help = "Import attendance (sign-in sheets or a learning platform's completions, CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="CSV or XLSX files.")
        parser.add_argument("--source", required=True,
                            help="Who sent the files (trainer, provider or platform); columns are remembered by it.")
        parser.add_argument("--session", help="The session's reference, for a sign-in sheet.")
        cli.add_mapping_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        kind = COMPLETIONS_IMPORT
        if options["session"]:
            session = session_by_reference(options["session"])
            if session is None:
                raise CommandError(f"No session has the reference {options['session']}")
            kind = kind_for_session(session)
        given = cli.columns_from(options)
        failures = 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            failures += cli.import_path(kind=kind, path=path, source=options["source"], user=None, given=given,
                                        options=options, out=self.stdout, err=self.stderr)
        if failures:
            raise CommandError(f"{failures} file(s) were not imported")
