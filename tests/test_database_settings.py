"""``config.settings.base.database``: PostgreSQL connections bind parameters on the server and prepare
statements they run again (ADR 29), unless turned off; SQLite is left as it is."""

from config.settings.base import database


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    monkeypatch.delenv("DATABASE_PREPARE_THRESHOLD", raising=False)
    config = database("postgres://lantern_app:secret@db.internal:5432/lantern")
    assert config["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    monkeypatch.setenv("DATABASE_PREPARE_THRESHOLD", "2")
    assert database("postgres://db.internal/lantern")["OPTIONS"]["prepare_threshold"] == 2


def test_a_pooler_that_cannot_keep_prepared_statements_turns_them_off(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    assert not database("postgres://db.internal/lantern").get("OPTIONS")


def test_sqlite_is_left_as_it_is(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    config = database("sqlite:////tmp/lantern-settings-check.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert not config.get("OPTIONS")
