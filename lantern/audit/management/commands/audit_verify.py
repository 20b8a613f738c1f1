"""Check the audit trail's hash chain; exit with status 1 at the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify that no audit entry has been changed, removed or reordered."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(
                f"Audit chain BROKEN at entry {broken.sequence}: {broken.reason}. ({checked} entries read.)"
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} entries verified."))
