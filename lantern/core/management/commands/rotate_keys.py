"""Re-encrypt every encrypted field under the newest key in LANTERN_FIELD_KEYS.

Rotation: generate a key (`manage.py generate_key`), put it FIRST in
LANTERN_FIELD_KEYS keeping the old keys after it, restart, run this command,
then remove the old keys. Safe to re-run; works in batches. Where the application's
database role may not update the audit trail, run it as the tables' owner:
`manage.py rotate_keys --database owner`.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from lantern.core.fields import encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the newest key (the first in LANTERN_FIELD_KEYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--database", default="default", help="The database alias to use (e.g. owner).")

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = options["batch_size"]
        using = options["database"]
        total = 0
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            names = [f.name for f in fields]
            count = 0
            last_pk: Any = None
            while True:
                qs = model._default_manager.using(using).order_by("pk").only("pk", *names)
                if last_pk is not None:
                    qs = qs.filter(pk__gt=last_pk)
                batch = list(qs[:batch_size])
                if not batch:
                    break
                # Values were decrypted on load (with any listed key); saving
                # encrypts them again with the newest key.
                with transaction.atomic(using=using):
                    model._default_manager.using(using).bulk_update(batch, names)
                count += len(batch)
                last_pk = batch[-1].pk
            total += count
            self.stdout.write(f"{model._meta.label}: re-encrypted {count} row(s) ({', '.join(names)})")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} row(s) now use the newest key."))
