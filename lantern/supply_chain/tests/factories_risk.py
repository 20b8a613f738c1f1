"""Factories for the risk screening and statement tests: suppliers, their names and spend lines,
built directly in the database (the spend import and supplier resolution are tested elsewhere)."""

import datetime
import hashlib
import itertools
from decimal import Decimal
from typing import Any

from lantern.supply_chain.models import SpendFile, SpendLine, Supplier, SupplierName
from lantern.supply_chain.names import normalise_name

_counter = itertools.count(1)


def spend_file(name: str = "spend.csv") -> SpendFile:
    number = next(_counter)
    return SpendFile.objects.create(publisher="Test Council", name=f"{number}-{name}",
                                    sha256=hashlib.sha256(f"file-{number}".encode()).hexdigest()[:32])


def supplier(name: str, *, company_number: str = "", **fields: Any) -> Supplier:
    number = next(_counter)
    made = Supplier.objects.create(reference=f"SU-T{number:06d}", name=name, normalised_name=normalise_name(name),
                                   company_number=company_number, **fields)
    SupplierName.objects.create(key=f"{normalise_name(name)}|{company_number}|{number}", name=name,
                                normalised_name=normalise_name(name), company_number=company_number,
                                supplier=made, match_status="automatic")
    return made


def pay(to: Supplier, amount: float | str | Decimal, *, expense_type: str = "", proclass_code: str = "",
        service: str = "", on: datetime.date | None = None, file: SpendFile | None = None) -> SpendLine:
    """A spend line paying ``to`` (through its first name)."""
    number = next(_counter)
    file = file or _default_file()
    return SpendLine.objects.create(
        file=file, row_number=number, line_key=hashlib.sha256(f"line-{number}".encode()).hexdigest()[:32],
        body="Test Council", service=service, expense_type=expense_type, proclass_code=proclass_code,
        payment_date=on or datetime.date(2024, 3, 15), amount=Decimal(str(amount)), payee=to.names.first(),
    )




def _default_file() -> SpendFile:
    existing = SpendFile.objects.filter(name__endswith="-default.csv").first()
    return existing or spend_file("default.csv")
