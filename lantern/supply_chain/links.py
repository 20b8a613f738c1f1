"""Other records that name a supplier, counted without supply chains knowing what they are.

Concerns, cases and confidential reports sit above supply chains in the layers, so this app
cannot import them. Each of those apps registers a provider in its AppConfig.ready; a
supplier's page asks every provider how many of its records name the supplier, and when
the latest was. A provider returns a count and a date only: never a reference, a name or
any other detail of a victim's record (docs/decisions/0012-links-between-apps.md).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LinkCount:
    """How many records of one kind name a supplier, and when the latest was made."""

    label: str  # plural noun for the records, e.g. "concerns"
    count: int
    latest: datetime.date | None


# A provider takes the supplier's pk and the user asking, and returns its count (or None when
# the user may not know even that much).
Provider = Callable[[int, Any], LinkCount | None]
_PROVIDERS: dict[str, Provider] = {}


def register_link_provider(key: str, provider: Provider) -> None:
    """Called once per kind of record, from the AppConfig.ready of the app that holds it."""
    _PROVIDERS[key] = provider


def link_counts(*, supplier_id: int, user: Any) -> list[LinkCount]:
    """Every provider's count for the supplier, those with at least one record, in registration order."""
    counts = []
    for provider in _PROVIDERS.values():
        found = provider(supplier_id, user)
        if found is not None and found.count:
            counts.append(found)
    return counts
