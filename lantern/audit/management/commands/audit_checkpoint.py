"""Sign the audit chain's head and append it to the checkpoint file and log."""

from typing import Any

from django.core.management.base import BaseCommand

from lantern.audit.services import audit_checkpoint_write


class Command(BaseCommand):
    help = "Record a signed checkpoint of the audit chain's head outside the database."

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = audit_checkpoint_write()
        if checkpoint is None:
            self.stdout.write("The audit trail is empty: there is nothing to checkpoint yet.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Checkpoint recorded: entry {checkpoint.sequence} at {checkpoint.at}."
        ))
