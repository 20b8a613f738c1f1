"""Supply-chain records, one module per part: suppliers and their names, spend."""

from lantern.supply_chain.models.spend import SpendFile, SpendLine
from lantern.supply_chain.models.suppliers import (
    ChangeKind,
    MatchStatus,
    Supplier,
    SupplierChange,
    SupplierChangeName,
    SupplierName,
)

__all__ = [
    "ChangeKind", "MatchStatus", "SpendFile", "SpendLine", "Supplier", "SupplierChange", "SupplierChangeName",
    "SupplierName",
]
