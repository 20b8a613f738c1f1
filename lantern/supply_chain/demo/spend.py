"""Demo spend: one real published spending file, imported through the same pipeline as the pages.

The file is City of Bradford MDC's spending over £500 for August 2019 (data/SOURCES.md):
real suppliers, categories and amounts, with payments to people already redacted by the
council. It is imported as the demo procurement officer; a second run finds the file's
SHA-256 already imported and changes nothing.
"""

from pathlib import Path

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.core.imports import pipeline
from lantern.core.imports.registry import ImportSource
from lantern.core.plugins import DemoSeeded
from lantern.supply_chain.pipeline import SPEND_IMPORT

DEMO_FILE = Path(__file__).parent.parent / "data" / "bradford_2019-08_spend.csv"
PUBLISHER = "City of Bradford MDC"
COLUMNS = {
    "service": "Service Label", "expense_type": "Expenditure category", "payment_date": "Payment date",
    "transaction_number": "Transaction Number", "amount": "Net Amount", "supplier_id": "Supplier Number",
    "supplier_name": "Supplier Name",
}


def seed() -> DemoSeeded:
    officer = User.objects.filter(email=demo_email("procurement")).first()
    with DEMO_FILE.open("rb") as stream:
        source = ImportSource(name=DEMO_FILE.name, sha256=pipeline.file_sha256(stream), source=PUBLISHER,
                              user=officer)
        _, result = pipeline.run_import(kind=SPEND_IMPORT, stream=stream, source=source, columns=COLUMNS,
                                        progress=pipeline.Silent())
    if result.get("duplicate"):
        return DemoSeeded()
    return DemoSeeded(summary=[f"Imported {result['imported']:,} payments from {PUBLISHER}'s published spend file."])
