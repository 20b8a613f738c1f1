"""List each field key's id and how many encrypted field values and stored files still need it.

Key ids are the first 16 hex characters of each key's SHA-256 (the key itself is never
shown), in LANTERN_FIELD_KEYS order: the newest, which encrypts everything new, first.
Every encrypted value is tried with the keys, so on a large database this takes a while.
Use it before and after ``manage.py rotate_keys``; ``manage.py retire_key <key id>``
gives the same list and says whether a key may be removed.
"""

from typing import Any

from django.core.management.base import BaseCommand

from lantern.core.keys import key_usage


class Command(BaseCommand):
    help = "List each field key's id and how many encrypted values and stored files still use it."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in key_usage().lines():
            self.stdout.write(line)
