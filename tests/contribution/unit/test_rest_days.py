"""Weekly rest days per state, from the dated regimes shipped as data, and the due date they move.

"Contributions payable for any month must be paid no later than the 15th day of each succeeding
month" (reference/contribution-payment-steps.txt); "when the 15th is not a working day the deadline
is the last working day before it" (reference/tables/README.md). Kedah, Kelantan and Terengganu rest
on Friday and Saturday; Johor did from 2014 until the end of 2024; everywhere else rests on Saturday
and Sunday (ISO weekdays: Friday 5, Saturday 6, Sunday 7).
"""

from __future__ import annotations

from datetime import date

import pytest

from services.contribution.domain import due_dates
from services.contribution.domain.due_dates import (
    RestDayRegime,
    State,
    due_date,
    is_working_day,
    load_calendars,
    rest_days,
)
from services.contribution.domain.months import ContributionMonth
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture

pytestmark = pytest.mark.usefixtures("fresh_tables")

FRI_SAT = frozenset({5, 6})
SAT_SUN = frozenset({6, 7})


@pytest.mark.parametrize("state", [State.KDH, State.KTN, State.TRG])
def test_kedah_kelantan_and_terengganu_rest_on_friday_and_saturday(state: State) -> None:
    assert rest_days(state, date(2025, 8, 15)) == FRI_SAT
    assert rest_days(state, date(1990, 1, 1)) == FRI_SAT


@pytest.mark.parametrize(
    "state", [State.SGR, State.KUL, State.PNG, State.SBH, State.SWK, State.LBN, State.PJY]
)
def test_a_state_not_listed_rests_on_saturday_and_sunday(state: State) -> None:
    assert rest_days(state, date(2025, 8, 15)) == SAT_SUN


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2013, 12, 31), SAT_SUN),
        (date(2014, 1, 1), FRI_SAT),  # the regime's first day
        (date(2024, 12, 31), FRI_SAT),  # its last day
        (date(2025, 1, 1), SAT_SUN),
    ],
)
def test_johor_rested_on_friday_and_saturday_from_2014_to_the_end_of_2024(
    day: date, expected: frozenset[int]
) -> None:
    assert rest_days(State.JHR, day) == expected


def test_a_regime_applies_from_its_first_to_its_last_day_inclusive() -> None:
    regime = RestDayRegime(frozenset({"JHR"}), date(2014, 1, 1), date(2024, 12, 31), FRI_SAT)
    assert not regime.applies(State.JHR, date(2013, 12, 31))
    assert regime.applies(State.JHR, date(2014, 1, 1))
    assert regime.applies(State.JHR, date(2024, 12, 31))
    assert not regime.applies(State.JHR, date(2025, 1, 1))
    assert not regime.applies(State.KUL, date(2020, 1, 1))
    open_ended = RestDayRegime(frozenset({"KDH"}), date(1900, 1, 1), None, FRI_SAT)
    assert open_ended.applies(State.KDH, date(2999, 12, 31))


@pytest.mark.parametrize(
    ("month", "state", "expected"),
    [
        # 15 November 2025 is a Saturday: Friday 14th in Selangor, Thursday 13th in Kelantan
        (ContributionMonth(2025, 10), State.SGR, date(2025, 11, 14)),
        (ContributionMonth(2025, 10), State.KTN, date(2025, 11, 13)),
        # 15 June 2025 is a Sunday: a working day in Terengganu, Friday 13th in Kuala Lumpur
        (ContributionMonth(2025, 5), State.TRG, date(2025, 6, 15)),
        (ContributionMonth(2025, 5), State.KUL, date(2025, 6, 13)),
        # 15 August 2025 is a Friday: Thursday 14th in Kedah, the 15th itself in Johor from 2025
        (ContributionMonth(2025, 7), State.KDH, date(2025, 8, 14)),
        (ContributionMonth(2025, 7), State.JHR, date(2025, 8, 15)),
        # 15 November 2024 was a Friday: Johor still rested, so Thursday 14th
        (ContributionMonth(2024, 10), State.JHR, date(2024, 11, 14)),
    ],
)
def test_the_due_date_is_the_15th_or_the_last_working_day_before_it(
    month: ContributionMonth, state: State, expected: date
) -> None:
    assert due_date(month, state) == expected


def test_a_rest_day_is_not_a_working_day_and_a_plain_weekday_is() -> None:
    assert not is_working_day(date(2025, 8, 15), State.KDH)  # Friday in Kedah
    assert is_working_day(date(2025, 8, 15), State.SGR)
    assert is_working_day(date(2025, 8, 17), State.KDH)  # Sunday in Kedah
    assert not is_working_day(date(2025, 8, 17), State.SGR)


def test_the_holidays_of_the_days_own_year_are_consulted() -> None:
    """Thaipusam, Tuesday 11 February 2025, in Kuala Lumpur; 1 January 2026 is New Year's Day."""
    assert not is_working_day(date(2025, 2, 11), State.KUL)
    assert not is_working_day(date(2026, 1, 1), State.KUL)
    assert is_working_day(date(2026, 1, 2), State.KUL)


def test_loading_a_years_calendars_builds_one_for_every_state() -> None:
    load_calendars(2025)
    info = due_dates._holidays.cache_info()
    assert (info.currsize, info.hits) == (16, 0)
    assert due_dates._holidays(State.KUL, 2025).years == {2025}
    assert due_dates._holidays.cache_info().hits == 1
