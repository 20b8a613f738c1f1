"""The demo imports a real published spend file, once."""

import io

import pytest
from django.core.management import call_command

from lantern.accounts.demo import demo_email
from lantern.supply_chain import demo
from lantern.supply_chain.models import SpendFile, SpendLine, SupplierName

pytestmark = pytest.mark.django_db


def test_the_demo_imports_bradfords_spend_once_as_the_procurement_officer():
    call_command("seed_demo", stdout=io.StringIO())
    spend_file = SpendFile.objects.get()
    assert spend_file.publisher == "City of Bradford MDC"
    assert spend_file.imported_by.email == demo_email("procurement")
    assert (spend_file.rows_imported, spend_file.rows_redacted, spend_file.rows_rejected) == (9708, 72, 0)
    assert SupplierName.objects.count() > 1000
    lines = SpendLine.objects.count()
    assert not demo.seed_demo().summary  # the second run finds the file already imported
    assert SpendLine.objects.count() == lines
