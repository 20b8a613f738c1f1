"""Name the partnership's approver of role requests (or clear it): an operator's task, not a page."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.models import User
from lantern.accounts.services import role_grant_approver_set


class Command(BaseCommand):
    help = (
        "Name the one person who approves requests for roles that open case or report records "
        "(without one, any other system administrator approves). --clear removes the approver."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", nargs="?", help="The approver's sign-in email address.")
        parser.add_argument("--clear", action="store_true", help="Remove the named approver.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            role_grant_approver_set(approver=None)
            self.stdout.write("Role requests are now approved by any other system administrator.")
            return
        if not options["email"]:
            raise CommandError("Give the approver's email address, or --clear.")
        user = User.objects.filter(email__iexact=options["email"].strip(), is_active=True).first()
        if user is None:
            raise CommandError("No active account has that email address.")
        role_grant_approver_set(approver=user)
        self.stdout.write(f"Role requests are now approved by {user.email}.")
