"""Resolution, a person's decisions, merges, splits and undo: through the services, audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.core.models import BackgroundJob, JobStatus
from lantern.core.references import reference_is_valid
from lantern.supply_chain.models import MatchStatus, SpendLine, Supplier, SupplierName
from lantern.supply_chain.services import suppliers as services
from lantern.supply_chain.tests.factories_suppliers import (
    SpendLineFactory,
    SupplierFactory,
    SupplierNameFactory,
    placed_name,
)
from tests.support import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return make_user(Role.PROCUREMENT_OFFICER)


def _names(*spellings: str) -> list[SupplierName]:
    return [SupplierNameFactory(name=s) for s in spellings]


def test_resolution_groups_spellings_into_suppliers_with_references() -> None:
    npower, npower_ltd, ypo, tackle = _names("NPOWER LTD", "Npower Limited", "NPOWER (ELECTRIC) YPO CONTRACT",
                                             "A J Fishing Tackle")
    SpendLineFactory(payee=npower, amount=Decimal("120.00"))
    summary = services.supplier_names_resolve()
    assert summary == {"names": 4, "automatic": 3, "review": 1, "new_suppliers": 2}
    for n in (npower, npower_ltd, ypo, tackle):
        n.refresh_from_db()
    assert npower.supplier == npower_ltd.supplier == ypo.supplier
    assert ypo.match_status == MatchStatus.REVIEW
    assert npower_ltd.match_status == MatchStatus.AUTOMATIC and "after removing" in npower_ltd.match_reason
    assert tackle.supplier != npower.supplier
    assert reference_is_valid(npower.supplier.reference, prefix="SU")
    # The spend line still points at its name, and through it at the supplier.
    assert SpendLine.objects.get().payee.supplier == npower.supplier
    assert AuditEntry.objects.filter(action="supplier_names.resolve").count() == 1


def test_resolution_is_incremental_and_joins_existing_suppliers() -> None:
    biffa = SupplierFactory(name="Biffa Waste Services Ltd")
    confirmed = placed_name(biffa, "BIFFA WASTE SERVICES LTD", status=MatchStatus.CONFIRMED)
    new, = _names("Biffa Waste Services Limi")
    services.supplier_names_resolve()
    new.refresh_from_db()
    confirmed.refresh_from_db()
    assert new.supplier == biffa
    assert confirmed.match_status == MatchStatus.CONFIRMED  # never touched again
    assert services.supplier_names_resolve()["names"] == 0  # nothing left: a second run changes nothing
    assert Supplier.objects.count() == 1


def test_resolution_of_chosen_names_only_and_with_a_company_number() -> None:
    kier = SupplierFactory(name="Kier Construction Ltd", company_number="02099533")
    by_number = SupplierNameFactory(name="KIER NORTHERN", company_number="02099533")
    later = SupplierNameFactory(name="Something Else Ltd")
    services.supplier_names_resolve(names=[by_number.pk])
    by_number.refresh_from_db()
    later.refresh_from_db()
    assert by_number.supplier == kier
    assert by_number.match_reason == "same company number 02099533"
    assert later.match_status == MatchStatus.UNRESOLVED


def test_resolution_runs_as_a_background_job_with_progress(officer) -> None:
    _names("NPOWER LTD", "Npower Limited")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        job = services.supplier_names_resolve_start(acting_user=officer)
    job = BackgroundJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress_done == job.progress_total == 2
    assert "1 new suppliers" in job.message or "1 new supplier" in job.message


def test_confirm_and_reject_are_audited_and_reject_makes_a_supplier_of_its_own(officer) -> None:
    npower = SupplierFactory(name="Npower")
    ypo = placed_name(npower, "NPOWER (ELECTRIC) YPO CONTRACT", status=MatchStatus.REVIEW, match_confidence=0.82)
    kept = placed_name(npower, "NPOWER DIRECT", status=MatchStatus.REVIEW)
    services.supplier_name_confirm(name=kept, acting_user=officer)
    services.supplier_name_reject(name=ypo, acting_user=officer)
    kept.refresh_from_db()
    ypo.refresh_from_db()
    assert kept.match_status == MatchStatus.CONFIRMED and kept.decided_by == officer
    assert ypo.match_status == MatchStatus.REJECTED and ypo.supplier != npower
    assert ypo.supplier.name == "NPOWER (ELECTRIC) YPO CONTRACT"
    actions = list(AuditEntry.objects.filter(actor=officer).order_by("sequence").values_list("action", flat=True))
    assert actions == ["supplier_name.confirm", "supplier_name.reject"]


def test_reject_to_a_chosen_supplier(officer) -> None:
    wrong, right = SupplierFactory(name="Engie Power"), SupplierFactory(name="Engie Regeneration")
    name = placed_name(wrong, "Engie Regeneration (FHM) Ltd", status=MatchStatus.REVIEW)
    services.supplier_name_reject(name=name, acting_user=officer, supplier=right)
    name.refresh_from_db()
    assert name.supplier == right
    with pytest.raises(ValidationError):
        services.supplier_name_reject(name=name, acting_user=officer, supplier=right)


def test_merge_moves_every_name_and_undo_restores_them_as_they_were(officer) -> None:
    source, target = SupplierFactory(name="A J H Pump Supply"), SupplierFactory(name="AJH Pump Supply & Repair")
    a = placed_name(source, "A J H  Pump Supply & Repair Ltd", match_confidence=0.9, match_reason="names 90% alike")
    b = placed_name(target, "AJH PUMP SUPPLY & REPAIR LTD")
    line = SpendLineFactory(payee=a)
    change = services.supplier_merge(source=source, target=target, acting_user=officer, reason="Same firm")
    a.refresh_from_db()
    source.refresh_from_db()
    assert a.supplier == target and a.match_status == MatchStatus.CONFIRMED
    assert source.merged_into == target
    assert SpendLine.objects.get(pk=line.pk).payee_id == a.pk  # spend lines are never touched
    services.supplier_merge_undo(change=change, acting_user=officer)
    a.refresh_from_db()
    b.refresh_from_db()
    source.refresh_from_db()
    assert a.supplier == source and a.match_status == MatchStatus.AUTOMATIC
    assert (a.match_confidence, a.match_reason) == (0.9, "names 90% alike")
    assert b.supplier == target
    assert source.merged_into is None
    actions = list(AuditEntry.objects.filter(actor=officer).order_by("sequence").values_list("action", flat=True))
    assert actions == ["supplier.merge", "supplier.merge_undo"]
    with pytest.raises(ValidationError, match="already been undone"):
        services.supplier_change_undo(change=change, acting_user=officer)


def test_merge_refuses_two_company_numbers_and_itself(officer) -> None:
    one = SupplierFactory(company_number="02099533")
    other = SupplierFactory(company_number="03150025")
    with pytest.raises(ValidationError, match="different company numbers"):
        services.supplier_merge(source=one, target=other, acting_user=officer)
    with pytest.raises(ValidationError):
        services.supplier_merge(source=one, target=one, acting_user=officer)


def test_split_moves_chosen_names_to_a_new_supplier_and_undo_brings_them_back(officer) -> None:
    capita = SupplierFactory(name="Capita")
    business = placed_name(capita, "CAPITA BUSINESS SERVICES LTD")
    resourcing = placed_name(capita, "CAPITA Resourcing Ltd")
    change = services.supplier_split(supplier=capita, names=[resourcing], acting_user=officer)
    resourcing.refresh_from_db()
    assert resourcing.supplier == change.target != capita
    assert change.target.name == "CAPITA Resourcing Ltd"
    assert business.supplier == capita
    with pytest.raises(ValidationError, match="at least one name"):
        services.supplier_split(supplier=capita, names=[business], acting_user=officer)
    services.supplier_change_undo(change=change, acting_user=officer)
    resourcing.refresh_from_db()
    assert resourcing.supplier == capita
    change.target.refresh_from_db()
    assert change.target.merged_into == capita
    entries = list(AuditEntry.objects.filter(actor=officer).order_by("sequence"))
    assert [e.action for e in entries] == ["supplier.split", "supplier.split_undo"]
    assert entries[0].changes["new_supplier"] == change.target.reference and entries[0].changes["names_moved"] == 1


def test_undo_is_refused_after_a_later_change_moved_the_names(officer) -> None:
    a, b, c = SupplierFactory(), SupplierFactory(), SupplierFactory()
    placed_name(a, "First Name Ltd")
    first = services.supplier_merge(source=a, target=b, acting_user=officer)
    second = services.supplier_merge(source=b, target=c, acting_user=officer)
    with pytest.raises(ValidationError):
        services.supplier_change_undo(change=first, acting_user=officer)
    services.supplier_change_undo(change=second, acting_user=officer)
    services.supplier_change_undo(change=first, acting_user=officer)
    assert SupplierName.objects.get().supplier == a


def test_only_procurement_officers_change_suppliers() -> None:
    manager = make_user(Role.PROGRAMME_MANAGER)
    supplier = SupplierFactory()
    name = placed_name(supplier, "Someone Ltd", status=MatchStatus.REVIEW)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.supplier_name_confirm(name=name, acting_user=manager)
    name.refresh_from_db()
    assert name.match_status == MatchStatus.REVIEW
