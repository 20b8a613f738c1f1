"""Supply-chain records, one module per part: suppliers and their names, spend, risk, statements,
due diligence."""

from lantern.supply_chain.models.due_diligence import (
    ActionStatus,
    AuditFinding,
    AuditKind,
    CodeOfConductAcknowledgement,
    CodeOfConductVersion,
    Contract,
    CorrectiveAction,
    CorrectiveActionEvidence,
    CorrectiveActionUpdate,
    Questionnaire,
    QuestionnaireStatus,
    QuestionSetVersion,
    Severity,
    SupplierAudit,
)
from lantern.supply_chain.models.risk import RiskBand, RiskModel, SupplierRiskContext, SupplierScreening
from lantern.supply_chain.models.spend import SpendFile, SpendLine
from lantern.supply_chain.models.statements import (
    STATEMENT_AREAS,
    ModernSlaveryStatement,
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
    "STATEMENT_AREAS", "ActionStatus", "AuditFinding", "AuditKind", "ChangeKind", "CodeOfConductAcknowledgement",
    "CodeOfConductVersion", "Contract", "CorrectiveAction", "CorrectiveActionEvidence", "CorrectiveActionUpdate",
    "MatchStatus", "ModernSlaveryStatement", "QuestionSetVersion", "Questionnaire", "QuestionnaireStatus",
    "RiskBand", "RiskModel", "Severity", "SpendFile", "SpendLine", "StatementMatch", "Supplier",
    "SupplierAudit", "SupplierChange", "SupplierChangeName", "SupplierName", "SupplierRiskContext",
    "SupplierScreening",
]
