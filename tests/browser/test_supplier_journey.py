"""A procurement officer works through suppliers in the browser: the list, a supplier's page, the review
queue (confirming a doubtful match), a merge checked and undone. The programme manager reads the same
pages without the buttons that change them. Every page is checked with axe-core."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from lantern.supply_chain.models import MatchStatus, SupplierName
from lantern.supply_chain.services import suppliers as supplier_services
from lantern.supply_chain.tests.factories_suppliers import SpendLineFactory, SupplierNameFactory

PROCUREMENT = "procurement@sandwell.example"
PROGRAMME_MANAGER = "programme.manager@sandwell.example"


def spend_resolved() -> None:
    """Names as the spend import leaves them, then resolved as the import's follow-on step does.

    The demo's own spend (a real council's file) is already there: its doubtful matches are
    settled first, so that the review queue holds only this test's."""
    SupplierName.objects.filter(match_status=MatchStatus.REVIEW).update(match_status=MatchStatus.CONFIRMED)
    for spelling, amount in [("QUILLFORD ENERGY LTD", "1200.50"), ("Quillford Energy Limited", "300"), ("QUILLFORD ENERGY (ELECTRIC) YPO CONTRACT", "80"),
                             ("Q J H  Pump Supply & Repair Ltd", "950"), ("QJH PUMP SUPPLY & REPAIR LTD", "45"),
                             ("Q J Fishing Tackle", "620")]:
        SpendLineFactory(payee=SupplierNameFactory(name=spelling), amount=Decimal(amount))
    supplier_services.supplier_names_resolve()


def test_procurement_reviews_a_match_and_merges_and_undoes(journey, sign_in):
    spend_resolved()
    page = journey.page
    sign_in(journey, PROCUREMENT)
    page.get_by_role("link", name="Suppliers", exact=True).click()
    page.get_by_role("heading", name="Suppliers", level=1).wait_for()
    journey.check("supplier list")
    page.get_by_label("Name, company number or reference").fill("quillford")
    page.get_by_role("button", name="Find suppliers").click()
    page.get_by_role("heading", name="Suppliers", level=1).wait_for()
    # The spellings joined one supplier (the demo's file may already have paid it under another spelling).
    expect(page.get_by_role("link", name=re.compile("quillford", re.IGNORECASE)).first).to_be_visible()

    page.get_by_label("Name, company number or reference").fill("pump")
    page.get_by_role("button", name="Find suppliers").click()
    page.get_by_role("link", name="Q J H  Pump Supply & Repair Ltd").click()
    page.get_by_role("heading", name="Names in the spend files").wait_for()
    journey.check("supplier page")
    names = page.get_by_role("table", name="The names this supplier is paid under, with how each was matched")
    expect(names.get_by_role("cell", name="QJH PUMP SUPPLY & REPAIR LTD", exact=True)).to_be_visible()

    journey.goto("/supply-chain/suppliers/review/")
    journey.check("review queue")
    page.get_by_label("Choose QUILLFORD ENERGY (ELECTRIC) YPO CONTRACT").check()
    page.get_by_role("button", name="Confirm the ticked matches").click()
    page.get_by_text("1 match confirmed").wait_for()
    journey.check("review queue, confirmed")
    expect(page.get_by_text("No matches are waiting for review.")).to_be_visible()

    # Merge the fishing tackle supplier into the pump supplier by mistake, check, then undo it.
    journey.goto("/supply-chain/suppliers/?q=fishing")
    page.get_by_role("link", name="Q J Fishing Tackle").click()
    page.get_by_role("link", name="Merge into another supplier").click()
    journey.check("merge form")
    page.get_by_label("Merge into which supplier?").fill("Q J H Pump Supply & Repair Ltd")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Merge Q J Fishing Tackle into Q J H  Pump Supply & Repair Ltd?").wait_for()
    journey.check("merge check")
    page.get_by_role("button", name="Merge the suppliers").click()
    page.get_by_role("link", name="Undo this merge").click()
    journey.check("undo")
    page.get_by_role("button", name="Undo the merge").click()
    page.get_by_text("The merge is undone").wait_for()
    journey.check("merge undone")
    expect(page.get_by_role("heading", name="Q J Fishing Tackle", level=1)).to_be_visible()


def test_the_programme_manager_reads_supplier_pages_without_changing_them(journey, sign_in):
    spend_resolved()
    page = journey.page
    sign_in(journey, PROGRAMME_MANAGER)
    page.get_by_role("link", name="Suppliers", exact=True).click()
    journey.check("supplier list (programme manager)")
    assert page.get_by_role("link", name="Matches to review").count() == 0
    journey.goto("/supply-chain/suppliers/?q=fishing")
    page.get_by_role("link", name="Q J Fishing Tackle").click()
    journey.check("supplier page (programme manager)")
    assert page.get_by_role("link", name="Merge into another supplier").count() == 0
    journey.goto("/supply-chain/suppliers/review/")
    journey.check("review queue (programme manager)")
    assert page.get_by_role("button", name="Confirm the ticked matches").count() == 0
    assert MatchStatus.REVIEW in set(
        SupplierNameFactory._meta.model.objects.values_list("match_status", flat=True))
