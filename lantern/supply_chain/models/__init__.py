"""Supply-chain records, one module per part: suppliers and their names, spend, due diligence."""

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
from lantern.supply_chain.models.spend import SpendFile, SpendLine
from lantern.supply_chain.models.suppliers import MatchStatus, Supplier, SupplierName

__all__ = [
    "ActionStatus", "AuditFinding", "AuditKind", "CodeOfConductAcknowledgement", "CodeOfConductVersion", "Contract",
    "CorrectiveAction", "CorrectiveActionEvidence", "CorrectiveActionUpdate", "QuestionSetVersion", "Questionnaire",
    "QuestionnaireStatus", "Severity", "SupplierAudit",
    "MatchStatus", "SpendFile", "SpendLine", "Supplier", "SupplierName"]
