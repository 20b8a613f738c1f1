"""Check the audit trail's hash chain and its signed checkpoints; exit with status 1 at the first problem."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify that no audit entry has been changed, removed or reordered, and that the newest were not cut off."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken, signed = audit_verify()
        if broken is not None:
            raise CommandError(
                f"Audit chain BROKEN at entry {broken.sequence}: {broken.reason}. ({checked} entries read.)"
            )
        against = f" against {signed} signed checkpoint{'s' if signed != 1 else ''}" if signed else ""
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} entries verified{against}."))
