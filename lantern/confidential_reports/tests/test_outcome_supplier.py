"""A triage outcome names the council supplier a report is about; the supplier's page shows a count only."""

import pytest
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.confidential_reports.models import ReportOutcome
from lantern.confidential_reports.tests.factories import ReportFactory, ReportOutcomeFactory, team_member
from lantern.supply_chain.tests.factories_suppliers import SupplierFactory
from tests.support import make_user, migrate_to, verified_client


@pytest.mark.django_db
def test_the_team_names_the_supplier_when_passing_a_report_on() -> None:
    supplier = SupplierFactory(name="Brightclean Services Ltd")
    report = ReportFactory()
    team = verified_client(team_member())
    response = team.post(f"/reports/{report.reference}/pass-on/", {
        "other_recipient": "GLAA", "passed_via": "phone", "supplier": "brightclean services limited"})
    assert response.status_code == 302
    outcome = ReportOutcome.objects.get(report=report)
    assert outcome.supplier == supplier
    page = team.get(f"/reports/{report.reference}/").content.decode()
    assert f"About council supplier Brightclean Services Ltd ({supplier.reference})" in page


@pytest.mark.django_db
def test_a_supplier_picker_that_matches_several_asks_for_the_reference() -> None:
    SupplierFactory(name="Brightclean North Ltd")
    SupplierFactory(name="Brightclean South Ltd")
    report = ReportFactory()
    team = verified_client(team_member())
    response = team.post(f"/reports/{report.reference}/pass-on/", {
        "other_recipient": "GLAA", "passed_via": "phone", "supplier": "Brightclean"})
    page = response.content.decode()
    assert "More than one supplier matches" in page and "Brightclean North Ltd" in page
    assert not ReportOutcome.objects.exists()


@pytest.mark.django_db
def test_the_supplier_page_counts_reports_for_procurement_only_never_the_report() -> None:
    supplier = SupplierFactory()
    outcome = ReportOutcomeFactory(supplier=supplier)
    ReportOutcomeFactory(report=outcome.report, supplier=supplier, kind="closed", other_recipient="")
    page = verified_client(make_user(Role.PROCUREMENT_OFFICER)).get(
        f"/supply-chain/suppliers/{supplier.reference}/").content.decode()
    assert "1 confidential reports" in page
    assert outcome.report.reference not in page
    assert outcome.recipient_reference not in page


SC = ("supply_chain", "0001_initial")
BEFORE = [("confidential_reports", "0005_encryptedfile_key_id"), SC]
AFTER = [("confidential_reports", "0006_outcome_supplier_link"), SC]


@pytest.mark.django_db(transaction=True)
def test_the_migration_links_outcomes_whose_text_names_a_supplier_and_keeps_other_text() -> None:
    old = migrate_to(BEFORE)
    try:
        supplier = old.get_model("supply_chain", "Supplier").objects.create(
            reference="SU-7K3Q-9XC", name="Npower", normalised_name="NPOWER")
        report = old.get_model("confidential_reports", "Report").objects.create(
            reference="R-CCCC-DDD", identity_mode="anonymous", reporter_type="public", last_activity_at=timezone.now())
        Outcome = old.get_model("confidential_reports", "ReportOutcome")
        linked = Outcome.objects.create(report=report, kind="closed", supplier_reference="su-7k3q-9xc ")
        kept = Outcome.objects.create(report=report, kind="closed", supplier_reference="Acme cleaning (not listed)")

        new = migrate_to(AFTER)
        Outcome = new.get_model("confidential_reports", "ReportOutcome")
        assert Outcome.objects.get(pk=linked.pk).supplier_id == supplier.pk
        assert Outcome.objects.get(pk=linked.pk).supplier_reference == ""
        assert Outcome.objects.get(pk=kept.pk).supplier_id is None
        assert Outcome.objects.get(pk=kept.pk).supplier_reference == "Acme cleaning (not listed)"

        back = migrate_to(BEFORE)
        Outcome = back.get_model("confidential_reports", "ReportOutcome")
        assert Outcome.objects.get(pk=linked.pk).supplier_reference == "SU-7K3Q-9XC"
    finally:
        migrate_to()
