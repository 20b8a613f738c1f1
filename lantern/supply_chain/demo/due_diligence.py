"""Demo due diligence: questionnaires in each state, an audit with findings and corrective actions
(one overdue), contracts and code of conduct acknowledgements, for a few suppliers.

The suppliers are found by name (the spend import may already have made them) or made here. Every
record is made through the services, as the demo procurement officer or through the supplier's link;
only dates are moved back to the story's. Seeding twice adds nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lantern.accounts.demo import demo_email
from lantern.accounts.models import Notification, User
from lantern.core.references import save_with_reference
from lantern.supply_chain.models import (
    ActionStatus,
    AuditKind,
    Contract,
    CorrectiveAction,
    Questionnaire,
    Severity,
    Supplier,
)
from lantern.supply_chain.names import normalise_name
from lantern.supply_chain.services import due_diligence as services

SUPPLIERS = {
    "clean": "Brightway Cleaning Services Ltd",
    "care": "Midland Care Staffing Ltd",
    "catering": "Oakfield Catering Ltd",
    "build": "Tipton Build and Maintain Ltd",
}

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


def supplier_by_name(name: str) -> Supplier:
    """The supplier of this name (compared as the spend import compares names), made if there is none."""
    normalised = normalise_name(name)
    existing = Supplier.objects.filter(normalised_name=normalised).order_by("pk").first()
    if existing is not None:
        return existing
    return save_with_reference(Supplier(name=name, normalised_name=normalised), prefix="SU")


def _at(day: datetime.date) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0))), timezone.now())


@transaction.atomic
def seed() -> int:
    """The demo due diligence; 0 if it is there already (any questionnaire to a demo supplier)."""
    suppliers = {key: supplier_by_name(name) for key, name in SUPPLIERS.items()}
    if Questionnaire.objects.filter(supplier__in=suppliers.values()).exists():
        return 0
    officer = User.objects.filter(email=demo_email("procurement")).first()
    if officer is None:
        return 0
    since = timezone.now()
    today = timezone.localdate()
    version = services.code_of_conduct_current()

    # Cleaning: answered and acknowledged three months ago; the code acknowledged.
    clean, _ = services.questionnaire_send(
        questionnaire=services.questionnaire_create(supplier=suppliers["clean"], contact_name="Priya Shah",
                                                    contact_email="compliance@brightway.example",
                                                    acting_user=officer), acting_user=officer)
    services.questionnaire_answers_save(questionnaire=clean, answers=GOOD_ANSWERS)
    services.questionnaire_submit(questionnaire=clean, name="Priya Shah", role="Head of Compliance")
    services.questionnaire_acknowledge(questionnaire=clean, name="Priya Shah", role="Head of Compliance")
    services.code_of_conduct_acknowledge(supplier=suppliers["clean"], version=version, name="Priya Shah",
                                         role="Head of Compliance", questionnaire=clean)
    sent_on = today - datetime.timedelta(days=100)
    Questionnaire.objects.filter(pk=clean.pk).update(
        sent_at=_at(sent_on), submitted_at=_at(sent_on + datetime.timedelta(days=12)),
        acknowledged_at=_at(sent_on + datetime.timedelta(days=13)))

    # Care staffing: half answered.
    care, _ = services.questionnaire_send(
        questionnaire=services.questionnaire_create(supplier=suppliers["care"], contact_name="Tom Briggs",
                                                    contact_email="tom.briggs@midlandcare.example",
                                                    acting_user=officer), acting_user=officer)
    half = dict(list(GOOD_ANSWERS.items())[:11])
    services.questionnaire_answers_save(questionnaire=care, answers=half)
    Questionnaire.objects.filter(pk=care.pk).update(sent_at=_at(today - datetime.timedelta(days=20)))

    # Catering: sent last week, not opened; building: a draft not yet sent.
    services.questionnaire_send(
        questionnaire=services.questionnaire_create(supplier=suppliers["catering"], contact_name="Grace Adeyemi",
                                                    contact_email="grace@oakfieldcatering.example",
                                                    acting_user=officer), acting_user=officer)
    services.questionnaire_create(supplier=suppliers["build"], contact_name="Mark Evans",
                                  contact_email="mark.evans@tiptonbuild.example", acting_user=officer)
    services.code_of_conduct_acknowledge(supplier=suppliers["build"], version=version, name="Mark Evans",
                                         role="Managing Director", acting_user=officer,
                                         acknowledged_on=today - datetime.timedelta(days=40))

    # An audit of the care agency, with findings and actions (one overdue).
    audit = services.supplier_audit_create(
        supplier=suppliers["care"], kind=AuditKind.SITE_VISIT, carried_out_on=today - datetime.timedelta(days=45),
        auditor="Helen Price, Procurement", acting_user=officer,
        scope="Unannounced visit to the Wednesbury office and two care homes staffed under the contract; "
              "pay records for agency carers; confidential interviews with six carers.")
    high = services.audit_finding_add(
        audit=audit, severity=Severity.HIGH, acting_user=officer,
        description="Two carers said their accommodation is arranged by a third party who holds their passports.")
    medium = services.audit_finding_add(
        audit=audit, severity=Severity.MEDIUM, acting_user=officer,
        description="Agency carers do not know how to raise a concern confidentially; the policy is in English only.")
    low = services.audit_finding_add(
        audit=audit, severity=Severity.LOW, acting_user=officer,
        description="Right-to-work checks are recorded, but not who made them.")
    overdue = services.corrective_action_add(
        finding=high, acting_user=officer, owner=officer, due_on=today - datetime.timedelta(days=10),
        action="Confirm in writing that every carer holds their own passport, and end any arrangement with the "
               "accommodation provider that does not allow it.")
    services.corrective_action_update(action=overdue, acting_user=officer, status=ActionStatus.IN_PROGRESS,
                                      note="Supplier has asked the accommodation provider; no reply yet.")
    services.corrective_action_add(
        finding=medium, acting_user=officer, owner=officer, due_on=today + datetime.timedelta(days=5),
        action="Translate the whistleblowing policy into Romanian and Tagalog and brief every agency carer.")
    done = services.corrective_action_add(
        finding=low, acting_user=officer, owner=officer, due_on=today - datetime.timedelta(days=5),
        action="Record the name of the person making each right-to-work check.")
    services.corrective_action_update(action=done, acting_user=officer, status=ActionStatus.DONE,
                                      note="New check form in use since last month.")
    services.corrective_action_update(action=done, acting_user=officer, status=ActionStatus.VERIFIED,
                                      note="Checked ten records on a follow-up visit.")

    # Contracts.
    for reference, key, title, category, value, clauses in (
        ("SMBC-2024-0117", "clean", "Cleaning of council buildings", "Cleaning services", "1250000", True),
        ("SMBC-2025-0042", "care", "Agency care staff", "Social care staffing", "840000", False),
        ("SMBC-2023-0311", "catering", "School meals", "Catering", "2100000", True),
        ("SMBC-2025-0108", "build", "Responsive repairs", "Construction and maintenance", "560000", False),
    ):
        if not Contract.objects.filter(reference=reference).exists():
            services.contract_create(acting_user=officer, reference=reference, title=title,
                                     supplier=suppliers[key], category=category, value=Decimal(value),
                                     starts_on=today - datetime.timedelta(days=300),
                                     ends_on=today + datetime.timedelta(days=430), modern_slavery_clauses=clauses)

    # What the officer was told while seeding is history: read, so not emailed again.
    Notification.objects.filter(created_at__gte=since, kind__startswith="supply_chain.").update(read_at=timezone.now())
    CorrectiveAction.objects.filter(finding__audit=audit).update(created_at=_at(today - datetime.timedelta(days=44)))
    return Questionnaire.objects.filter(supplier__in=suppliers.values()).count()
