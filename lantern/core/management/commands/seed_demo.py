"""Build a realistic synthetic partnership for demonstrations and local use.

Idempotent: running it again adds nothing twice. Refuses to run outside the
local and test settings, so demo accounts never reach a real installation.
Each app adds its own data through its AppConfig's ``seed_demo`` hook, in
INSTALLED_APPS order (an app comes after the apps it builds on).
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantern.core.plugins import DemoSeeded, lantern_apps


class Command(BaseCommand):
    help = "Create the demo Sandwell partnership: agencies, wards, boards, a user for every role, and demo records."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "LANTERN_DEMO_TOOLS", False):
            raise CommandError("seed_demo only runs with local or test settings: it creates accounts with a public password.")
        seeded: list[DemoSeeded] = [result for config in lantern_apps() if (result := config.seed_demo()) is not None]
        for result in seeded:
            for line in result.summary:
                self.stdout.write(self.style.SUCCESS(line))
        for result in seeded:
            if result.notes:
                self.stdout.write("")
                for line in result.notes:
                    self.stdout.write(line)
