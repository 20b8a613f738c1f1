"""Importing spend files: the three real published files, idempotence, atomicity, the command line
and, on PostgreSQL, the COPY path."""

import dataclasses
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lantern.audit.models import AuditEntry
from lantern.core.imports import pipeline
from lantern.core.imports.mapping import propose_mapping
from lantern.core.imports.reading import read_table
from lantern.core.imports.registry import ImportSource
from lantern.supply_chain.models import SpendFile, SpendLine, SupplierName
from lantern.supply_chain.pipeline import SPEND_IMPORT
from lantern.supply_chain.services import spend_imports
from lantern.supply_chain.spend.fields import SPEND_SPEC
from lantern.supply_chain.tests.conftest import FIXTURES, REAL_FILES

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_spend", *args, "--quiet-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.skipif(not REAL_FILES.exists(), reason="the shared data folder is not on this machine")
@pytest.mark.parametrize(("name", "publisher", "rows", "redacted"), [
    ("leeds_raw_2020-06.csv", "Leeds City Council", 16176, 1157),
    ("bradford_2019-08_clean.csv", "City of Bradford MDC", 9708, 72),
    ("manchester_processed_2022-05.csv", "Manchester City Council", 3564, 171),
])
def test_the_real_published_files_import(name, publisher, rows, redacted):
    out, _ = run(str(REAL_FILES / name), "--publisher", publisher)
    spend_file = SpendFile.objects.get()
    assert (spend_file.rows_read, spend_file.rows_imported, spend_file.rows_redacted, spend_file.rows_rejected) == (
        rows, rows, redacted, 0)
    assert f"{rows:,} payments imported" in out
    assert not SupplierName.objects.filter(name__icontains="redacted").exists()
    assert SpendLine.objects.filter(redacted=True, payee__isnull=False).count() == 0
    # The import's follow-on step has placed every payee's name with a supplier.
    assert SupplierName.objects.exists()
    assert not SupplierName.objects.filter(supplier__isnull=True).exists()
    assert spend_file.total_amount is not None


def test_leeds_names_lose_their_non_breaking_spaces_and_keep_their_characters():
    run(str(FIXTURES / "leeds_sample.csv"), "--publisher", "Leeds City Council")
    names = set(SupplierName.objects.values_list("name", flat=True))
    assert "Hall Plant Hire Limited" in names
    assert "Fylde Coast Women¿s Aid" in names  # as published (the source lost the apostrophe)


def test_importing_the_same_file_again_changes_nothing():
    path = str(FIXTURES / "bradford_sample.csv")
    run(path, "--publisher", "Bradford")
    before = (SpendFile.objects.count(), SpendLine.objects.count(), SupplierName.objects.count(),
              AuditEntry.objects.count())
    out, _ = run(path, "--publisher", "Bradford")
    assert "imported before" in out and "nothing has changed" in out
    assert (SpendFile.objects.count(), SpendLine.objects.count(), SupplierName.objects.count(),
            AuditEntry.objects.count()) == before


def test_every_imported_line_points_at_its_file_and_an_existing_payee_name():
    # The database does not check these links line by line (ADR 25): the import must make them right.
    run(str(FIXTURES / "leeds_sample.csv"), "--publisher", "Leeds City Council")
    spend_file = SpendFile.objects.get()
    lines = SpendLine.objects.all()
    assert lines.exists() and not lines.exclude(file=spend_file).exists()
    names = set(SupplierName.objects.values_list("pk", flat=True))
    payees = set(lines.filter(redacted=False).values_list("payee_id", flat=True))
    assert None not in payees and payees <= names
    assert not lines.filter(redacted=True, payee__isnull=False).exists()
    assert spend_file.rows_redacted == lines.filter(redacted=True).count()


def test_a_payment_stored_under_the_old_64_digit_key_is_recognised_after_the_key_was_shortened(tmp_path):
    # Migration 0006 keeps a stored key's first 32 digits: the key the import now makes of the same payment.
    import hashlib

    from lantern.supply_chain.spend.fields import line_key

    identity = "leeds city council\x1f2020-06-01\x1f10.00\x1fT1\x1fACME|\x1f\x1f\x1f\x1f\x1f"
    old = hashlib.sha256(f"{identity}\x1f1".encode()).hexdigest()
    assert len(old) == 64 and line_key(identity, 1) == old[:32]


def test_the_same_payments_in_another_file_are_not_imported_twice(tmp_path):
    original = (FIXTURES / "manchester_sample.csv").read_bytes()
    extra = original + b"2022-05-30,99.00,Chief Executives,New Supplier Ltd,,\n"
    (tmp_path / "again.csv").write_bytes(extra)
    run(str(FIXTURES / "manchester_sample.csv"), "--publisher", "Manchester")
    out, _ = run(str(tmp_path / "again.csv"), "--publisher", "Manchester")
    second = SpendFile.objects.get(name="again.csv")
    assert second.rows_imported == 1
    assert second.rows_duplicate == 7
    assert "7 already imported from another file" in out
    assert SpendLine.objects.count() == 8


