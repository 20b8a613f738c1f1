"""Indicator sets are versioned data: codes, labels, groups, and the child-only signs."""

import pytest

from lantern.core.reference import indicators
from lantern.core.reference.indicators import flat_indicator_choices


def test_the_current_version_is_a_published_set():
    current = indicators.current_set()
    assert current.version == indicators.CURRENT_VERSION == "2026.1"
    assert indicators.indicator_set("2026.1") is current
    assert indicators.INDICATOR_SETS[indicators.CURRENT_VERSION] is current


def test_an_unknown_version_is_an_error_not_an_empty_list():
    with pytest.raises(KeyError):
        indicators.indicator_set("1999.1")


def test_the_set_holds_spot_the_signs_ilo_and_premises_groups():
    current = indicators.current_set()
    assert [g.heading for g in current.groups] == ["Spot the signs", "ILO forced labour indicators", "Premises"]
    ilo = next(g for g in current.groups if g.code == "ilo")
    assert len(ilo.indicators) == 11  # the ILO's 11 indicators of forced labour
    assert {i.label for i in ilo.indicators} >= {"Debt bondage", "Retention of identity documents",
                                                   "Withholding of wages", "Excessive overtime"}


def test_codes_are_unique_and_prefixed_by_their_group():
    current = indicators.current_set()
    every = [i.code for g in current.groups for i in g.indicators]
    assert len(every) == len(set(every)) == len(current.codes())
    for group in current.groups:
        assert all(i.code.startswith(f"{group.code}.") for i in group.indicators)
    assert {"signs.grooming", "ilo.debt", "premises.blacked_out"} <= current.codes()


def test_labels_come_from_the_set_and_unknown_codes_show_as_themselves():
    current = indicators.current_set()
    assert current.label("ilo.debt") == "Debt bondage"
    assert current.label("signs.unusual_travel") == "Unusual travel times"
    assert current.label("premises.blacked_out") == "Blacked-out or covered windows"
    assert current.label("retired.code") == "retired.code"


def test_child_only_indicators_are_left_out_for_adults():
    current = indicators.current_set()
    child_only = {i.code for g in current.groups for i in g.indicators if i.child_only}
    assert child_only == {"signs.grooming"}

    def codes(choices):
        return {code for _heading, options in choices for code, _label in options}

    assert codes(current.choices(include_child=True)) == current.codes()
    assert codes(current.choices(include_child=False)) == current.codes() - child_only
    # Headings stay in order even when an indicator is left out.
    assert [h for h, _ in current.choices(include_child=False)] == [g.heading for g in current.groups]


def test_the_flat_checkbox_list_names_the_group_of_repeated_labels():
    choices = dict(flat_indicator_choices(indicators.CURRENT_VERSION))
    assert choices["signs.isolation"] == "Isolation"
    assert choices["ilo.isolation"] == "Isolation (ILO)"
    assert choices["premises.living_at_work"] == "People living at the workplace (premises)"
    assert "signs.grooming" not in dict(flat_indicator_choices(indicators.CURRENT_VERSION, include_child=False))
