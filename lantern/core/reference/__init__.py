"""Reference data shared by Lantern's apps: one place for each vocabulary.

- ``PremisesType``, ``ExploitationType``, ``Objective`` (the strategy's seven): TextChoices, because code branches on them.
- Indicator sets (versioned, for screenings): ``lantern.core.reference.indicators``.
- Lists loaded from the versioned CSV files in ``data/`` (sources and versions in
  ``data/manifest.csv`` and ``data/SOURCES.md``): ``nationalities()``,
  ``police_forces()``, ``countries()``, ``first_responder_organisations()``,
  ``local_authorities()``, ``uk_regions()``, ``sectors()``, ``wards()``; ``items(name)``
  for whole rows, ``label(name, value)``, ``dataset(name)`` for a list's version.

Like the rest of core, this package imports no other Lantern app.
"""

from lantern.core.reference.choices import ExploitationType, FirstResponderType, Objective, PremisesType
from lantern.core.reference.lists import (
    Choices,
    Dataset,
    Item,
    ReferenceDataError,
    choices,
    countries,
    dataset,
    datasets,
    first_responder_organisations,
    items,
    label,
    local_authorities,
    nationalities,
    police_forces,
    sectors,
    uk_regions,
    wards,
)

__all__ = [
    "Choices", "Dataset", "ExploitationType", "FirstResponderType", "Item", "Objective", "PremisesType",
    "ReferenceDataError", "choices", "countries", "dataset", "datasets", "first_responder_organisations", "items",
    "label", "local_authorities", "nationalities", "police_forces", "sectors", "uk_regions", "wards",
]