def test_two_identical_rows_in_one_file_are_two_payments(tmp_path):
    (tmp_path / "twice.csv").write_bytes(b"Date,Amount,Supplier\n01/04/2024,10,Acme\n01/04/2024,10,Acme\n")
    run(str(tmp_path / "twice.csv"), "--publisher", "Sandwell")
    assert SpendLine.objects.count() == 2
    assert SupplierName.objects.count() == 1


def test_name_variants_with_the_same_normalised_name_share_one_supplier_name(tmp_path):
    (tmp_path / "v.csv").write_bytes(b"Date,Amount,Supplier,Company Number\n01/04/2024,10,NPOWER LTD,\n"
                                     b"02/04/2024,10,Npower Limited,\n03/04/2024,10,Npower Limited,3493418\n")
    run(str(tmp_path / "v.csv"), "--publisher", "Sandwell")
    assert sorted(SupplierName.objects.values_list("key", flat=True)) == ["NPOWER|", "NPOWER|03493418"]


def test_a_failure_half_way_leaves_nothing_behind(monkeypatch):
    monkeypatch.setattr(spend_imports, "BATCH", 2)
    calls = {"n": 0}
    original = SPEND_IMPORT.row_reader

    def failing_reader(columns, headers):
        read = original(columns, headers)

        def failing(number, cells):
            calls["n"] += 1
            if calls["n"] == 5:
                raise RuntimeError("disk full")
            return read(number, cells)

        return failing

    kind = dataclasses.replace(SPEND_IMPORT, row_reader=failing_reader)
    path = FIXTURES / "leeds_sample.csv"
    with path.open("rb") as stream, pytest.raises(RuntimeError):
        pipeline.run_import(kind=kind, stream=stream, columns=_columns(path), progress=pipeline.Silent(),
                            source=ImportSource(name="x.csv", sha256="a" * 64, source="Leeds", user=None))
    assert calls["n"] == 5
    assert not SpendFile.objects.exists()
    assert not SpendLine.objects.exists()
    assert not SupplierName.objects.exists()


def test_a_failure_at_the_last_moment_leaves_nothing_behind(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(spend_imports, "audit_record", broken)
    with pytest.raises(RuntimeError):
        run(str(FIXTURES / "bradford_sample.csv"), "--publisher", "Bradford")
    assert not SpendFile.objects.exists()
    assert not SpendLine.objects.exists()
    assert not SupplierName.objects.exists()


def _columns(path):
    with path.open("rb") as stream:
        table, rows = read_table(stream)
        return propose_mapping(SPEND_SPEC, table.headers, [cells for _, cells in rows]).columns()


def test_the_command_stops_and_explains_when_it_is_not_sure(tmp_path):
    path = tmp_path / "unseen.csv"
    path.write_bytes(b"Col A,Col B,Col C\n01/04/2024,100.00,Acme Ltd\n02/04/2024,5.00,Beta Ltd\n")
    with pytest.raises(CommandError, match="1 file"):
        run(str(path), "--publisher", "Sandwell")
    assert not SpendFile.objects.exists()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_spend", str(path), "--publisher", "Sandwell", "--quiet-progress", stderr=err,
                     stdout=io.StringIO())
    text = err.getvalue()
    assert "not sure which column holds which field, so nothing was imported" in text
    assert "payment_date" in text and "NOT SURE" in text and "--column field=Heading" in text
    assert '"payment_date": "Col A"' in text  # the JSON to confirm it with


def test_the_command_takes_columns_or_a_mapping_file(tmp_path):
    path = tmp_path / "unseen.csv"
    path.write_bytes(b"Col A,Col B,Col C\n01/04/2024,100.00,Acme Ltd\n02/04/2024,(5.00),Beta Ltd\n")
    run(str(path), "--publisher", "Sandwell", "--column", "payment_date=Col A", "--column", "amount=Col B",
        "--column", "supplier_name=Col C")
    assert SpendLine.objects.count() == 2
    assert sorted(SpendLine.objects.values_list("amount", flat=True)) == [-5, 100]
    other = tmp_path / "other.csv"
    other.write_bytes(b"Col A,Col B,Col C\n03/04/2024,7.00,Gamma Ltd\n")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"payment_date": "Col A", "amount": "Col B", "supplier_name": "Col C"}))
    run(str(other), "--publisher", "Sandwell", "--mapping", str(mapping))
    assert SpendLine.objects.count() == 3


