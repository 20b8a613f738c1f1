"""PostgreSQL: a trigram index on each case's and concern's reference without its dashes, so a search
by part of a reference reads the index instead of every reference (cases.selectors.finding).

pg_trgm is a trusted extension: the database's owner may create it. Where it cannot be created the
indexes are left out and the search reads every reference, as before; nothing else depends on them.
SQLite has no such index and needs none.
"""

import logging

from django.db import DatabaseError, migrations

logger = logging.getLogger(__name__)

INDEXES = (
    ("case_reference_part", "cases_case"),
    ("concern_reference_part", "cases_concern"),
)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            cursor.execute("SAVEPOINT reference_part")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("RELEASE SAVEPOINT reference_part")
        except DatabaseError:
            cursor.execute("ROLLBACK TO SAVEPOINT reference_part")
            logger.warning("pg_trgm could not be created: searching by part of a reference reads every reference")
            return
        for name, table in INDEXES:
            # The expression is the one the search filters on: finding.Unhyphenated.
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
                           "(REPLACE(reference, '-', '') gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _ in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_nrm_form_questions")]

    operations = [migrations.RunPython(create, drop)]
