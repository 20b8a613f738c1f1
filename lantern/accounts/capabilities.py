"""Roles and the capabilities they grant: the one place access is defined.

Views, selectors, navigation and tests all ask ``user.can(Capability.X)``;
nothing else decides what a role may do. Object-level rules (agency, case
team, child cases) live beside each app's selectors and build on these.
"""

from enum import StrEnum

from django.db import models

from lantern.audit import capabilities as audit_capabilities


class Role(models.TextChoices):
    FIRST_RESPONDER = "first_responder", "First responder"
    CASE_WORKER = "case_worker", "Case worker"
    SHOP_COORDINATOR = "shop_coordinator", "SHOP coordinator"
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    PROCUREMENT_OFFICER = "procurement_officer", "Procurement officer"
    REPORTING_TEAM = "reporting_team", "Reporting team"
    BOARD_VIEWER = "board_viewer", "Board viewer"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"
    TRAINING_COORDINATOR = "training_coordinator", "Training coordinator"


ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.FIRST_RESPONDER: "Frontline staff who spot and raise concerns about possible victims.",
    Role.CASE_WORKER: "Works cases on their team: screening, referrals, support and outcomes.",
    Role.SHOP_COORDINATOR: "Triages concerns and coordinates cases for the operational partnership (SHOP).",
    Role.PROGRAMME_MANAGER: "Modern slavery programme manager or community safety officer: oversight and reporting.",
    Role.PROCUREMENT_OFFICER: "Screens spend and assesses suppliers for modern slavery risk.",
    Role.REPORTING_TEAM: "Reads and triages confidential reports, replies to reporters and keeps their identity safe.",
    Role.BOARD_VIEWER: "Board members: reads aggregate figures and reports, never personal data.",
    Role.DATA_PROTECTION_OFFICER: "Reads and exports the audit trail; oversees access to personal data.",
    Role.SYSTEM_ADMINISTRATOR: "Manages accounts, agencies and partnership settings; sees no case content.",
    Role.TRAINING_COORDINATOR: "Runs the partnership's training and awareness: courses, sessions, attendance, "
                               "compliance and campaigns.",
}


class Capability(StrEnum):
    RAISE_CONCERN = "concern.raise"
    TRIAGE_CONCERN = "concern.triage"
    WORK_CASES = "case.work"
    OVERSEE_CASES = "case.oversee"
    VIEW_CHILD_CASES = "case.view_child"
    COORDINATE_SHOP = "shop.coordinate"
    VIEW_SUPPLY_CHAIN = "supply_chain.view"
    MANAGE_SUPPLY_CHAIN = "supply_chain.manage"
    VIEW_AGGREGATES = "insights.view_aggregates"
    PUBLISH_STATISTICS = "insights.publish_statistics"
    VIEW_AUDIT = audit_capabilities.VIEW_AUDIT
    EXPORT_AUDIT = audit_capabilities.EXPORT_AUDIT
    MANAGE_USERS = "accounts.manage_users"
    MANAGE_AGENCIES = "accounts.manage_agencies"
    CONFIGURE_PARTNERSHIP = "partnership.configure"
    VIEW_PARTNERSHIP = "partnership.view"
    USE_API = "api.use"
    HANDLE_REPORTS = "reports.handle"
    # Governance: meetings of the boards, the strategy's action plan, the pledge, the maturity assessment.
    # A board's members see its meetings whatever their role (object-level, beside the selectors).
    VIEW_GOVERNANCE = "governance.view"
    MANAGE_GOVERNANCE = "governance.manage"
    # The Slavery Free Pledge's register: deciding who signs in the partnership's name, and the
    # requesters' contact details. The programme manager's alone (not SHOP's, whose work is cases).
    MANAGE_PLEDGE = "governance.manage_pledge"
    # Training and awareness.
    MANAGE_TRAINING = "training.manage"
    VIEW_TRAINING_COMPLIANCE = "training.view_compliance"


