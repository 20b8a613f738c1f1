"""The UK process's routes and dates (lantern.cases.rules): pure functions, no database."""

import datetime

import pytest

from lantern.cases import rules
from lantern.cases.rules import RouteCode

D = datetime.date
ON = D(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("date_of_birth", "approximate_age", "expected"),
    [
        (D(2010, 1, 1), None, RouteCode.CHILD),  # 16
        (D(2008, 11, 26), None, RouteCode.CHILD),  # 18 tomorrow
        (D(2008, 11, 25), None, RouteCode.ADULT),  # 18 today
        (D(1990, 6, 1), None, RouteCode.ADULT),
        (None, 17, RouteCode.CHILD),
        (None, 18, RouteCode.ADULT),
        (None, 0, RouteCode.CHILD),
        # A date of birth is better evidence than a guess at the age.
        (D(2012, 3, 3), 25, RouteCode.CHILD),
        (D(1990, 3, 3), 15, RouteCode.ADULT),
    ],
)
def test_route_follows_the_date_of_birth_or_the_approximate_age(date_of_birth, approximate_age, expected):
    route = rules.route_for(date_of_birth=date_of_birth, approximate_age=approximate_age, age_uncertain=False, on=ON)
    assert route == expected


def test_uncertain_age_is_treated_as_a_child_until_assessed():
    assert rules.route_for(date_of_birth=None, approximate_age=None, age_uncertain=True, on=ON) == RouteCode.AGE_UNCERTAIN
    # Ticking 'not sure if under 18' wins over a guessed age or a claimed date of birth.
    assert rules.route_for(date_of_birth=None, approximate_age=30, age_uncertain=True, on=ON) == RouteCode.AGE_UNCERTAIN
    assert rules.route_for(date_of_birth=D(1990, 1, 1), approximate_age=None, age_uncertain=True,
                           on=ON) == RouteCode.AGE_UNCERTAIN
    # Nothing known about the age: not assumed to be an adult.
    assert rules.route_for(date_of_birth=None, approximate_age=None, age_uncertain=False,
                           on=ON) == RouteCode.AGE_UNCERTAIN


def test_child_routes():
    assert rules.is_child_route(RouteCode.CHILD)
    assert rules.is_child_route(RouteCode.AGE_UNCERTAIN)
    assert rules.is_child_route("age_uncertain")
    assert not rules.is_child_route(RouteCode.ADULT)


def test_age_counts_whole_years_including_leap_day_birthdays():
    assert rules.age_on(D(2008, 2, 29), D(2026, 2, 28)) == 17
    assert rules.age_on(D(2008, 2, 29), D(2026, 3, 1)) == 18
    assert rules.age_on(D(2000, 12, 31), D(2026, 12, 30)) == 25
    leapling = rules.route_for(date_of_birth=D(2008, 2, 29), approximate_age=None, age_uncertain=False,
                               on=D(2026, 2, 28))
    assert leapling == RouteCode.CHILD


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 23), 1, D(2026, 11, 24)),  # Monday -> Tuesday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday -> Monday
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # Saturday -> Monday
        (D(2026, 11, 29), 1, D(2026, 11, 30)),  # Sunday -> Monday
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # Monday -> next Monday
        (D(2026, 11, 27), 5, D(2026, 12, 4)),  # Friday -> next Friday
        (D(2026, 11, 28), 5, D(2026, 12, 4)),  # Saturday -> Friday
        (D(2026, 11, 25), 10, D(2026, 12, 9)),  # two weekends
        (D(2026, 11, 25), 0, D(2026, 11, 25)),
        (D(2026, 12, 31), 1, D(2027, 1, 4)),  # over the year end: New Year’s Day is a bank holiday
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start, days, expected):
    assert rules.add_working_days(start, days) == expected
    assert expected.weekday() < 5 or days == 0


def test_reasonable_grounds_expected_five_working_days_after_referral():
    assert rules.RG_WORKING_DAYS == 5
    assert rules.rg_expected_by(D(2026, 11, 25)) == D(2026, 12, 2)  # Wednesday -> Wednesday
    assert rules.rg_expected_by(D(2026, 11, 27)) == D(2026, 12, 4)  # Friday -> Friday
    assert rules.rg_expected_by(D(2026, 11, 29)) == D(2026, 12, 4)  # Sunday -> Friday


@pytest.mark.parametrize(
    ("decided_on", "expected"),
    [
        (D(2024, 1, 10), D(2024, 2, 9)),  # 30 days
        (D(2022, 12, 13), D(2023, 1, 12)),  # 30 days from the change date itself
        (D(2022, 12, 12), D(2023, 1, 26)),  # 45 days the day before
        (D(2021, 6, 1), D(2021, 7, 16)),  # 45 days
        (D(2024, 2, 15), D(2024, 3, 16)),  # 30 days over a leap February
    ],
)
def test_recovery_period_is_30_days_or_45_before_13_december_2022(decided_on, expected):
    assert rules.recovery_period_end(decided_on) == expected


def test_move_on_support_lasts_45_days_after_positive_conclusive_grounds():
    assert rules.move_on_end(D(2025, 3, 1)) == D(2025, 4, 15)
    assert rules.move_on_end(D(2026, 12, 1)) == D(2027, 1, 15)
    assert (rules.move_on_end(D(2025, 3, 1)) - D(2025, 3, 1)).days == 45
