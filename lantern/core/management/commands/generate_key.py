from typing import Any

from django.core.management.base import BaseCommand

from lantern.core.crypto import generate_key


class Command(BaseCommand):
    help = "Print a new random key for LANTERN_FIELD_KEYS (put it first in the list to start a rotation)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_key())
