"""Import the Modern Slavery Statement Registry's file from the command line, through the same pipeline
as the pages (the columns proposed and never guessed, every row checked, one atomic commit), then
match the statements to suppliers.

    manage.py import_statements FILE... --as EMAIL [--mapping mapping.json] [--column field=Heading ...] [--yes]
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.core.imports import cli
from lantern.supply_chain.pipeline import STATEMENT_IMPORT
from lantern.supply_chain.services.statements import REGISTRY


class Command(BaseCommand):
    help = "Import Modern Slavery Statement Registry files (CSV or XLSX), then match the statements to suppliers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="The registry's files (statement summaries for one or more years).")
        parser.add_argument("--as", dest="email", required=True,
                            help="The email of the procurement officer the import is recorded against.")
        cli.add_mapping_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the email {options['email']}.")
        if not user.can(Capability.MANAGE_SUPPLY_CHAIN):
            raise CommandError(f"{user.email} may not import statements (needs the procurement officer role).")
        given = cli.columns_from(options)
        failures = 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}")
            failures += cli.import_path(kind=STATEMENT_IMPORT, path=path, source=REGISTRY, user=user, given=given,
                                        options=options, out=self.stdout, err=self.stderr)
        if failures:
            raise CommandError(f"{failures} file(s) were not imported")
