"""Check that an old field key is no longer needed before it is removed from LANTERN_FIELD_KEYS.

Give the key's id (as listed by ``manage.py keys_status``). The command lists each key's
id with the encrypted field values and stored files that still need it, then either says
the key may be removed, or refuses (exit status 1) when:

- any encrypted field value decrypts only with that key (each value is tried with the keys),
- any stored file is recorded as encrypted with it (files stored before key ids were kept
  are read and tried),
- it is the newest key, which encrypts everything new, or no configured key has that id.

When it refuses because the key is still used, run ``manage.py rotate_keys`` (again, if it
stopped) and check once more. After it agrees: remove the key from LANTERN_FIELD_KEYS and
restart. Values or files no configured key can read are reported but do not block: they
need a key that is already gone.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core import crypto
from lantern.core.keys import UNREADABLE, key_usage


class Command(BaseCommand):
    help = "Say whether a field key may be removed from LANTERN_FIELD_KEYS: refuses while anything still uses it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_id", help="The id of the key to retire (see `manage.py keys_status`).")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["key_id"].strip().lower()
        configured = crypto.configured_key_ids()
        if key not in configured:
            raise CommandError(f"No key in LANTERN_FIELD_KEYS has the id {key}. "
                               f"The configured key ids are: {', '.join(configured)}.")
        if key == configured[0]:
            raise CommandError(f"Key {key} is the newest key: it encrypts everything new, so it cannot be retired. "
                               "Put a new key first in LANTERN_FIELD_KEYS and run `manage.py rotate_keys` first.")
        usage = key_usage()
        for line in usage.lines():
            self.stdout.write(line)
        if usage.in_use(key):
            raise CommandError(
                f"Do not remove key {key}: {usage.values[key]} encrypted field values and {usage.files[key]} files "
                "still need it. Run `manage.py rotate_keys`, then check again."
            )
        if usage.values[UNREADABLE] or usage.files[UNREADABLE]:
            self.stdout.write(self.style.WARNING(
                "Some values or files cannot be read with any configured key (the log of `manage.py rotate_keys` "
                "names them). Removing this key does not change that."
            ))
        self.stdout.write(self.style.SUCCESS(
            f"Nothing uses key {key} any more: you can remove it from LANTERN_FIELD_KEYS and restart."))
