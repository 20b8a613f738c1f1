"""Screening suppliers in the database: the model's versions, bulk screening from spend summed in
the database, the latest screening per supplier, and the re-scoring job."""

import copy
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.core.models import BackgroundJob, JobStatus
from lantern.supply_chain.models import RiskModel, SupplierScreening
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.services import risk as risk_services
from lantern.supply_chain.tests.factories_risk import pay, supplier
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return make_user(Role.PROCUREMENT_OFFICER)


def test_the_shipped_model_becomes_version_1_once(officer):
    first = risk_services.risk_model_ensure_shipped()
    again = risk_services.risk_model_ensure_shipped()
    assert first.pk == again.pk and first.version == 1 and first.source == "risk_model_v1.json"
    assert AuditEntry.objects.filter(action="risk_model.load").count() == 1


def test_a_change_makes_a_new_version_keeps_the_old_one_and_is_audited(officer):
    v1 = risk_services.risk_model_ensure_shipped()
    changed = copy.deepcopy(v1.definition)
    changed["weights"]["ppn_industry"] = 40
    v2 = risk_services.risk_model_change(definition=changed, change_note="Care is our highest risk", acting_user=officer)
    assert v2.version == 2 and v2.created_by == officer
    assert RiskModel.objects.get(version=1).definition["weights"]["ppn_industry"] == 35
    assert risk_selectors.risk_model_current() == v2
    entry = AuditEntry.objects.get(action="risk_model.change")
    assert entry.actor == officer
    assert entry.changes["version"] == 2 and entry.changes["changed"] == ["weights"]
    assert entry.changes["change_note"] == "Care is our highest risk"


def test_a_change_that_changes_nothing_or_breaks_the_model_is_refused(officer):
    v1 = risk_services.risk_model_ensure_shipped()
    with pytest.raises(ValidationError, match="nothing has changed"):
        risk_services.risk_model_change(definition=v1.definition, change_note="Same", acting_user=officer)
    broken = copy.deepcopy(v1.definition)
    broken["categories"][0]["ppn_industry"] = "nail_bars"
    with pytest.raises(ValidationError, match="not one of the PPN industries"):
        risk_services.risk_model_change(definition=broken, change_note="Typo", acting_user=officer)
    assert RiskModel.objects.count() == 1


def test_only_a_procurement_officer_changes_the_model():
    manager = make_user(Role.PROGRAMME_MANAGER)
    v1 = risk_services.risk_model_ensure_shipped()
    with pytest.raises(PermissionDenied):
        risk_services.risk_model_change(definition=v1.definition, change_note="x", acting_user=manager)


def test_screening_sums_spend_over_12_months_and_records_the_model_version(officer):
    cleaner = supplier("Sparkle Cleaning Ltd")
    pay(cleaner, 700_000, expense_type="Cleaning contract", on=datetime.date(2024, 1, 10))
    pay(cleaner, 500_000, expense_type="Cleaning contract", on=datetime.date(2024, 6, 30))
    pay(cleaner, 50_000, expense_type="Agency Staff", on=datetime.date(2024, 5, 1))
    pay(cleaner, 900_000, expense_type="Cleaning contract", on=datetime.date(2023, 6, 30))  # before the 12 months
    paper = supplier("Paper Co")
    pay(paper, 1_200, expense_type="Stationery", on=datetime.date(2024, 2, 1))

    result = risk_services.suppliers_screen(acting_user=officer)

    assert (result.period_start, result.period_end) == (datetime.date(2023, 7, 1), datetime.date(2024, 6, 30))
    assert result.screened == 2 and result.by_band == {"very_high": 1, "low": 1}
    screening = SupplierScreening.objects.get(supplier=cleaner)
    assert screening.model.version == 1
    assert screening.spend_in_period == Decimal("1250000.00")
    assert screening.summary == ("cleaning services: PPN high-risk industry, GLAA sector of concern; "
                                 "£1.2m over 12 months; agency labour")
    assert screening.band == "very_high" and screening.score == 80
    assert AuditEntry.objects.get(action="supplier.screen").changes["screened"] == 2


