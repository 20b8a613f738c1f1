"""Suppliers, their names and spend, made directly (the spend import makes them in real use)."""

import datetime
import hashlib
import itertools
from decimal import Decimal
from typing import Any

import factory

from lantern.core.references import reference_generate
from lantern.supply_chain.models import MatchStatus, SpendFile, SpendLine, Supplier, SupplierName
from lantern.supply_chain.names import normalise_name

_keys = itertools.count(1)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    reference = factory.LazyFunction(lambda: reference_generate("SU"))
    name = factory.Sequence(lambda n: f"Supplier {n} Ltd")
    normalised_name = factory.LazyAttribute(lambda s: normalise_name(s.name))


class SupplierNameFactory(factory.django.DjangoModelFactory):
    """A name as the import leaves it: unresolved, no supplier (pass ``supplier`` and a status for a placed one)."""

    class Meta:
        model = SupplierName

    name = factory.Sequence(lambda n: f"Payee {n}")
    normalised_name = factory.LazyAttribute(lambda s: normalise_name(s.name))
    key = factory.LazyAttribute(lambda s: f"{s.normalised_name}|{s.company_number}|{next(_keys)}")
    company_number = ""
    match_status = MatchStatus.UNRESOLVED


class SpendFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendFile

    publisher = "Leeds City Council"
    name = factory.Sequence(lambda n: f"spend-{n}.csv")
    sha256 = factory.LazyAttribute(lambda f: hashlib.sha256(f.name.encode()).hexdigest()[:32])


class SpendLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendLine

    file = factory.SubFactory(SpendFileFactory)
    row_number = factory.Sequence(lambda n: n + 1)
    line_key = factory.LazyAttribute(lambda line: hashlib.sha256(f"{line.file.pk}:{line.row_number}".encode()).hexdigest()[:32])
    service = "Adults and Health"
    expense_type = "Third Party Payments"
    payment_date = datetime.date(2020, 6, 24)
    amount = Decimal("1000.00")
    payee = factory.SubFactory(SupplierNameFactory)


def placed_name(supplier: Supplier, name: str, *, status: str = MatchStatus.AUTOMATIC, **fields: Any) -> SupplierName:
    """A name already resolved to ``supplier``."""
    return SupplierNameFactory(name=name, supplier=supplier, match_status=status,
                               match_confidence=fields.pop("match_confidence", 0.98),
                               match_reason=fields.pop("match_reason", "same name"), **fields)
