"""Which suppliers have had due diligence (for the dashboard), and the demo data."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lantern.supply_chain.models import (
    CodeOfConductAcknowledgement,
    Contract,
    CorrectiveAction,
    Questionnaire,
    QuestionnaireStatus,
    Supplier,
    SupplierAudit,
)
from lantern.supply_chain.selectors.due_diligence import overdue_actions_q, suppliers_with_due_diligence
from lantern.supply_chain.services import due_diligence as services
from lantern.supply_chain.tests.factories_diligence import (
    ContractFactory,
    SupplierAuditFactory,
    SupplierFactory,
    officer,
    questionnaire_sent,
    questionnaire_submitted,
)

pytestmark = pytest.mark.django_db


def test_a_submitted_questionnaire_or_an_audit_in_the_last_12_months_counts():
    today = timezone.localdate()
    answered = questionnaire_submitted().supplier
    old_answer = questionnaire_submitted()
    Questionnaire.objects.filter(pk=old_answer.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=400))
    only_sent = questionnaire_sent()[0].supplier
    audited = SupplierAuditFactory(carried_out_on=today - datetime.timedelta(days=364)).supplier
    audited_long_ago = SupplierAuditFactory(carried_out_on=today - datetime.timedelta(days=366)).supplier
    only_contract = ContractFactory().supplier
    only_code = SupplierFactory()
    services.code_of_conduct_acknowledge(supplier=only_code, version=services.code_of_conduct_current(),
                                         name="A", acting_user=officer())
    with_dd = set(suppliers_with_due_diligence())
    assert with_dd == {answered, audited}
    assert not {old_answer.supplier, only_sent, audited_long_ago, only_contract, only_code} & with_dd
    # As of an earlier day, and narrowed to some suppliers (the high-risk ones, say).
    assert set(suppliers_with_due_diligence(as_of=today - datetime.timedelta(days=30))) == {audited, audited_long_ago}
    assert list(suppliers_with_due_diligence(suppliers=Supplier.objects.filter(pk=audited.pk))) == [audited]


def test_an_acknowledged_questionnaire_still_counts():
    questionnaire = questionnaire_submitted()
    services.questionnaire_acknowledge(questionnaire=questionnaire, name="A", role="B")
    assert questionnaire.supplier in suppliers_with_due_diligence()


def test_the_demo_seeds_due_diligence_in_every_state_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo supplier questionnaires" in out.getvalue()
    statuses = set(Questionnaire.objects.values_list("status", flat=True))
    assert statuses >= {QuestionnaireStatus.DRAFT, QuestionnaireStatus.SENT, QuestionnaireStatus.IN_PROGRESS,
                        QuestionnaireStatus.ACKNOWLEDGED}
    assert SupplierAudit.objects.count() == 1 and Contract.objects.count() == 4
    assert CorrectiveAction.objects.filter(overdue_actions_q(timezone.localdate())).count() == 1
    assert CodeOfConductAcknowledgement.objects.count() == 2
    counts = (Questionnaire.objects.count(), Supplier.objects.count(), Contract.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Questionnaire.objects.count(), Supplier.objects.count(), Contract.objects.count()) == counts


def test_the_demos_due_diligence_is_on_the_highest_risk_suppliers_of_the_real_spend_file():
    from django.db.models import Sum

    from lantern.supply_chain.models import SpendLine, SupplierScreening

    call_command("seed_demo", stdout=StringIO())
    with_dd = (set(Questionnaire.objects.values_list("supplier", flat=True))
               | set(SupplierAudit.objects.values_list("supplier", flat=True))
               | set(Contract.objects.values_list("supplier", flat=True))
               | set(CodeOfConductAcknowledgement.objects.values_list("supplier", flat=True)))
    assert len(with_dd) == 4
    for supplier_id in with_dd:  # each is paid in the imported file
        spend = SpendLine.objects.filter(payee__supplier=supplier_id, redacted=False).aggregate(t=Sum("amount"))["t"]
        assert spend and spend > 0
    # They are the four with the highest risk score (no other supplier scores more than the lowest of them).
    scores = dict(SupplierScreening.objects.filter(is_latest=True).values_list("supplier", "score"))
    assert min(scores[s] for s in with_dd) >= max(score for s, score in scores.items() if s not in with_dd)
    audited = SupplierAudit.objects.get().supplier
    assert scores[audited.pk] == max(scores.values())
    # The contracts are what each was paid for, not the demo's invention.
    contract = Contract.objects.get(supplier=audited)
    assert SpendLine.objects.filter(payee__supplier=audited, expense_type=contract.category).exists()
