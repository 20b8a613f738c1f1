"""Statements planned for their values each time (lantern.core.planning, ADR 31)."""

import pytest
from django.db import connection

from lantern.core.planning import planned_each_time

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")

PROBE = "SELECT %s + 1 AS planned_each_time_probe"


def run_probe(times: int) -> list[int]:
    answers = []
    for number in range(times):
        with connection.cursor() as cursor:
            cursor.execute(PROBE, [number])
            answers.append(cursor.fetchone()[0])
    return answers


def prepared(fragment: str) -> int:
    """How many statements this connection has prepared whose text holds ``fragment``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE strpos(statement, %s) > 0", [fragment])
        return cursor.fetchone()[0]


def test_statements_inside_run_as_usual():
    with planned_each_time():
        assert run_probe(3) == [1, 2, 3]


@postgresql_only
def test_a_statement_run_often_is_prepared_except_inside():
    with planned_each_time():
        run_probe(12)
    assert prepared("planned_each_time_probe") == 0
    run_probe(12)  # outside, the connection prepares it (ADR 29): the check above can see a prepared one
    assert prepared("planned_each_time_probe") == 1


@postgresql_only
def test_the_connection_prepares_again_after_an_error_inside():
    threshold = connection.connection.prepare_threshold
    assert threshold is not None
    seen = []

    def fail_inside() -> None:
        with planned_each_time():
            seen.append(connection.connection.prepare_threshold)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_inside()
    assert seen == [None]
    assert connection.connection.prepare_threshold == threshold
