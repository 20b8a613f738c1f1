"""Supply-chain records, one module per part: suppliers (and the names they are paid under)."""

from lantern.supply_chain.models.suppliers import Supplier

__all__ = ["Supplier"]
