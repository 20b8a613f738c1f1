"""A dump of the whole database holds none of the sensitive values written through the app."""

import pytest
from django.db import connection

from lantern.accounts.capabilities import Role
from tests.support import make_user, verified_client

SECRETS = ["Natalia Wiśniewska", "born 3 March 2006", "Flat 4, 19 Brook Street"]


def dump_database() -> str:
    """Every row of every table as text, as a database dump would contain it."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                parts.append(" ".join(str(value) for value in row))
    return "\n".join(parts)


@pytest.mark.django_db
def test_reasons_given_for_access_are_not_in_a_dump(client):
    from lantern.accounts.models import Agency

    manager = make_user(Role.PROGRAMME_MANAGER)
    record = Agency.objects.create(name="Record under review", agency_type="other")
    client = verified_client(manager)
    from lantern.audit.purpose import record_token

    for secret in SECRETS:
        response = client.post(
            f"/access/purpose/?record={record_token(record, user=manager)}&next=/",
            {"reason": "other", "detail": f"Query about {secret}"},
        )
        assert response.status_code == 302
    dump = dump_database()
    assert "Record under review" in dump  # the dump really contains the data
    for secret in SECRETS:
        assert secret not in dump
