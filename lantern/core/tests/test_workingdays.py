"""Working days skip weekends and England and Wales bank holidays, from the shipped GOV.UK list."""

import datetime
import json

import pytest
from django.core.management import call_command

from lantern.cases import rules
from lantern.core import bank_holidays_feed as feed
from lantern.core import workingdays
from lantern.core.reference import lists

D = datetime.date


def test_a_referral_before_easter_expects_the_decision_after_the_two_bank_holidays():
    # Referred on Thursday 2 April 2026: Good Friday (3 April) and Easter Monday (6 April) are not working days.
    assert rules.rg_expected_by(D(2026, 4, 2)) == D(2026, 4, 13)


def test_christmas_and_the_boxing_day_substitute_are_skipped():
    # Christmas Day 2026 is a Friday and Boxing Day's substitute is Monday 28 December.
    assert workingdays.add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert not workingdays.is_working_day(D(2026, 12, 28))


def test_a_week_without_bank_holidays_counts_only_weekends():
    assert rules.rg_expected_by(D(2026, 11, 27)) == D(2026, 12, 4)  # Friday to the next Friday
    assert workingdays.working_days_between(D(2026, 11, 27), D(2026, 12, 4)) == 5


def test_one_off_bank_holidays_are_in_the_list():
    assert D(2022, 9, 19) in workingdays.bank_holidays()  # the State Funeral of Queen Elizabeth II
    assert D(2023, 5, 8) in workingdays.bank_holidays()  # the coronation


def test_the_shipped_list_covers_next_year():
    """Fails once the list is stale: run `manage.py refresh_bank_holidays` and commit the result."""
    assert workingdays.covered_until() >= D(datetime.date.today().year + 1, 12, 31)  # noqa: DTZ011


def test_the_feed_merges_new_years_and_keeps_years_it_no_longer_lists():
    shipped = {D(2018, 1, 1): "New Year’s Day", D(2027, 1, 1): "New Year’s Day"}
    fetched = feed.parse_feed({"england-and-wales": {"division": "england-and-wales", "events": [
        {"title": "New Year’s Day", "date": "2027-01-01", "notes": "", "bunting": True},
        {"title": "New Year’s Day", "date": "2028-01-03", "notes": "Substitute day", "bunting": True},
    ]}, "scotland": {"events": []}})
    merged = feed.merge(shipped, fetched)
    assert list(merged) == [D(2018, 1, 1), D(2027, 1, 1), D(2028, 1, 3)]


def test_a_feed_without_the_division_is_refused():
    with pytest.raises(feed.FeedError):
        feed.parse_feed({"scotland": {"events": []}})


def test_the_refresh_command_rewrites_the_list_and_its_manifest_line(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("manifest.csv", "bank_holidays_england_and_wales.csv"):
        (data / name).write_bytes((lists.DATA_DIR / name).read_bytes())
    monkeypatch.setattr(lists, "DATA_DIR", data)
    monkeypatch.setattr(lists, "MANIFEST", data / "manifest.csv")
    monkeypatch.setattr("lantern.core.management.commands.refresh_bank_holidays.MANIFEST", data / "manifest.csv")
    lists.datasets.cache_clear()
    lists.items.cache_clear()
    saved = tmp_path / "feed.json"
    saved.write_text(json.dumps({"england-and-wales": {"events": [
        {"title": "Christmas Day", "date": "2028-12-25"}]}}), encoding="utf-8")
    try:
        call_command("refresh_bank_holidays", from_file=str(saved))
        lists.datasets.cache_clear()
        lists.items.cache_clear()
        rows = lists.items(workingdays.BANK_HOLIDAYS_LIST)
        assert rows[-1].value == "2028-12-25"
        assert rows[0].value == "2018-01-01"  # years before the feed's first are kept
        assert lists.dataset(workingdays.BANK_HOLIDAYS_LIST).rows == len(rows)
    finally:
        lists.datasets.cache_clear()
        lists.items.cache_clear()
