"""A concern or a case names the business where someone was exploited, and the council supplier it is;
the supplier's page then shows that concerns exist, as counts only."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases.models import Case, Concern
from lantern.cases.tests.factories import CaseFactory, ConcernFactory, worker
from lantern.supply_chain.tests.factories_suppliers import SupplierFactory
from tests.support import NOT_FOUND, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def car_wash():
    return SupplierFactory(name="Sparkle Hand Car Wash Ltd", company_number="09876543")


def test_triage_names_the_business_and_supplier_on_a_concern(car_wash) -> None:
    concern = ConcernFactory()
    triager = verified_client(make_user(Role.SHOP_COORDINATOR))
    url = f"/concerns/{concern.reference}/business/"
    response = triager.post(url, {"business_name": "Sparkle car wash, Dudley Road", "supplier": "09876543"})
    assert response.status_code == 302
    concern = Concern.objects.get(pk=concern.pk)
    assert concern.business_name == "Sparkle car wash, Dudley Road"
    assert concern.business_supplier == car_wash
    page = triager.get(f"/concerns/{concern.reference}/").content.decode()
    assert "Sparkle car wash, Dudley Road" in page and car_wash.reference in page
    entry = AuditEntry.objects.get(action="concern.business")
    assert entry.changes["business_name"] != "Sparkle car wash, Dudley Road"  # encrypted: never in the log
    assert entry.changes["business_supplier"] == car_wash.pk


def test_an_unknown_supplier_is_refused_with_what_to_enter_and_nothing_is_lost() -> None:
    concern = ConcernFactory()
    triager = verified_client(make_user(Role.SHOP_COORDINATOR))
    response = triager.post(f"/concerns/{concern.reference}/business/",
                            {"business_name": "Nail bar on the high street", "supplier": "No Such Supplier"})
    page = response.content.decode()
    assert "No supplier matches that" in page
    assert "Nail bar on the high street" in page
    assert Concern.objects.get(pk=concern.pk).business_name == ""


def test_the_raiser_and_others_cannot_set_the_business_of_a_concern(car_wash) -> None:
    concern = ConcernFactory()
    raiser = verified_client(concern.raised_by)
    assert raiser.get(f"/concerns/{concern.reference}/business/").status_code == NOT_FOUND
    officer = verified_client(make_user(Role.PROCUREMENT_OFFICER))
    assert officer.post(f"/concerns/{concern.reference}/business/",
                        {"business_name": "X", "supplier": car_wash.reference}).status_code == NOT_FOUND
    assert Concern.objects.get(pk=concern.pk).business_supplier is None


def test_the_case_team_names_the_business_on_a_case_and_others_cannot(car_wash) -> None:
    case = CaseFactory()
    lead = verified_client(case.lead_worker)
    response = lead.post(f"/cases/{case.reference}/business/",
                         {"business_name": "Sparkle", "supplier": car_wash.reference})
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.business_supplier == car_wash
    assert "Sparkle" in lead.get(f"/cases/{case.reference}/").content.decode()
    outsider = verified_client(worker(Role.CASE_WORKER))
    assert outsider.post(f"/cases/{case.reference}/business/", {"business_name": "Other"}).status_code in (403, 404)
    assert Case.objects.get(pk=case.pk).business_name == "Sparkle"


def test_a_case_opened_from_a_concern_keeps_its_business(car_wash) -> None:
    from lantern.cases import services

    concern = ConcernFactory(business_name="Sparkle", business_supplier=car_wash)
    lead = make_user(Role.SHOP_COORDINATOR)
    case = services.concern_open_case(concern=concern, acting_user=lead, lead_worker=worker(Role.CASE_WORKER))
    assert (case.business_name, case.business_supplier) == ("Sparkle", car_wash)


def test_the_supplier_page_counts_concerns_and_cases_without_any_detail(car_wash) -> None:
    ConcernFactory(business_supplier=car_wash, business_name="Sparkle")
    ConcernFactory(business_supplier=car_wash)
    case = CaseFactory(business_supplier=car_wash)
    for role in (Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER):
        page = verified_client(make_user(role)).get(f"/supply-chain/suppliers/{car_wash.reference}/").content.decode()
        assert "Concerns name this supplier" in page
        assert "2 concerns" in page and "1 cases" in page
        assert case.reference not in page
        for concern in Concern.objects.all():
            assert concern.reference not in page
        assert "Andrei" not in page and "Sparkle\n" not in page


def test_a_supplier_no_concern_names_shows_no_warning(car_wash) -> None:
    page = verified_client(make_user(Role.PROCUREMENT_OFFICER)).get(
        f"/supply-chain/suppliers/{car_wash.reference}/").content.decode()
    assert "Concerns name this supplier" not in page
