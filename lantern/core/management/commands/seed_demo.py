"""Build a realistic synthetic partnership for demonstrations and local use.

Idempotent: running it again adds nothing twice. Refuses to run outside the
local and test settings, so demo accounts never reach a real installation.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantern.accounts import demo as accounts_demo
from lantern.cases import demo as cases_demo
from lantern.confidential_reports import demo as reports_demo
from lantern.partnership import demo as partnership_demo


class Command(BaseCommand):
    help = "Create the demo Sandwell partnership: agencies, wards, boards and a user for every role."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "LANTERN_DEMO_TOOLS", False):
            raise CommandError("seed_demo only runs with local or test settings: it creates accounts with a public password.")
        partnership = partnership_demo.seed()
        users = accounts_demo.seed()
        cases = cases_demo.seed()
        reports = reports_demo.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo partnership ready: {partnership.name}."))
        if cases:
            self.stdout.write(f"Added {cases} demo cases.")
        if reports:
            self.stdout.write(f"Added {reports} demo confidential reports.")
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {accounts_demo.DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.email:<38} {', '.join(user.role_labels)}")
        self.stdout.write("")
        self.stdout.write(f"Public reporting: /report/ (try following up with the demo receipt {reports_demo.DEMO_RECEIPT}).")
        self.stdout.write("Two-factor codes: `make totp EMAIL=admin@sandwell.example` "
                          "(or `.venv/bin/python manage.py demo_totp <email>`).")
