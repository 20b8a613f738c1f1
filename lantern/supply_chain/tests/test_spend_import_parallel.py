"""The spend import on PostgreSQL outside any transaction: the file is read by a thread of its own
while the database writes the chunk before (ADR 28). The same lines, the same names, the same
report, and a failure part way still leaves nothing."""

import dataclasses

import pytest
from django.db import connection, transaction

from lantern.core.imports import pipeline, staging
from lantern.core.imports.mapping import propose_mapping
from lantern.core.imports.reading import read_table
from lantern.core.imports.registry import ImportSource
from lantern.supply_chain.models import SpendFile, SpendLine, SupplierName
from lantern.supply_chain.pipeline import SPEND_IMPORT
from lantern.supply_chain.spend.fields import SPEND_SPEC
from lantern.supply_chain.tests.conftest import FIXTURES

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the overlapped COPY path is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),  # no transaction around the test: the import's own is the only one
]


def _columns(path):
    with path.open("rb") as stream:
        table, rows = read_table(stream)
        return propose_mapping(SPEND_SPEC, table.headers, [cells for _, cells in rows]).columns()


def _import(path, kind=SPEND_IMPORT, sha="c"):
    source = ImportSource(name=path.name, sha256=sha * 64, source="Leeds City Council", user=None)
    with path.open("rb") as stream:
        return pipeline.run_import(kind=kind, stream=stream, columns=_columns(path), progress=pipeline.Silent(),
                                   source=source)


class Progress:
    def __init__(self):
        self.messages = []

    def total(self, total):
        return None

    def advance(self, done, message=""):
        if message:
            self.messages.append(message)


def test_the_file_is_read_ahead_in_chunks_and_every_line_and_name_goes_in(monkeypatch):
    monkeypatch.setattr(staging, "CHUNK", 3)  # several chunks from a small file
    used = []
    original = staging.read_ahead

    def spy(items, **kwargs):
        used.append(True)
        return original(items, **kwargs)

    monkeypatch.setattr(staging, "read_ahead", spy)
    path = FIXTURES / "leeds_sample.csv"
    stats, result = _import(path)
    assert used == [True]
    spend_file = SpendFile.objects.get()
    lines = SpendLine.objects.all()
    assert result["imported"] == stats.accepted == lines.count() == spend_file.rows_imported > 3
    assert sorted(lines.values_list("row_number", flat=True)) == sorted(
        set(lines.values_list("row_number", flat=True)))
    names = set(SupplierName.objects.values_list("pk", flat=True))
    assert set(lines.filter(redacted=False).values_list("payee_id", flat=True)) <= names
    assert SupplierName.objects.count() == len(set(SupplierName.objects.values_list("key", flat=True)))
    assert spend_file.rows_redacted == lines.filter(redacted=True).count()
    # Imported again under another name: every payment is already there.
    _, again = _import(path, sha="d")
    assert again["imported"] == 0 and SpendLine.objects.count() == spend_file.rows_imported


def test_the_same_result_as_one_chunk_after_another(monkeypatch):
    path = FIXTURES / "leeds_sample.csv"
    monkeypatch.setattr(staging, "CHUNK", 2)
    _import(path)
    parallel = list(SpendLine.objects.order_by("row_number").values_list(
        "row_number", "line_key", "amount", "payment_date", "payee__key", "redacted"))
    SpendLine.objects.all().delete()
    SpendFile.objects.all().delete()
    monkeypatch.setattr(staging, "read_ahead", lambda items, **kwargs: pytest.fail("no thread expected"))
    with transaction.atomic():  # inside a caller's transaction: one chunk after another, on its connection
        _import(path, sha="e")
    assert list(SpendLine.objects.order_by("row_number").values_list(
        "row_number", "line_key", "amount", "payment_date", "payee__key", "redacted")) == parallel


def test_a_failure_half_way_through_the_reading_leaves_nothing_behind(monkeypatch):
    monkeypatch.setattr(staging, "CHUNK", 2)
    calls = {"n": 0}
    original = SPEND_IMPORT.row_reader

    def failing_reader(columns, headers):
        read = original(columns, headers)

        def failing(number, cells):
            calls["n"] += 1
            if calls["n"] == 6:  # after two chunks have been written
                raise RuntimeError("disk full")
            return read(number, cells)

        return failing

    with pytest.raises(RuntimeError, match="disk full"):
        _import(FIXTURES / "leeds_sample.csv", kind=dataclasses.replace(SPEND_IMPORT, row_reader=failing_reader))
    assert not SpendFile.objects.exists()
    assert not SpendLine.objects.exists()
    assert not SupplierName.objects.exists()


def test_the_progress_says_when_the_lines_are_being_saved():
    progress = Progress()
    path = FIXTURES / "leeds_sample.csv"
    with path.open("rb") as stream:
        pipeline.run_import(kind=SPEND_IMPORT, stream=stream, columns=_columns(path), progress=progress,
                            source=ImportSource(name="l.csv", sha256="f" * 64, source="Leeds", user=None))
    assert progress.messages[0] == "Saving the lines"
