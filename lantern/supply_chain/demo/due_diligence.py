"""Demo due diligence: questionnaires in each state, an audit with findings and corrective actions
(one overdue), contracts and code of conduct acknowledgements, on the four highest-risk suppliers of the
imported spend file (Bradford's; ``demo.spend``), so the demo shows due diligence where the risk is.

The suppliers are real (named in the council's published spend); the people at them, their answers, the
audit and the contracts are the demo's story. Every record is made through the services, as the demo
procurement officer or through the supplier's link; only dates are moved back to the story's. Seeding
twice adds nothing.
"""

import datetime
import re
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from lantern.accounts.demo import demo_email
from lantern.accounts.models import Notification, User
from lantern.supply_chain.models import (
    ActionStatus,
    AuditKind,
    Contract,
    CorrectiveAction,
    Questionnaire,
    Severity,
    SpendLine,
    Supplier,
    SupplierScreening,
)
from lantern.supply_chain.services import due_diligence as services

# The story's four parts, in the order of the suppliers' risk (highest first).
PARTS = ("audited", "answered", "sent", "draft")
CONTACTS = {
    "audited": ("Tom Briggs", "Operations Manager"),
    "answered": ("Priya Shah", "Head of Compliance"),
    "sent": ("Grace Adeyemi", "Contracts Manager"),
    "draft": ("Mark Evans", "Managing Director"),
}
CONTRACT_REFERENCES = ("SMBC-2025-0042", "SMBC-2024-0117", "SMBC-2023-0311", "SMBC-2025-0108")


def highest_risk_suppliers(count: int = 4) -> list[Supplier]:
    """The ``count`` suppliers paid in the spend files (payments to people left out) with the highest risk
    score, the most spend first among equals; the most paid where none is screened yet."""
    paid = SpendLine.objects.filter(redacted=False, payee__supplier__isnull=False).values("payee__supplier")
    screened = (SupplierScreening.objects.filter(is_latest=True, supplier__in=paid, supplier__merged_into__isnull=True)
                .select_related("supplier").order_by("-score", "-spend_in_period", "supplier__name")[:count])
    chosen = [screening.supplier for screening in screened]
    if len(chosen) < count:
        most_paid = (Supplier.objects.filter(pk__in=paid, merged_into__isnull=True).exclude(pk__in=[s.pk for s in chosen])
                     .annotate(spend=Sum("names__lines__amount")).order_by("-spend", "name")[:count - len(chosen)])
        chosen += list(most_paid)
    return chosen


def _email(supplier: Supplier) -> str:
    words = re.findall(r"[a-z0-9]+", supplier.name.lower())
    return f"compliance@{'-'.join(words[:3]) or 'supplier'}.example"


def _contract_of(supplier: Supplier) -> tuple[str, str, Decimal]:
    """A contract as the supplier's payments suggest it: what was bought most, for which service, and a
    year's value at the rate paid (the file is one month's spend)."""
    top = (SpendLine.objects.filter(payee__supplier=supplier, redacted=False).values("expense_type", "service")
           .annotate(total=Sum("amount")).order_by("-total").first())
    if top is None:
        return "Services", "", Decimal("100000")
    yearly = Decimal(top["total"] or 0) * 12
    value = max(Decimal("10000"), (yearly / 10000).quantize(Decimal(1)) * 10000)
    title = f"{top['expense_type'] or 'Services'} for {top['service']}" if top["service"] else top["expense_type"]
    return title[:200], (top["expense_type"] or "")[:200], value


# Answers of a supplier that does a fair amount, with gaps on recruitment and grievance.
GOOD_ANSWERS = {
    "policy_statement": "board_approved", "responsible_person": "director", "statement": "registry",
    "tier1_known": "all", "beyond_tier1": "partly", "risk_assessed": "yearly", "high_risk_known": "yes",
    "supplier_checks": "full", "contract_clauses": "some", "audits": "announced",
    "recruitment_fees": "never", "documents": "yes_policy", "agency_labour": "licensed_audited",
    "right_to_work": "yes", "subcontract_approval": "flow_down", "unauthorised": "contract_only",
    "staff_training": "some", "training_measured": "record_only", "whistleblowing": "employees",
    "remedy": "informal", "kpis": "some", "corrective_actions": "plans", "share_with_buyer": "yes_named",
}


def _at(day: datetime.date) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))), timezone.now())


@transaction.atomic
def seed() -> int:
    """The demo due diligence; 0 if it is there already (a demo contract, or any questionnaire to the chosen
    suppliers), or if there are not four suppliers with spend to put it on."""
    chosen = highest_risk_suppliers(len(PARTS))
    if len(chosen) < len(PARTS) or Contract.objects.filter(reference__in=CONTRACT_REFERENCES).exists():
        return 0
    suppliers = dict(zip(PARTS, chosen, strict=True))
    if Questionnaire.objects.filter(supplier__in=chosen).exists():
        return 0
    officer = User.objects.filter(email=demo_email("procurement")).first()
    if officer is None:
        return 0
    since = timezone.now()
    today = timezone.localdate()
    version = services.code_of_conduct_current()

    def create(part: str) -> Questionnaire:
        name, _role = CONTACTS[part]
        return services.questionnaire_create(supplier=suppliers[part], contact_name=name,
                                             contact_email=_email(suppliers[part]), acting_user=officer)

    # Answered and acknowledged three months ago; the code acknowledged through the link.
    name, role = CONTACTS["answered"]
    answered, _ = services.questionnaire_send(questionnaire=create("answered"), acting_user=officer)
    services.questionnaire_answers_save(questionnaire=answered, answers=GOOD_ANSWERS)
    services.questionnaire_submit(questionnaire=answered, name=name, role=role)
    services.questionnaire_acknowledge(questionnaire=answered, name=name, role=role)
    services.code_of_conduct_acknowledge(supplier=suppliers["answered"], version=version, name=name, role=role,
                                         questionnaire=answered)
    sent_on = today - datetime.timedelta(days=100)
    Questionnaire.objects.filter(pk=answered.pk).update(
        sent_at=_at(sent_on), submitted_at=_at(sent_on + datetime.timedelta(days=12)),
        acknowledged_at=_at(sent_on + datetime.timedelta(days=13)))

    # The highest risk: half answered, and audited.
    half_done, _ = services.questionnaire_send(questionnaire=create("audited"), acting_user=officer)
    services.questionnaire_answers_save(questionnaire=half_done, answers=dict(list(GOOD_ANSWERS.items())[:11]))
    Questionnaire.objects.filter(pk=half_done.pk).update(sent_at=_at(today - datetime.timedelta(days=20)))

    # Sent last week, not opened; the last a draft not yet sent, though its code is acknowledged.
    services.questionnaire_send(questionnaire=create("sent"), acting_user=officer)
    create("draft")
    name, role = CONTACTS["draft"]
    services.code_of_conduct_acknowledge(supplier=suppliers["draft"], version=version, name=name, role=role,
                                         acting_user=officer, acknowledged_on=today - datetime.timedelta(days=40))

    # An audit of the highest-risk supplier, with findings and actions (one overdue).
    audit = services.supplier_audit_create(
        supplier=suppliers["audited"], kind=AuditKind.SITE_VISIT, carried_out_on=today - datetime.timedelta(days=45),
        auditor="Helen Price, Procurement", acting_user=officer,
        scope="Unannounced visit to two sites staffed under the contract; pay records for agency workers; "
              "confidential interviews with six workers.")
    high = services.audit_finding_add(
        audit=audit, severity=Severity.HIGH, acting_user=officer,
        description="Two workers said their accommodation is arranged by a third party who holds their passports.")
    medium = services.audit_finding_add(
        audit=audit, severity=Severity.MEDIUM, acting_user=officer,
        description="Agency workers do not know how to raise a concern confidentially; the policy is in English only.")
    low = services.audit_finding_add(
        audit=audit, severity=Severity.LOW, acting_user=officer,
        description="Right-to-work checks are recorded, but not who made them.")
    overdue = services.corrective_action_add(
        finding=high, acting_user=officer, owner=officer, due_on=today - datetime.timedelta(days=10),
        action="Confirm in writing that every worker holds their own passport, and end any arrangement with the "
               "accommodation provider that does not allow it.")
    services.corrective_action_update(action=overdue, acting_user=officer, status=ActionStatus.IN_PROGRESS,
                                      note="Supplier has asked the accommodation provider; no reply yet.")
    services.corrective_action_add(
        finding=medium, acting_user=officer, owner=officer, due_on=today + datetime.timedelta(days=5),
        action="Translate the whistleblowing policy into Romanian and Tagalog and brief every agency worker.")
    done = services.corrective_action_add(
        finding=low, acting_user=officer, owner=officer, due_on=today - datetime.timedelta(days=5),
        action="Record the name of the person making each right-to-work check.")
    services.corrective_action_update(action=done, acting_user=officer, status=ActionStatus.DONE,
                                      note="New check form in use since last month.")
    services.corrective_action_update(action=done, acting_user=officer, status=ActionStatus.VERIFIED,
                                      note="Checked ten records on a follow-up visit.")

    # Contracts, as each supplier's payments suggest them; the highest-risk one has no modern slavery clauses.
    for reference, part, clauses in zip(CONTRACT_REFERENCES, PARTS, (False, True, True, False), strict=True):
        title, category, value = _contract_of(suppliers[part])
        services.contract_create(acting_user=officer, reference=reference, title=title, supplier=suppliers[part],
                                 category=category, value=value, starts_on=today - datetime.timedelta(days=300),
                                 ends_on=today + datetime.timedelta(days=430), modern_slavery_clauses=clauses)

    # What the officer was told while seeding is history: read, so not emailed again.
    Notification.objects.filter(created_at__gte=since, kind__startswith="supply_chain.").update(read_at=timezone.now())
    CorrectiveAction.objects.filter(finding__audit=audit).update(created_at=_at(today - datetime.timedelta(days=44)))
    return Questionnaire.objects.filter(supplier__in=chosen).count()