def test_screening_again_keeps_the_history_and_one_latest_per_supplier(officer):
    cleaner = supplier("Sparkle Cleaning Ltd")
    pay(cleaner, 5_000, expense_type="Cleaning")
    risk_services.suppliers_screen(acting_user=officer)
    v1 = risk_services.risk_model_ensure_shipped()
    changed = copy.deepcopy(v1.definition)
    changed["weights"]["glaa_sector"] = 0
    risk_services.risk_model_change(definition=changed, change_note="Drop GLAA", acting_user=officer)
    risk_services.suppliers_screen(acting_user=officer)

    history = list(SupplierScreening.objects.filter(supplier=cleaner).order_by("id"))
    assert [(s.model.version, s.score, s.is_latest) for s in history] == [(1, 45, False), (2, 35, True)]
    assert risk_selectors.supplier_latest_screening(cleaner).model.version == 2


def test_bulk_screening_sums_spend_in_the_database_not_row_by_row(officer):
    suppliers = [supplier(f"Supplier {i}") for i in range(30)]
    for s in suppliers:
        for _ in range(5):
            pay(s, 100, expense_type="Catering")
    risk_services.risk_model_ensure_shipped()
    with CaptureQueriesContext(connection) as queries:
        result = risk_services.suppliers_screen(acting_user=officer)
    assert result.screened == 30
    spend_queries = [q["sql"] for q in queries.captured_queries if "supply_chain_spendline" in q["sql"]]
    # The latest payment date, then one grouped sum; on PostgreSQL the kinds of purchase in the period
    # are read before it, and the sum is taken down to one row per supplier and category.
    assert len(spend_queries) == (3 if connection.vendor == "postgresql" else 2)
    assert "SUM(" in spend_queries[-1].upper() and "GROUP BY" in spend_queries[-1].upper()
    assert len(queries.captured_queries) < 30  # not a query per supplier
    assert SupplierScreening.objects.filter(spend_in_period=Decimal(500), category="catering").count() == 30


def test_a_chosen_set_of_suppliers_is_screened_alone(officer):
    a, b = supplier("A Ltd"), supplier("B Ltd")
    pay(a, 100, expense_type="Catering")
    pay(b, 100, expense_type="Catering")
    risk_services.suppliers_screen(suppliers=[a], acting_user=officer)
    assert list(SupplierScreening.objects.values_list("supplier", flat=True)) == [a.pk]


def test_what_is_known_of_a_supplier_is_saved_audited_and_screened_at_once(officer):
    importer = supplier("Global Garments Ltd")
    pay(importer, 20_000, expense_type="Uniforms")
    screening = risk_services.supplier_risk_context_set(
        supplier=importer, acting_user=officer, country="CN", goods="garments, cotton", agency_labour=True,
        temporary_workforce=False, low_paid_workforce=False)
    assert "garments from China: on the ILAB list (forced labour)" in screening.summary
    assert "agency labour" in screening.summary
    assert screening.band == "very_high"
    entry = AuditEntry.objects.get(action="supplier.risk_context")
    assert entry.changes == {"country": "CN", "goods": "garments, cotton", "agency_labour": True}


def test_the_rescore_job_screens_everyone_and_reports_progress(officer, django_capture_on_commit_callbacks):
    cleaner = supplier("Sparkle Cleaning Ltd")
    pay(cleaner, 5_000, expense_type="Cleaning")
    with django_capture_on_commit_callbacks(execute=True):
        job = risk_services.suppliers_rescore_start(acting_user=officer)
    job = BackgroundJob.objects.get(pk=job.pk)
    assert job.kind == "supply_chain.rescore" and job.status == JobStatus.SUCCEEDED
    assert job.progress_done == job.progress_total == 1
    assert job.message == "1 supplier screened under risk model version 1: 1 high."
    assert SupplierScreening.objects.filter(supplier=cleaner, is_latest=True).exists()
