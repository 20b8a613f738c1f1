"""Supply-chain records, one module per part: suppliers and their names, spend."""

from lantern.supply_chain.models.spend import SpendFile, SpendLine
from lantern.supply_chain.models.suppliers import MatchStatus, Supplier, SupplierName

__all__ = ["MatchStatus", "SpendFile", "SpendLine", "Supplier", "SupplierName"]