C = Capability

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.FIRST_RESPONDER: frozenset({C.RAISE_CONCERN, C.VIEW_PARTNERSHIP}),
    Role.CASE_WORKER: frozenset(
        {C.RAISE_CONCERN, C.WORK_CASES, C.VIEW_CHILD_CASES, C.VIEW_PARTNERSHIP, C.USE_API}
    ),
    Role.SHOP_COORDINATOR: frozenset(
        {
            C.RAISE_CONCERN,
            C.TRIAGE_CONCERN,
            C.WORK_CASES,
            C.OVERSEE_CASES,
            C.VIEW_CHILD_CASES,
            C.COORDINATE_SHOP,
            C.VIEW_AGGREGATES,
            C.VIEW_PARTNERSHIP,
            C.VIEW_GOVERNANCE,
            C.MANAGE_GOVERNANCE,
            C.USE_API,
        }
    ),
    Role.PROGRAMME_MANAGER: frozenset(
        {
            C.TRIAGE_CONCERN,
            C.OVERSEE_CASES,
            C.VIEW_AGGREGATES,
            C.PUBLISH_STATISTICS,
            C.VIEW_SUPPLY_CHAIN,
            C.VIEW_PARTNERSHIP,
            C.VIEW_GOVERNANCE,
            C.MANAGE_GOVERNANCE,
            C.MANAGE_PLEDGE,
            C.MANAGE_TRAINING,
            C.VIEW_TRAINING_COMPLIANCE,
            C.USE_API,
        }
    ),
    Role.PROCUREMENT_OFFICER: frozenset(
        {C.VIEW_SUPPLY_CHAIN, C.MANAGE_SUPPLY_CHAIN, C.VIEW_PARTNERSHIP, C.USE_API}
    ),
    Role.REPORTING_TEAM: frozenset({C.HANDLE_REPORTS, C.RAISE_CONCERN, C.VIEW_PARTNERSHIP}),
    Role.BOARD_VIEWER: frozenset({C.VIEW_AGGREGATES, C.VIEW_PARTNERSHIP, C.VIEW_GOVERNANCE}),
    Role.DATA_PROTECTION_OFFICER: frozenset({C.VIEW_AUDIT, C.EXPORT_AUDIT, C.VIEW_PARTNERSHIP}),
    Role.SYSTEM_ADMINISTRATOR: frozenset(
        {C.MANAGE_USERS, C.MANAGE_AGENCIES, C.CONFIGURE_PARTNERSHIP, C.VIEW_PARTNERSHIP}
    ),
    Role.TRAINING_COORDINATOR: frozenset(
        {C.MANAGE_TRAINING, C.VIEW_TRAINING_COMPLIANCE, C.VIEW_PARTNERSHIP, C.USE_API}
    ),
}


def capabilities_for(roles: list[str] | set[str] | frozenset[str]) -> frozenset[Capability]:
    granted: set[Capability] = set()
    for role in roles:
        granted |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(granted)


def roles_with(capability: str) -> frozenset[str]:
    return frozenset(role for role, caps in ROLE_CAPABILITIES.items() if capability in caps)


# Capabilities that open records about people (concerns, cases, children's cases, confidential reports,
# and the audit trail: who opened which record and the reason they gave), or the power to hand out
# roles. A role granting any of them needs a second person's approval (``RoleGrant``), and no one
# changes their own roles.
RECORD_OPENING_CAPABILITIES: frozenset[Capability] = frozenset({
    C.TRIAGE_CONCERN,
    C.WORK_CASES,
    C.OVERSEE_CASES,
    C.VIEW_CHILD_CASES,
    C.COORDINATE_SHOP,
    C.HANDLE_REPORTS,
    C.VIEW_AUDIT,
    C.EXPORT_AUDIT,
    C.MANAGE_USERS,
})


def role_needs_approval(role: str) -> bool:
    """True for a role whose capabilities open records about people (or manage accounts)."""
    return bool(ROLE_CAPABILITIES.get(role, frozenset()) & RECORD_OPENING_CAPABILITIES)
