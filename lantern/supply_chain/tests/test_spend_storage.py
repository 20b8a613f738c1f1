"""How spend lines are stored and read back at scale: the block range indexes, the spend's first and
last dates read from the files' summaries, and the statistics gathered after a large import."""

import datetime

import pytest
from django.db import connection

from lantern.core.imports import pipeline
from lantern.core.imports.registry import ImportSource
from lantern.supply_chain.models import SpendLine
from lantern.supply_chain.pipeline import SPEND_IMPORT
from lantern.supply_chain.selectors import overview
from lantern.supply_chain.selectors import risk as risk_selectors
from lantern.supply_chain.services import spend_imports
from lantern.supply_chain.tests.factories_risk import pay, spend_file, supplier

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def test_the_file_and_the_date_have_block_range_indexes_on_postgresql_and_ordinary_ones_elsewhere():
    indexes = _indexes(SpendLine._meta.db_table)
    expected = "brin" if connection.vendor == "postgresql" else "idx"
    assert indexes["spend_line_file_range"]["columns"] == ["file_id"]
    assert indexes["spend_line_date_range"]["columns"] == ["payment_date"]
    assert {indexes[name]["type"] for name in ("spend_line_file_range", "spend_line_date_range")} == {expected}
    # A B-tree for the payee's lines by date; the line key stays unique. No other index on the lines.
    assert indexes["spend_line_payee_date"]["columns"] == ["payee_id", "payment_date"]
    unique = sorted(tuple(c["columns"]) for c in indexes.values() if c["unique"] and not c["primary_key"])
    assert unique == [("line_key",)]


def test_the_spends_first_and_last_dates_come_from_the_files_summaries_and_from_unsummarised_files():
    assert risk_selectors.spend_dates() == (None, None)
    cleaner = supplier("Sparkle Cleaning Ltd")
    summarised = spend_file("2023.csv")
    pay(cleaner, 100, on=datetime.date(2023, 5, 2), file=summarised)
    pay(cleaner, 100, on=datetime.date(2023, 9, 30), file=summarised)
    spend_imports.spend_file_summarise(spend_file=summarised)
    # A summary the lines no longer agree with shows that the summary is what is read.
    summarised.__class__.objects.filter(pk=summarised.pk).update(first_payment_date=datetime.date(2023, 3, 1))
    assert risk_selectors.spend_dates() == (datetime.date(2023, 3, 1), datetime.date(2023, 9, 30))
    # A file whose import stopped before its summary: its lines are read.
    stopped = spend_file("2024.csv")
    pay(cleaner, 100, on=datetime.date(2024, 2, 29), file=stopped)
    assert risk_selectors.spend_dates() == (datetime.date(2023, 3, 1), datetime.date(2024, 2, 29))
    assert risk_selectors.latest_payment_date() == datetime.date(2024, 2, 29)
    assert [p.key for p in overview.periods()] == ["latest", "fy2023", "fy2022"]


def _reltuples() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [SpendLine._meta.db_table])
        return float(cursor.fetchone()[0])


def _import(tmp_path, name: str, payments: int) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_text("Date,Amount,Supplier\n" + "".join(
        f"01/04/2024,{number}.00,{name} Supplies Ltd\n" for number in range(1, payments + 1)))
    source = ImportSource(name=path.name, sha256=(name * 64)[:64], source="Sandwell MBC", user=None)
    with path.open("rb") as stream:
        pipeline.run_import(kind=SPEND_IMPORT, stream=stream, progress=pipeline.Silent(), source=source,
                            columns={"payment_date": "Date", "amount": "Amount", "supplier_name": "Supplier"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics are PostgreSQL's")
def test_a_large_import_gathers_the_spend_tables_statistics_and_a_small_one_does_not(tmp_path, monkeypatch):
    monkeypatch.setattr(spend_imports, "STATISTICS_AFTER", 5)
    _import(tmp_path, "small", 4)
    assert SpendLine.objects.count() == 4 != _reltuples()  # left to autovacuum
    _import(tmp_path, "large", 5)
    assert SpendLine.objects.count() == 9 == _reltuples()  # gathered (ANALYZE counts every row of a small table)
