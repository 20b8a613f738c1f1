"""Re-encrypt every encrypted field value and stored file under the newest key in LANTERN_FIELD_KEYS.

Rotating the field keys:

1. ``manage.py generate_key``; put the new key FIRST in LANTERN_FIELD_KEYS, keeping
   the old keys after it, and restart every web process and worker (from then on
   everything new is encrypted with the new key).
2. ``manage.py rotate_keys``: re-encrypts every encrypted field value and every
   stored file (case documents, reporters' files) not yet on the newest key, with
   progress on the terminal. It is resumable: if it stops, run it again and it
   carries on, skipping what is already on the newest key. A file is written to a
   new path first, its record then points at it, and only then is the old copy
   deleted, so a crash never loses a file. ``--background --started-by EMAIL`` queues
   it as a background job instead, followed at /jobs/<uuid>/ by that user.
3. ``manage.py retire_key <old key id>``: lists each key's id and what still uses it,
   and says whether the old key may go. It refuses while any value or file needs it.
4. Remove the old key from LANTERN_FIELD_KEYS, restart, and destroy it in the
   secret store only after the backups made before the rotation have expired.

Exits with an error if any value or file could not be read with any configured
key (the log names each by its record id); remove no key until that is resolved.

Where the application's database role may not update the audit trail (ADR 16), a run
as that role re-encrypts everything else (files included) and then exits with an error
saying how many records are left: run it again as the tables' owner,
``manage.py rotate_keys --database owner``, to finish.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import transaction

from lantern.core.keys import rotate_keys, rotation_start


class TerminalProgress:
    """Progress on the terminal, every ``every`` items and at the end."""

    def __init__(self, stdout: OutputWrapper, every: int = 1000) -> None:
        self.stdout = stdout
        self.every = every
        self.count: int | None = None

    def total(self, total: int) -> None:
        self.count = total
        self.stdout.write(f"{total} records and files to check.")

    def advance(self, done: int, message: str = "") -> None:
        if done % self.every == 0 or done == self.count:
            self.stdout.write(f"{message}: {done} of {self.count} checked")


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field value and stored file with the newest key (the first in LANTERN_FIELD_KEYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--database", default="default",
                            help="The database alias to use: 'owner' where the application's role may not update "
                                 "the audit trail.")
        parser.add_argument("--background", action="store_true",
                            help="Queue the rotation as a background job instead of running it here.")
        parser.add_argument("--started-by", metavar="EMAIL",
                            help="With --background: the active user who may follow the job at /jobs/<uuid>/.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["background"]:
            self.queue(options["started_by"])
            return
        result = rotate_keys(progress=TerminalProgress(self.stdout), batch_size=options["batch_size"],
                             using=options["database"])
        if not result.complete:
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(f"Done: {result.summary()}"))

    def queue(self, email: str | None) -> None:
        if not email:
            raise CommandError("Say who will follow the job: --started-by followed by their email address.")
        user = get_user_model()._default_manager.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError("No active user has that email address.")
        with transaction.atomic():
            job = rotation_start(started_by=user)
        self.stdout.write(self.style.SUCCESS(f"Queued: follow the job at /jobs/{job.pk}/ signed in as that user."))