def test_the_command_accepts_the_proposal_when_told_to(tmp_path):
    path = tmp_path / "unseen.csv"
    path.write_bytes(b"Col A,Col B,Supplier\n01/04/2024,100.00,Acme Ltd\n")
    out, _ = run(str(path), "--publisher", "Sandwell", "--yes")
    assert "1 payments imported" in out


def test_the_command_refuses_a_mapping_naming_a_missing_column(tmp_path):
    with pytest.raises(CommandError):
        run(str(FIXTURES / "manchester_sample.csv"), "--column", "amount=Total")
    assert not SpendFile.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_stages_with_copy_and_commits_with_insert_select(django_assert_max_num_queries):
    path = FIXTURES / "leeds_sample.csv"
    source = ImportSource(name="leeds.csv", sha256="b" * 64, source="Leeds City Council", user=None)
    # The rows go in with one COPY and one INSERT ... SELECT whatever their number; the follow-on steps
    # (the file's summary, resolving the payees, screening the new suppliers, each with its audit entry)
    # add a few queries per new supplier: 74 for this file's suppliers.
    with path.open("rb") as stream, django_assert_max_num_queries(80) as queries:
        stats, result = pipeline.run_import(kind=SPEND_IMPORT, stream=stream, columns=_columns(path),
                                            progress=pipeline.Silent(), source=source)
    statements = [query["sql"] for query in queries.captured_queries]
    assert any(sql.startswith("COPY spend_stage") for sql in statements)
    assert any("ON CONFLICT DO NOTHING" in sql for sql in statements)
    assert result["imported"] == 7 == SpendLine.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('spend_stage')")
        assert cursor.fetchone()[0] is None  # the staging table is gone


def test_awkward_text_is_stored_exactly_as_read(tmp_path):
    # Tabs, backslashes, a COPY end marker and non-ASCII letters in the free-text columns.
    (tmp_path / "odd.csv").write_bytes(
        'Date,Amount,Supplier,Service,Expense Type,Transaction Number\n'
        '01/04/2024,10.50,Acme Ltd,"Parks\tand Open Spaces","C:\\Spend\\Ref",\\.\n'
        '02/04/2024,-3.00,Żabka Sp. z o.o.,\\N,Catering,T2\n'.encode())
    run(str(tmp_path / "odd.csv"), "--publisher", "Sandwell", "--yes")
    lines = list(SpendLine.objects.order_by("row_number").values_list(
        "service", "expense_type", "transaction_number", "amount", "payee__name"))
    assert [line[:3] for line in lines] == [("Parks\tand Open Spaces", "C:\\Spend\\Ref", "\\."),
                                            ("\\N", "Catering", "T2")]
    assert [str(line[3]) for line in lines] == ["10.50", "-3.00"]
    assert lines[1][4] == "Żabka Sp. z o.o."


def test_a_spreadsheet_imports_with_its_own_dates_and_numbers(tmp_path):
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Spending over £500, April 2024"])  # a title row above the headings
    sheet.append([])
    sheet.append(["Directorate", "Date Paid", "Net Value", "Payee", "Company Reg No"])
    sheet.append(["Highways", datetime.datetime(2024, 4, 2), 1250.5, "Acme Surfacing Ltd", 1234567])  # noqa: DTZ001
    sheet.append(["Highways", 45385, -99.99, "Acme Surfacing Limited", "01234567"])
    sheet.append(["Care", "03/04/2024", "£2,000.00", "Redacted", None])
    path = tmp_path / "april.xlsx"
    workbook.save(path)
    out, _ = run(str(path), "--publisher", "Sandwell MBC")
    assert "3 payments imported from 3 rows read (1 redacted, 0 rejected)" in out
    lines = list(SpendLine.objects.order_by("row_number").values_list("row_number", "payment_date", "amount"))
    assert [(row, str(date), str(amount)) for row, date, amount in lines] == [
        (4, "2024-04-02", "1250.50"), (5, "2024-04-03", "-99.99"), (6, "2024-04-03", "2000.00")]
    assert list(SupplierName.objects.values_list("key", flat=True)) == ["ACME SURFACING|01234567"]


def test_the_command_draws_a_progress_bar_on_standard_error(tmp_path, capsys):
    path = tmp_path / "unseen.csv"
    path.write_bytes(b"Date,Amount,Supplier Name\n01/04/2024,100.00,Acme Ltd\n02/04/2024,(5.00),Beta Ltd\n")
    call_command("import_spend", str(path), "--publisher", "Sandwell", "--yes")
    assert SpendLine.objects.count() == 2
    captured = capsys.readouterr()
    bars = [line for line in captured.err.split("\r") if line.startswith("[")]
    assert bars and bars[-1].startswith("[" + "#" * 30 + "]") and "100%" in bars[-1]
    assert "#" not in captured.out  # the report goes to standard output, the bar to standard error
