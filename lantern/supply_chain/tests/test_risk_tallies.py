"""A supplier's spend tallied for screening: summed whole in the database on PostgreSQL, tallied in
Python from the grouped sums elsewhere, the same either way (and the same screening)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.services import risk as risk_services
from lantern.supply_chain.tests.factories_risk import pay, supplier

pytestmark = pytest.mark.django_db
START, END = datetime.date(2023, 4, 1), datetime.date(2024, 3, 31)


@pytest.fixture
def suppliers():
    cleaner, mixed, credit_only, outside = (supplier(n) for n in ("Shine Ltd", "Mixed Ltd", "Credit Ltd", "Old Ltd"))
    pay(cleaner, "1200.50", expense_type="Cleaning Services", service="Schools")
    pay(cleaner, "300", expense_type="Cleaning Services", service="Schools")
    pay(cleaner, "-100.25", expense_type="Cleaning Services", service="Schools")  # a credit within a kind
    pay(cleaner, "80", expense_type="Agency Staff", proclass_code="141100", service="Highways")
    pay(mixed, "500", expense_type="Catering")
    pay(mixed, "-700", expense_type="Security Services")  # a kind that comes to less than nothing
    pay(mixed, "250", expense_type="Stationery", proclass_code="231000")
    pay(mixed, "0", expense_type="Temporary staff")
    pay(credit_only, "-40", expense_type="Cleaning Services")
    pay(outside, "999", expense_type="Cleaning Services", on=datetime.date(2022, 1, 1))  # before the period
    return [cleaner, mixed, credit_only, outside]


def _engine():
    return risk_selectors.risk_engine(risk_services.risk_model_ensure_shipped())


def _comparable(tallies):
    return {key: (t.spend, t.positive, dict(sorted(t.by_category.items())), t.traits) for key, t in tallies.items()}


def test_the_python_tally_adds_up_the_kinds_of_purchase(suppliers):
    cleaner, mixed, credit_only, outside = suppliers
    tallies = risk_services._tallies(_engine(), START, END, None)
    assert outside.pk not in tallies
    assert tallies[cleaner.pk].spend == Decimal("1480.25")
    assert tallies[cleaner.pk].positive == Decimal("1480.25")
    assert tallies[mixed.pk].spend == Decimal("50") and tallies[mixed.pk].positive == Decimal("750")
    assert tallies[credit_only.pk].positive == 0 and tallies[credit_only.pk].by_category  # there, at nothing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-aggregate tally is PostgreSQL's")
def test_the_database_sums_the_same_tallies_as_python(suppliers):
    engine = _engine()
    in_python = risk_services._tallies(engine, START, END, None)
    in_sql = risk_services._tallies_summed_in_sql(engine, START, END, None)
    assert _comparable(in_sql) == _comparable(in_python)
    assert any(t.traits for t in in_sql.values()) and any(t.by_category for t in in_sql.values())
    chosen = [suppliers[1].pk]
    assert _comparable(risk_services._tallies_summed_in_sql(engine, START, END, chosen)) == _comparable(
        {chosen[0]: in_python[chosen[0]]})
    for key in in_python:  # and so the same screening
        from lantern.supply_chain.risk import SupplierFacts

        assert engine.screen(SupplierFacts(tally=in_sql[key])) == engine.screen(SupplierFacts(tally=in_python[key]))


def test_a_supplier_screened_from_its_tally_reads_as_from_its_purchases():
    from lantern.supply_chain.risk import Purchase, SupplierFacts

    engine = _engine()
    purchases = [Purchase(Decimal("900"), expense_type="Cleaning Services"),
                 Purchase(Decimal("-50"), expense_type="Agency Staff")]
    assert engine.screen(SupplierFacts(purchases=purchases)) == engine.screen(
        SupplierFacts(tally=engine.tally(purchases)))
