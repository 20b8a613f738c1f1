"""Suppliers, questionnaires, audits, actions and contracts for the due-diligence tests."""

import datetime
import re
from decimal import Decimal
from typing import Any

import factory
from django.core import mail
from django.utils import timezone
from faker import Faker

from lantern.accounts.capabilities import Role
from lantern.accounts.models import User
from lantern.core.references import reference_generate
from lantern.supply_chain.models import (
    AuditFinding,
    AuditKind,
    Contract,
    CorrectiveAction,
    Questionnaire,
    Severity,
    Supplier,
    SupplierAudit,
)
from lantern.supply_chain.names import normalise_name
from lantern.supply_chain.services import due_diligence as services
from tests.support import make_user

fake = Faker("en_GB")

# Every question answered with its best option, from the shipped question set.
def best_answers() -> dict[str, str]:
    from lantern.supply_chain import questionnaires

    qs = questionnaires.parse(questionnaires.load_file())
    return {q.key: max(q.options, key=lambda o: o.points).key for q in qs.questions}


def worst_answers() -> dict[str, str]:
    from lantern.supply_chain import questionnaires

    qs = questionnaires.parse(questionnaires.load_file())
    return {q.key: min(q.options, key=lambda o: o.points).key for q in qs.questions}


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    reference = factory.LazyFunction(lambda: reference_generate("SU"))
    name = factory.LazyFunction(lambda: f"{fake.company()} Ltd")
    normalised_name = factory.LazyAttribute(lambda o: normalise_name(o.name))


def officer(**fields: Any) -> User:
    return make_user(Role.PROCUREMENT_OFFICER, **fields)


def questionnaire_sent(supplier: Supplier | None = None, *, by: User | None = None) -> tuple[Questionnaire, str]:
    """A questionnaire sent to a supplier's contact, and its link's token."""
    by = by or officer()
    draft = services.questionnaire_create(supplier=supplier or SupplierFactory(), contact_name="Priya Shah",
                                          contact_email="priya@supplier.example", acting_user=by)
    return services.questionnaire_send(questionnaire=draft, acting_user=by)


def questionnaire_submitted(supplier: Supplier | None = None, *, answers: dict[str, str] | None = None,
                            by: User | None = None) -> Questionnaire:
    questionnaire, _ = questionnaire_sent(supplier, by=by)
    services.questionnaire_answers_save(questionnaire=questionnaire, answers=answers or worst_answers())
    return services.questionnaire_submit(questionnaire=questionnaire, name="Priya Shah", role="Compliance lead")


def link_in_last_email() -> str:
    """The path of the questionnaire link in the last email sent."""
    match = re.search(r"https?://[^/\s]+(/supplier-questionnaire/s/[^/\s]+/)", mail.outbox[-1].body)
    assert match, "no questionnaire link in the email"
    return match.group(1)


class SupplierAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierAudit

    reference = factory.LazyFunction(lambda: reference_generate("AU"))
    supplier = factory.SubFactory(SupplierFactory)
    kind = AuditKind.SITE_VISIT
    carried_out_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    auditor = "Helen Price"
    scope = "Site visit to the depot; pay records; interviews with four workers."


class AuditFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditFinding

    audit = factory.SubFactory(SupplierAuditFactory)
    severity = Severity.HIGH
    description = "Workers' passports kept in the site office."


class CorrectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectiveAction

    finding = factory.SubFactory(AuditFindingFactory)
    action = "Return every passport to its holder and confirm it in writing."
    owner = factory.LazyFunction(officer)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"SMBC-2026-{n:04d}")
    title = "Cleaning of council buildings"
    supplier = factory.SubFactory(SupplierFactory)
    category = "Cleaning services"
    value = Decimal("250000.00")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=265))
    modern_slavery_clauses = True
