"""``manage.py import_statements FILE --as EMAIL``: import the Modern Slavery Statement Registry's CSV."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.models import User
from lantern.supply_chain.services import statements as statement_services


class Command(BaseCommand):
    help = "Import a Modern Slavery Statement Registry CSV, then match the statements to suppliers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The registry's CSV file (statement summaries for one or more years).")
        parser.add_argument("--as", dest="email", required=True,
                            help="The email of the procurement officer the import is recorded against.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account with the email {options['email']}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            outcome = statement_services.statements_import(data=path.read_bytes(), acting_user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(f"{user.email} may not import statements (needs the procurement officer role).") \
                from error
        self.stdout.write(f"{outcome.rows_read} rows read: {outcome.added} statements added, {outcome.updated} "
                          f"updated, {outcome.matched} matched to suppliers, {len(outcome.problems)} not imported.")
        for problem in outcome.problems:
            self.stdout.write(f"  row {problem['row']}: {problem['message']}")
