"""Supply-chain records, one module per part: suppliers and their names, spend, risk, statements."""

from lantern.supply_chain.models.risk import RiskBand, RiskModel, SupplierRiskContext, SupplierScreening
from lantern.supply_chain.models.spend import SpendFile, SpendLine
from lantern.supply_chain.models.statements import (
    STATEMENT_AREAS,
    ModernSlaveryStatement,
    StatementImport,
    StatementMatch,
)
from lantern.supply_chain.models.suppliers import (
    ChangeKind,
    MatchStatus,
    Supplier,
    SupplierChange,
    SupplierChangeName,
    SupplierName,
)

__all__ = [
    "STATEMENT_AREAS", "ChangeKind", "MatchStatus", "ModernSlaveryStatement", "RiskBand", "RiskModel", "SpendFile",
    "SpendLine", "StatementImport", "StatementMatch", "Supplier", "SupplierChange", "SupplierChangeName",
    "SupplierName", "SupplierRiskContext", "SupplierScreening",
]
