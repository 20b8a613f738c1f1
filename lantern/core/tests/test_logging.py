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
