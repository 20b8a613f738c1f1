"""Supplier pages as each role sees them: the list, a supplier, the review queue, merge, split, undo."""

from decimal import Decimal

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.supply_chain.models import MatchStatus, Supplier, SupplierChange, SupplierName
from lantern.supply_chain.tests.factories_suppliers import SpendLineFactory, SupplierFactory, placed_name
from tests.support import NOT_FOUND, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

VIEWERS = {Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER}
MANAGERS = {Role.PROCUREMENT_OFFICER}


@pytest.fixture
def officer():
    return verified_client(make_user(Role.PROCUREMENT_OFFICER))


@pytest.fixture
def npower() -> Supplier:
    supplier = SupplierFactory(name="Npower", company_number="03653277")
    main = placed_name(supplier, "NPOWER LTD")
    placed_name(supplier, "NPOWER (ELECTRIC) YPO CONTRACT", status=MatchStatus.REVIEW, match_confidence=0.82,
                match_reason="“NPOWER” is the start of “NPOWER (ELECTRIC) YPO CONTRACT”")
    SpendLineFactory(payee=main, amount=Decimal("1200.50"), service="Schools")
    return supplier


def test_viewers_see_the_pages_and_everyone_else_gets_not_found(npower: Supplier) -> None:
    name = npower.names.get(match_status=MatchStatus.REVIEW)
    assert_access("/supply-chain/suppliers/", allowed=VIEWERS, refused=NOT_FOUND)
    assert_access(f"/supply-chain/suppliers/{npower.reference}/", allowed=VIEWERS, refused=NOT_FOUND)
    assert_access("/supply-chain/suppliers/review/", allowed=VIEWERS, refused=NOT_FOUND)
    assert_access(f"/supply-chain/suppliers/names/{name.pk}/", allowed=MANAGERS, refused=NOT_FOUND)
    assert_access(f"/supply-chain/suppliers/{npower.reference}/merge/", allowed=MANAGERS, refused=NOT_FOUND)
    assert_access(f"/supply-chain/suppliers/{npower.reference}/split/", allowed=MANAGERS, refused=NOT_FOUND)


def test_the_programme_manager_sees_but_cannot_change(npower: Supplier) -> None:
    manager = verified_client(make_user(Role.PROGRAMME_MANAGER))
    page = manager.get(f"/supply-chain/suppliers/{npower.reference}/").content.decode()
    assert "NPOWER (ELECTRIC) YPO CONTRACT" in page
    assert "Merge into another supplier" not in page
    name = npower.names.get(match_status=MatchStatus.REVIEW)
    response = manager.post("/supply-chain/suppliers/review/", {"names": [name.pk], "action": "confirm"})
    assert response.status_code == NOT_FOUND
    name.refresh_from_db()
    assert name.match_status == MatchStatus.REVIEW


def test_the_list_searches_filters_and_sorts_by_spend(officer, npower: Supplier) -> None:
    tackle = SupplierFactory(name="A J Fishing Tackle")
    SpendLineFactory(payee=placed_name(tackle, "A J Fishing Tackle"), amount=Decimal("5000"))
    page = officer.get("/supply-chain/suppliers/").content.decode()
    assert page.index("A J Fishing Tackle") < page.index("Npower")  # most spend first
    assert "£1,200.50" in page
    by_name = officer.get("/supply-chain/suppliers/?sort=name").content.decode()
    assert by_name.index("A J Fishing Tackle") < by_name.index("Npower")
    least = officer.get("/supply-chain/suppliers/?sort=spend-asc").content.decode()
    assert least.index("Npower") < least.index("A J Fishing Tackle")
    found = officer.get("/supply-chain/suppliers/?q=npower+limited").content.decode()
    assert npower.reference in found and tackle.reference not in found
    by_number = officer.get("/supply-chain/suppliers/?q=3653277").content.decode()
    assert npower.reference in by_number and tackle.reference not in by_number
    waiting = officer.get("/supply-chain/suppliers/?state=review").content.decode()
    assert npower.reference in waiting and tackle.reference not in waiting
    automatic = officer.get("/supply-chain/suppliers/?state=automatic").content.decode()
    assert tackle.reference in automatic and npower.reference not in automatic


def test_the_supplier_page_shows_names_spend_and_is_audited(officer, npower: Supplier) -> None:
    page = officer.get(f"/supply-chain/suppliers/{npower.reference}/").content.decode()
    assert "Waiting for review" in page and "82%" in page and "is the start of" in page
    assert "03653277" in page
    assert "Schools" in page and "2020" in page and "£1,200.50" in page
    assert AuditEntry.objects.filter(action="supplier.view", target_id=str(npower.pk)).exists()


def test_a_name_is_confirmed_or_moved_from_the_queue_one_at_a_time(officer, npower: Supplier) -> None:
    name = npower.names.get(match_status=MatchStatus.REVIEW)
    other = SupplierFactory(name="Npower Business Solutions")
    response = officer.post(f"/supply-chain/suppliers/names/{name.pk}/", {"decision": "other", "other": ""})
    assert "Enter the other supplier" in response.content.decode()
    response = officer.post(f"/supply-chain/suppliers/names/{name.pk}/",
                            {"decision": "other", "other": other.reference})
    assert response.status_code == 302
    name.refresh_from_db()
    assert name.supplier == other and name.match_status == MatchStatus.REJECTED


def test_the_queue_confirms_and_rejects_in_bulk(officer) -> None:
    supplier = SupplierFactory(name="Kier Construction Northern")
    one = placed_name(supplier, "Kier Construction North and", status=MatchStatus.REVIEW)
    two = placed_name(supplier, "Kier Construction N", status=MatchStatus.REVIEW)
    page = officer.get("/supply-chain/suppliers/review/").content.decode()
    assert "Kier Construction North and" in page
    response = officer.post("/supply-chain/suppliers/review/", {"names": [one.pk, two.pk], "action": "confirm"},
                            follow=True)
    assert "2 matches confirmed" in response.content.decode()
    assert set(SupplierName.objects.values_list("match_status", flat=True)) == {MatchStatus.CONFIRMED}
    response = officer.post("/supply-chain/suppliers/review/", {"action": "reject"}, follow=True)
    assert "Tick at least one name" in response.content.decode()


def test_merge_asks_for_confirmation_then_merges_and_can_be_undone(officer, npower: Supplier) -> None:
    duplicate = SupplierFactory(name="Npower Limited")
    placed_name(duplicate, "Npower Limited")
    url = f"/supply-chain/suppliers/{duplicate.reference}/merge/"
    check = officer.post(url, {"target": npower.reference})
    assert "Merge Npower Limited into Npower?" in check.content.decode()
    assert not SupplierChange.objects.exists()
    done = officer.post(url, {"target": npower.reference, "confirm": "yes"})
    assert done.status_code == 302 and done["Location"].endswith(f"/{npower.reference}/")
    assert officer.get(f"/supply-chain/suppliers/{duplicate.reference}/").status_code == 302  # leads to the target
    change = SupplierChange.objects.get()
    undo = officer.post(f"/supply-chain/suppliers/changes/{change.pk}/undo/")
    assert undo.status_code == 302
    assert duplicate.names.get().name == "Npower Limited"
    again = officer.post(f"/supply-chain/suppliers/changes/{change.pk}/undo/")
    assert again.status_code == 400 and "already been undone" in again.content.decode()


def test_merge_with_an_unknown_supplier_says_so(officer, npower: Supplier) -> None:
    response = officer.post(f"/supply-chain/suppliers/{npower.reference}/merge/", {"target": "Nobody At All"})
    assert "No supplier matches that" in response.content.decode()


def test_split_asks_for_confirmation_then_moves_the_names(officer, npower: Supplier) -> None:
    ypo = npower.names.get(match_status=MatchStatus.REVIEW)
    url = f"/supply-chain/suppliers/{npower.reference}/split/"
    check = officer.post(url, {"names": [ypo.pk]})
    assert "Staying with Npower" in check.content.decode()
    done = officer.post(url, {"names": [ypo.pk], "confirm": "yes"})
    assert done.status_code == 302
    ypo.refresh_from_db()
    assert ypo.supplier != npower
    assert officer.get(done["Location"]).status_code == 200


def test_the_resolve_button_starts_a_job(officer) -> None:
    from lantern.supply_chain.tests.factories_suppliers import SupplierNameFactory

    SupplierNameFactory(name="NPOWER LTD")
    response = officer.post("/supply-chain/suppliers/resolve/")
    assert response.status_code == 302 and "/jobs/" in response["Location"]


def test_the_home_page_links_to_suppliers_for_viewers_only() -> None:
    officer_home = verified_client(make_user(Role.PROCUREMENT_OFFICER)).get("/").content.decode()
    assert "/supply-chain/suppliers/review/" in officer_home
    worker_home = verified_client(make_user(Role.CASE_WORKER)).get("/").content.decode()
    assert "/supply-chain/suppliers/" not in worker_home
