"""A copy of the test database's rows, kept in memory and put back after each test's flush.

The browser tests need the demo partnership in the database for every test, and every test
starts from an emptied database (the live server reads only committed rows, so the tests
cannot run inside a transaction that is rolled back). Building the demo through its services
takes a minute; loading it back with ``loaddata`` took 25 to 40 seconds a test on a 2-core
machine, as Django deserialises and saves each row one at a time. These copy the tables
instead, byte for byte, so ciphertexts, timestamps (the audit chain hashes them to the
microsecond) and two-factor keys come back exactly:

- PostgreSQL: each table's rows with ``COPY ... TO STDOUT`` and back with ``COPY ... FROM
  STDIN`` in one transaction (foreign keys are checked at its commit), then the sequences
  moved past the ids restored, as ``loaddata`` does;
- SQLite: the whole database with SQLite's online backup, and back the same way.
"""

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    vendor: str
    tables: dict[str, bytes] = field(default_factory=dict)  # PostgreSQL: each table's COPY text
    database: sqlite3.Connection | None = None  # SQLite: a copy of the whole database


def _tables(exclude: Collection[str]) -> list[str]:
    """The models' tables that exist (introspection checks that), but ``exclude``."""
    return sorted(set(connection.introspection.django_table_names(include_views=False, only_existing=True))
                  - set(exclude))


def take(*, exclude: Collection[str] = ()) -> Snapshot:
    """The rows of every model's table but ``exclude`` (PostgreSQL), or the whole database (SQLite)."""
    connection.ensure_connection()
    raw: Any = connection.connection
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        raw.backup(copy)
        return Snapshot(vendor="sqlite", database=copy)
    snapshot = Snapshot(vendor=connection.vendor)
    with raw.cursor() as cursor:
        for table in _tables(exclude):
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            if data:
                snapshot.tables[table] = data
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """Put the snapshot's rows back into the emptied database."""
    connection.ensure_connection()
    raw: Any = connection.connection
    if snapshot.vendor == "sqlite":
        assert snapshot.database is not None
        snapshot.database.backup(raw)
        return
    with transaction.atomic():
        with raw.cursor() as cursor:
            for table, data in snapshot.tables.items():
                with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                    copy.write(data)
        restored = set(snapshot.tables)
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in restored]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
