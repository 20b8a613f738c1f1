"""Staging rows on PostgreSQL: streamed with COPY into a temporary table, before the commit.

The staging table lives only in this database session and is dropped afterwards, so rows
streamed into it are not part of anything until the app's commit copies them across
(``INSERT ... SELECT ... ON CONFLICT DO NOTHING``) in one transaction.
"""

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

CHUNK = 20_000  # rows read, then copied, at a time


@contextmanager
def staging_table(name: str, columns: Sequence[tuple[str, str]]) -> Iterator[str]:
    """A temporary table ``name`` with ``columns`` (``(name, SQL type)``), dropped on the way out."""
    definition = ", ".join(f"{column} {sql_type}" for column, sql_type in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({definition})")
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Stream ``rows`` into ``table`` with COPY (psycopg 3), in chunks; the number of rows copied.

    Each chunk is read from ``rows`` before its COPY starts, so whatever produces the rows may
    use the database between chunks (a background job saving its progress).
    """
    count = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            write = copy.write_row
            for row in chunk:
                write(row)
        count += len(chunk)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")  # a temporary table has no statistics until told to gather them
    return count
