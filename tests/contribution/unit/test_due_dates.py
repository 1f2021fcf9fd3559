""" "Contributions payable for any month must be paid no later than the 15th day of each succeeding month";
when the 15th is a rest day or public holiday in the employer's state, the last working day before it."""

from __future__ import annotations

from datetime import date

import pytest

from services.contribution.domain.due_dates import due_date, is_working_day
from services.contribution.domain.months import ContributionMonth
from shared.kernel.states import State


@pytest.mark.parametrize(
    ("month", "state", "expected"),
    [
        (
            ContributionMonth(2017, 7),
            State.KUL,
            date(2017, 8, 15),
        ),  # the reference's own example, a Tuesday
        (ContributionMonth(2025, 7), State.KUL, date(2025, 8, 15)),  # Friday
        (ContributionMonth(2025, 7), State.KDH, date(2025, 8, 14)),  # Friday is Kedah's rest day
        (ContributionMonth(2025, 5), State.SGR, date(2025, 6, 13)),  # 15 June 2025 is a Sunday
        (ContributionMonth(2025, 5), State.TRG, date(2025, 6, 15)),  # Terengganu works on Sundays
        (
            ContributionMonth(2024, 2),
            State.JHR,
            date(2024, 3, 14),
        ),  # Johor rested Fri-Sat in 2024: Fri 15 March
        (
            ContributionMonth(2025, 2),
            State.JHR,
            date(2025, 3, 14),
        ),  # from 2025 Johor rests Sat-Sun: Fri 14 March
        (ContributionMonth(2025, 12), State.KUL, date(2026, 1, 15)),  # across the year end
    ],
)
def test_due_date(month: ContributionMonth, state: State, expected: date) -> None:
    assert due_date(month, state) == expected


def test_public_holidays_move_the_deadline_back() -> None:
    """Thaipusam 2025 fell on Tuesday 11 February; Wilayah Persekutuan Day is 1 February."""
    assert not is_working_day(date(2025, 2, 11), State.KUL)
    assert is_working_day(date(2025, 2, 10), State.KUL)


def test_a_holiday_on_the_fifteenth_moves_the_deadline() -> None:
    """Malaysia Day, 16 September, and the 15th: find a month where the 15th itself is a holiday."""
    import holidays

    for year in range(2023, 2028):
        for month in range(1, 13):
            fifteenth = date(year, month, 15)
            calendar = holidays.country_holidays("MY", subdiv="KUL", years=year)
            if fifteenth in calendar and fifteenth.isoweekday() < 6:
                previous = ContributionMonth(year, month).plus(-1)
                assert due_date(previous, State.KUL) < fifteenth
                return
    pytest.fail("no weekday holiday on a 15th in five years: the calendar is not consulted")
