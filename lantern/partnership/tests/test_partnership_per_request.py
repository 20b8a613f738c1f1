"""The partnership row is read once per request, never kept across requests or outside one."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from lantern.partnership.models import Partnership
from lantern.partnership.selectors import ictg_available, partnership_get

pytestmark = pytest.mark.django_db


@contextmanager
def one_request() -> Iterator[None]:
    """The signals Django sends around a request, keeping the test's connection (as its test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_within_a_request_the_row_is_read_once_and_forgotten_when_saved():
    partnership = Partnership.objects.create(name="Sandwell Anti-Slavery Partnership", ictg_available=False)
    with one_request():
        with CaptureQueriesContext(connection) as queries:
            assert partnership_get().name == "Sandwell Anti-Slavery Partnership"
            assert ictg_available() is False
        assert len(queries) == 1
        partnership.ictg_available = True
        partnership.save()
        assert ictg_available() is True


def test_the_next_request_and_code_outside_a_request_read_it_afresh():
    Partnership.objects.create(name="SASP", ictg_available=False)
    with one_request():
        assert ictg_available() is False
    Partnership.objects.update(ictg_available=True)  # no save signal: only a fresh read sees it
    assert ictg_available() is True
    with one_request():
        assert ictg_available() is True
    Partnership.objects.update(ictg_available=False)
    with CaptureQueriesContext(connection) as queries:
        assert ictg_available() is False and ictg_available() is False
    assert len(queries) == 2
