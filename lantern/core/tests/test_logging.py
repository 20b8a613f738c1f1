"""A failure is logged by type and place, never with its message (which can quote a person's details)."""

import logging
import logging.config
import sys

from django.conf import settings

from lantern.core.logging import NoMessageFormatter


def _record_of_a_failure() -> logging.LogRecord:
    try:
        try:
            raise ValueError("date of birth 1990-02-03 could not be read")
        except ValueError as inner:
            raise RuntimeError("Key (email)=(amira.haddad@example.org) already exists") from inner
    except RuntimeError:
        return logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                 ("/cases/",), sys.exc_info())


def test_a_traceback_names_the_exception_and_where_it_happened_but_not_its_message():
    text = NoMessageFormatter("%(levelname)s %(name)s %(message)s").format(_record_of_a_failure())
    assert "ERROR django.request Internal Server Error: /cases/" in text
    assert "builtins.RuntimeError" in text and "while handling builtins.ValueError" in text
    assert "test_logging.py" in text and "_record_of_a_failure" in text
    assert "amira" not in text.lower() and "1990" not in text and "Key (email)" not in text


def test_the_settings_log_every_failure_through_that_formatter():
    config = settings.LOGGING
    assert config["formatters"]["plain"]["()"] == "lantern.core.logging.NoMessageFormatter"
    assert all(handler.get("formatter") == "plain" for handler in config["handlers"].values())


def test_a_failed_tasks_line_names_the_exception_by_type_and_workers_keep_these_settings():
    from lantern.core.logging import NoExceptionInMessageFilter

    try:
        raise ValueError("Amira Haddad, born 1990-02-03")
    except ValueError as exc:
        record = logging.LogRecord("celery.app.trace", logging.ERROR, __file__, 1,
                                   "Task %(name)s[%(id)s] raised unexpected: %(exc)s",
                                   ({"name": "lantern.cases.tasks.notify", "id": "abc", "exc": exc},), sys.exc_info())
    assert NoExceptionInMessageFilter().filter(record)
    text = NoMessageFormatter("%(message)s").format(record)
    assert "raised unexpected: builtins.ValueError" in text
    assert "Amira" not in text and "1990" not in text
    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["no_exception_message"]
