"""The reference-data module: every list loads, matches its manifest, and the vocabularies agree."""

import ast
import csv
from pathlib import Path

import pytest
from django.db import models

from lantern.core import reference
from lantern.core.reference import indicators, lists
from lantern.core.reference.choices import ExploitationType, PremisesType

PACKAGE = Path(reference.__file__).parent


def test_every_data_file_is_in_the_manifest_and_every_manifest_line_has_a_file():
    on_disk = {path.name for path in lists.DATA_DIR.glob("*.csv")} - {"manifest.csv"}
    in_manifest = {meta.file for meta in reference.datasets().values()}
    assert on_disk == in_manifest
    for meta in reference.datasets().values():
        assert meta.version and meta.source and meta.licence, meta.file


@pytest.mark.parametrize("name", sorted(lists.datasets()))
def test_each_list_loads_with_the_rows_the_manifest_records_and_no_repeated_value(name):
    rows = reference.items(name)
    assert len(rows) == reference.dataset(name).rows
    values = [item.value for item in rows]
    assert len(values) == len(set(values))
    assert all(item.value and item.label for item in rows)
    assert reference.choices(name) == tuple((item.value, item.label) for item in rows)


def test_the_copied_home_office_lists_keep_their_columns():
    for name in ("nationalities", "uk_police_forces"):
        with reference.dataset(name).path.open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == ["value", "label"]


def test_the_accessors_return_choices_people_recognise():
    assert ("Albanian", "Albanian") in reference.nationalities()
    assert reference.nationalities()[0] == ("Unknown", "Unknown")
    assert ("West Midlands Police", "West Midlands Police") in reference.police_forces()
    assert len(reference.police_forces()) == 47
    assert ("GB", "United Kingdom") in reference.countries()
    assert ("VN", "Vietnam") in reference.countries()  # ISO's common name, not "Viet Nam"
    assert reference.items("countries")[0].extra.keys() == {"alpha_3", "numeric"}
    assert ("construction", "Construction") in reference.sectors()
    assert len(reference.wards()) == 24 and ("Oldbury", "Oldbury") in reference.wards()
    assert reference.label("countries", "RO") == "Romania"
    assert reference.label("countries", "XX") == "XX"  # a value no longer listed still reads as itself


def test_lists_are_read_once():
    lists.items.cache_clear()
    lists.choices.cache_clear()
    first = reference.nationalities()
    assert reference.nationalities() is first
    assert reference.items("nationalities") is reference.items("nationalities")
    assert lists.items.cache_info().misses == 1


def test_a_file_that_disagrees_with_its_manifest_is_refused(tmp_path, monkeypatch):
    (tmp_path / "manifest.csv").write_text("file,version,rows,source,licence\nthings.csv,1,2,here,MIT\n")
    (tmp_path / "things.csv").write_text("value,label\na,A\na,Again\n")
    monkeypatch.setattr(lists, "DATA_DIR", tmp_path)
    monkeypatch.setattr(lists, "MANIFEST", tmp_path / "manifest.csv")
    lists.datasets.cache_clear()
    lists.items.cache_clear()
    try:
        with pytest.raises(reference.ReferenceDataError, match="repeats the value 'a'"):
            reference.items("things")
        (tmp_path / "things.csv").write_text("value,label\na,A\n")
        lists.items.cache_clear()
        with pytest.raises(reference.ReferenceDataError, match="has 1 rows; the manifest says 2"):
            reference.items("things")
        with pytest.raises(reference.ReferenceDataError, match="No reference list"):
            reference.items("other")
    finally:
        lists.datasets.cache_clear()
        lists.items.cache_clear()


def test_the_choices_keep_the_values_stored_in_records():
    # Stored values: changing one would change the meaning of existing records.
    assert PremisesType.values == [
        "car_wash", "nail_bar", "takeaway", "farm", "factory", "construction", "care", "private_house", "hmo",
        "cannabis", "street", "other", "unknown",
    ]
    assert ExploitationType.values == [
        "labour", "sexual", "criminal", "domestic_servitude", "organ_harvesting", "unknown",
    ]
    assert all(issubclass(cls, models.TextChoices) for cls in (PremisesType, ExploitationType))


def test_the_models_of_every_app_use_the_one_vocabulary():
    from lantern.cases.models import Concern
    from lantern.confidential_reports.models import IntelligenceRecord, Report

    for model in (Concern, Report, IntelligenceRecord):
        assert model._meta.get_field("premises_type").choices == PremisesType.choices


def test_indicator_codes_are_unique_and_the_flat_choices_cover_the_set():
    current = indicators.current_set()
    codes = [i.code for g in current.groups for i in g.indicators]
    assert len(codes) == len(set(codes))
    flat = indicators.flat_indicator_choices(indicators.CURRENT_VERSION)
    assert [code for code, _ in flat] == codes
    assert dict(flat)["ilo.isolation"] == "Isolation (ILO)"
    child_only = {i.code for g in current.groups for i in g.indicators if i.child_only}
    adult = dict(indicators.flat_indicator_choices(indicators.CURRENT_VERSION, include_child=False))
    assert child_only and not child_only & adult.keys()


def test_the_reference_package_imports_no_other_lantern_app():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith("lantern.") or name.startswith("lantern.core."), (path, name)
