"""``staging.copy_text`` and ``copy_block``: rows put into COPY's text format by the thread that makes
them, and read back by PostgreSQL exactly as they were, whatever the text holds."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from lantern.core.imports import staging

AWKWARD = ["tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\.", "\\N", "Łódź – café £5", "", " "]


def test_the_format_escapes_what_copy_reads_specially():
    block = staging.copy_text([(1, "a\tb", None, True, False, Decimal("-12.50"), datetime.date(2024, 2, 29))])
    assert block == b"1\ta\\tb\t\\N\tTrue\tFalse\t-12.50\t2024-02-29\n"
    assert staging.copy_text([(2, "plain", False)]) == b"2\tplain\tFalse\n"
    assert staging.copy_text([]) == b""
    assert staging.copy_text([("back\\slash", "\\N")]) == b"back\\\\slash\t\\\\N\n"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_postgresql_reads_every_value_back_as_it_was():
    key = uuid.uuid4()
    rows = [(number, text, None if number % 2 else key.hex, Decimal("1234567.89") * (-1) ** number,
             datetime.date(2026, 11, 30), number % 3 == 0)
            for number, text in enumerate(AWKWARD)]
    columns = (("n", "integer"), ("t", "text"), ("k", "uuid"), ("a", "numeric(14,2)"), ("d", "date"), ("b", "boolean"))
    with staging.staging_table("copy_text_check", columns) as table:
        staging.copy_block(table, [name for name, _ in columns], staging.copy_text(rows))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT n, t, k, a, d, b FROM {table} ORDER BY n")  # noqa: S608  (a fixed name)
            back = cursor.fetchall()
    assert back == [(n, t, None if k is None else key, a, d, b) for n, t, k, a, d, b in rows]
