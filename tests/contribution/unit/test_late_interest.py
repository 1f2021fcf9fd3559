"""Late-payment interest: "6% per annum for each day of contributions not paid within the stipulated period";
arrears x 6% x days / 365, at least RM5 for each month or part of a month, above that rounded up to RM5."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.contribution.domain.interest import InterestPolicy, late_interest, months_or_part

DUE = date(2025, 8, 15)


def test_paid_on_the_due_day_costs_nothing() -> None:
    result = late_interest(arrears=Decimal("10000.00"), due_date=DUE, paid_on=DUE)
    assert (result.days_late, result.amount) == (0, Decimal("0.00"))


def test_one_day_late_is_the_rm5_minimum() -> None:
    result = late_interest(arrears=Decimal("91.40"), due_date=DUE, paid_on=date(2025, 8, 16))
    assert (result.days_late, result.months_of_delay, result.amount) == (1, 1, Decimal("5.00"))


def test_large_arrears_round_up_to_the_next_five_ringgit() -> None:
    # 100,000.00 x 0.06 x 10 / 365 = 164.38 -> 165.00
    result = late_interest(arrears=Decimal("100000.00"), due_date=DUE, paid_on=date(2025, 8, 25))
    assert result.amount == Decimal("165.00")


def test_an_exact_multiple_of_five_stays() -> None:
    # 36,500.00 x 0.06 x 5 / 365 = 30.00 exactly
    assert late_interest(
        arrears=Decimal("36500.00"), due_date=DUE, paid_on=date(2025, 8, 20)
    ).amount == Decimal("30.00")


def test_the_minimum_is_five_ringgit_for_each_month_or_part() -> None:
    # 1 month and 1 day late: two part-months -> RM10 minimum for a small arrear
    result = late_interest(arrears=Decimal("50.00"), due_date=DUE, paid_on=date(2025, 9, 16))
    assert (result.months_of_delay, result.amount) == (2, Decimal("10.00"))


@pytest.mark.parametrize(
    ("due", "paid", "months"),
    [
        (date(2025, 8, 15), date(2025, 9, 15), 1),
        (date(2025, 8, 15), date(2025, 9, 16), 2),
        (date(2025, 12, 15), date(2026, 1, 16), 2),  # across the year end
        (date(2024, 1, 31), date(2024, 2, 29), 1),  # leap year: 31 Jan + 1 month is 29 Feb
        (date(2024, 1, 31), date(2024, 3, 1), 2),
    ],
)
def test_months_or_part(due: date, paid: date, months: int) -> None:
    assert months_or_part(due, paid) == months


def test_leap_years_count_the_29th() -> None:
    result = late_interest(
        arrears=Decimal("365000.00"), due_date=date(2024, 2, 15), paid_on=date(2024, 3, 1)
    )
    assert (
        result.days_late == 15
    )  # 14 days of February 2024 after the 15th (to the 29th) plus 1 March
    assert result.amount == Decimal("900.00")  # 365,000 x 0.06 x 15 / 365 = 900.00


def test_a_partial_payment_then_a_late_remainder_pays_interest_on_the_remainder_only() -> None:
    on_time = late_interest(arrears=Decimal("5000.00"), due_date=DUE, paid_on=DUE)
    remainder = late_interest(arrears=Decimal("80000.00"), due_date=DUE, paid_on=date(2025, 9, 4))
    assert on_time.amount == Decimal("0.00")
    # 80,000 x 0.06 x 20 / 365 = 263.01 -> 265.00
    assert (remainder.days_late, remainder.amount) == (20, Decimal("265.00"))


def test_the_day_count_and_rounding_step_are_configuration() -> None:
    policy = InterestPolicy(
        day_count=360, rounding_step=Decimal("0.01"), minimum_per_month=Decimal("0.00")
    )
    # 36,000 x 0.06 x 1 / 360 = 6.00
    assert late_interest(
        arrears=Decimal("36000.00"), due_date=DUE, paid_on=date(2025, 8, 16), policy=policy
    ).amount == Decimal("6.00")
