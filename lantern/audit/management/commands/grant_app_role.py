"""Give the application's PostgreSQL role exactly the rights it needs, and no more.

Lantern runs as a role that does not own its tables; migrations run as the owner. The
owner runs this after every ``migrate`` (it is idempotent)::

    manage.py migrate --database owner
    manage.py grant_app_role --database owner          # the role named in DATABASE_URL

The application's role may read, insert, update and delete rows of every table, except:
the audit trail (``audit_auditentry``), which it may only read and append to; the chain
head, which it may read, create and move on but not delete; and the migration history,
which it may only read. Without ownership it cannot TRUNCATE, ALTER TABLE (so it cannot
disable the append-only trigger) or replace the trigger's function, and without
superuser rights it cannot SET session_replication_role. Tables and sequences the owner
creates later are granted by default privileges, so a new table works before this runs
again; the audit rules are applied again each time it runs.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction

from lantern.audit.models import AuditChainHead, AuditEntry

READ_WRITE = "SELECT, INSERT, UPDATE, DELETE"
# Tables whose rights are narrower than READ_WRITE.
NARROWER = {
    AuditEntry._meta.db_table: "SELECT, INSERT",
    AuditChainHead._meta.db_table: "SELECT, INSERT, UPDATE",
    "django_migrations": "SELECT",
}


def grant_statements(*, role: str, schema: str, tables: list[str], quote: Any) -> list[str]:
    """The SQL, in order, with quoted names."""
    r, s = quote(role), quote(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT {READ_WRITE} ON ALL TABLES IN SCHEMA {s} TO {r}",
    ]
    for table, rights in NARROWER.items():
        if table in tables:
            statements += [f"REVOKE ALL ON TABLE {quote(table)} FROM {r}", f"GRANT {rights} ON TABLE {quote(table)} TO {r}"]
    statements += [
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT {READ_WRITE} ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]
    return statements


class Command(BaseCommand):
    help = "Grant the application's database role what it needs (run as the tables' owner after each migrate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", nargs="?", help="The application's role (default: the user in DATABASE_URL).")
        parser.add_argument(
            "--database", default=None,
            help='The owner\'s database alias (default: "owner" when DATABASE_OWNER_URL is set, else "default").',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"] or ("owner" if "owner" in connections.settings else "default")
        connection = connections[alias]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles apply to PostgreSQL only.")
        role = options["role"] or connections["default"].settings_dict.get("USER") or ""
        if not role:
            raise CommandError("Name the application's role, or set a user in DATABASE_URL.")
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_schema()")
            owner, schema = cursor.fetchone()
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"There is no database role called {role}.")
            if found[0]:
                raise CommandError(f"{role} is a superuser: the application must run as an ordinary role.")
            cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
            if role == owner or cursor.fetchone()[0]:
                raise CommandError(
                    f"{role} owns the tables (or is a member of {owner}): run the application as another role."
                )
            tables = connection.introspection.table_names(cursor)
            statements = grant_statements(role=role, schema=schema, tables=tables, quote=connection.ops.quote_name)
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(
            f"{role} may now use {len(tables)} tables; it may only read and append to the audit trail."
        ))
