"""Late-payment interest at each edge of its rule.

"Interest on late payment of contributions will be imposed at a rate of 6% per annum for each day
of contributions not paid within the stipulated period" (reference/contribution-payment-steps.txt);
"computed in practice as arrears x 6% x days late / 365, with a minimum of RM5 for each month or
part of a month of delay, and amounts above RM5 rounded up to the next multiple of RM5"
(reference/tables/README.md). No arrears, or no day late, is no interest.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.contribution.domain.interest import (
    InterestPolicy,
    add_months,
    late_interest,
    months_or_part,
)

DUE = date(2025, 8, 15)
NEXT_DAY = date(2025, 8, 16)
ON_TIME = ("paid by the due date: no interest",)


@pytest.mark.parametrize("arrears", ["0.00", "-10.00"])
def test_no_arrears_paid_late_owes_no_interest(arrears: str) -> None:
    """Nothing unpaid, nothing to charge interest on, however late the day."""
    result = late_interest(arrears=Decimal(arrears), due_date=DUE, paid_on=date(2025, 10, 1))
    assert (result.days_late, result.months_of_delay, result.amount) == (0, 0, Decimal("0.00"))
    assert result.explanation == ON_TIME


def test_arrears_paid_on_the_due_day_owe_no_interest_and_say_so() -> None:
    result = late_interest(arrears=Decimal("10000.00"), due_date=DUE, paid_on=DUE)
    assert (result.days_late, result.months_of_delay, result.amount) == (0, 0, Decimal("0.00"))
    assert result.explanation == ON_TIME


def test_arrears_paid_before_the_due_day_owe_no_interest() -> None:
    result = late_interest(arrears=Decimal("10000.00"), due_date=DUE, paid_on=date(2025, 8, 1))
    assert (result.days_late, result.months_of_delay, result.amount) == (0, 0, Decimal("0.00"))
    assert result.explanation == ON_TIME


def test_one_ringgit_paid_a_day_late_still_owes_the_rm5_minimum() -> None:
    """RM1.00 x 0.06 x 1 / 365 = RM0.000164..., rounded up to RM5.00; the minimum is RM5.00."""
    result = late_interest(arrears=Decimal("1.00"), due_date=DUE, paid_on=NEXT_DAY)
    assert (result.days_late, result.months_of_delay, result.amount) == (1, 1, Decimal("5.00"))
    assert result.explanation == (
        "due 2025-08-15, paid 2025-08-16: 1 day(s) late",
        "RM1.00 x 0.06 x 1 / 365 = RM0.0002",
        "rounded up to the next RM5.00: RM5.00",
        "minimum RM5.00 for each of 1 month(s) or part: RM5.00",
        "late interest: RM5.00",
    )


def test_one_sen_paid_a_day_late_still_owes_the_rm5_minimum() -> None:
    result = late_interest(arrears=Decimal("0.01"), due_date=DUE, paid_on=NEXT_DAY)
    assert result.amount == Decimal("5.00")


@pytest.mark.parametrize(
    ("arrears", "days", "expected"),
    [
        # 18,250.00 x 0.06 x 1 / 365 = 3.00: under the minimum, RM5.00
        ("18250.00", 1, "5.00"),
        # 30,416.67 x 0.06 x 1 / 365 = 5.0000005...: just past RM5, rounded up to RM10.00
        ("30416.67", 1, "10.00"),
        # 36,500.00 x 0.06 x 1 / 365 = 6.00 -> 10.00
        ("36500.00", 1, "10.00"),
        # 36,500.00 x 0.06 x 2 / 365 = 12.00 -> 15.00
        ("36500.00", 2, "15.00"),
        # 60,833.33 x 0.06 x 1 / 365 = 9.99999...: up to 10.00, not 15.00
        ("60833.33", 1, "10.00"),
    ],
)
def test_above_the_minimum_interest_rounds_up_to_the_next_five_ringgit(
    arrears: str, days: int, expected: str
) -> None:
    paid_on = date(2025, 8, 15 + days)
    assert late_interest(arrears=Decimal(arrears), due_date=DUE, paid_on=paid_on).amount == Decimal(
        expected
    )


def test_the_day_count_is_365_days_a_year() -> None:
    """36,500.00 x 0.06 x 5 / 365 = 30.00 exactly (on a 360-day count it would be 30.42 -> 35)."""
    result = late_interest(arrears=Decimal("36500.00"), due_date=DUE, paid_on=date(2025, 8, 20))
    assert (result.days_late, result.amount) == (5, Decimal("30.00"))
    assert result.explanation[1] == "RM36500.00 x 0.06 x 5 / 365 = RM30.0000"


def test_days_late_count_calendar_days_after_the_due_date() -> None:
    """15 August to 15 September 2025 is 31 days: one month exactly, so one part-month."""
    result = late_interest(arrears=Decimal("100.00"), due_date=DUE, paid_on=date(2025, 9, 15))
    assert (result.days_late, result.months_of_delay, result.amount) == (31, 1, Decimal("5.00"))


def test_a_policy_sets_the_rate_the_day_count_the_minimum_and_the_step() -> None:
    """36,000.00 x 0.12 x 3 / 360 = 36.00; minimum RM1 x 1 month; step RM0.50 keeps 36.00."""
    policy = InterestPolicy(
        annual_rate=Decimal("0.12"),
        day_count=360,
        minimum_per_month=Decimal("1.00"),
        rounding_step=Decimal("0.50"),
    )
    result = late_interest(
        arrears=Decimal("36000.00"), due_date=DUE, paid_on=date(2025, 8, 18), policy=policy
    )
    assert result.amount == Decimal("36.00")
    assert result.explanation == (
        "due 2025-08-15, paid 2025-08-18: 3 day(s) late",
        "RM36000.00 x 0.12 x 3 / 360 = RM36.0000",
        "rounded up to the next RM0.50: RM36.00",
        "minimum RM1.00 for each of 1 month(s) or part: RM1.00",
        "late interest: RM36.00",
    )


def test_no_delay_spans_no_month() -> None:
    assert months_or_part(DUE, DUE) == 0
    assert months_or_part(DUE, NEXT_DAY) == 1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # February has no 31st
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),  # across the year end
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 8, 15), 0, date(2025, 8, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected
