"""CSV exports: a cell can never run as a formula in a spreadsheet, however its first character is written."""

import csv
import io

import pytest

from lantern.cases.tests.factories import CaseFactory, PersonFactory
from lantern.core.exports import csv_safe
from tests.support import verified_client


@pytest.mark.parametrize("value", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\tanything", "\ranything",
    "＝HYPERLINK(\"http://evil\")",  # full-width equals sign
    "＋1", "－1", "＠SUM(A1)", "﹦1",  # full-width and small forms
    " =1", "\u00a0=1", "\u3000＝1", "\u200b=1", "\ufeff=1", "\n=1", "\x00=1",  # blanks or invisibles first
])
def test_cells_that_a_spreadsheet_would_read_as_a_formula_are_shown_as_text(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Maria", "MS-7K3Q-9", "a=b", " 12 Rose Street", "", "日本語"])
def test_other_cells_are_left_alone(value):
    assert csv_safe(value) == value


def test_values_that_are_not_text_are_left_alone():
    assert csv_safe(12) == 12 and csv_safe(None) is None


@pytest.mark.django_db
def test_a_full_width_formula_in_a_name_is_exported_as_text():
    case = CaseFactory(person=PersonFactory(given_name="＝HYPERLINK(\"http://evil\")", family_name="X"))
    response = verified_client(case.lead_worker).get("/cases/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["Name"].startswith("'＝HYPERLINK")
