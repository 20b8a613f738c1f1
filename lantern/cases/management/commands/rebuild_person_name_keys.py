"""Rebuild the name keys by which people are searched (run after changing LANTERN_BLIND_INDEX_KEY).

The keys are blind indexes of the parts of each name, computed from the
decrypted names; see lantern/cases/search.py. Safe to run again at any time.
"""

from typing import Any

from django.core.management.base import BaseCommand

from lantern.cases.services.people import person_name_keys_rebuild


class Command(BaseCommand):
    help = "Rebuild the blind-index name keys of every person, so searches by name find them."

    def handle(self, *args: Any, **options: Any) -> None:
        people = person_name_keys_rebuild()
        self.stdout.write(f"Rebuilt the name keys of {people} people.")
