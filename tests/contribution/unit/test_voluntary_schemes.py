"""The two schemes a person pays into themself (reference/perkeso-benefits-and-contributions.txt).

Act 838: "A contribution of RM120 shall be paid in advance, covering a period of 12 consecutive
months." Act 789: "1 RM1,050 RM13.10 RM157.20 / 2 RM1,550 RM19.40 RM232.80 / 3 RM2,950 RM36.90
RM442.80 / 4 RM3,950 RM49.40 RM592.80" (insured monthly earning, per month, per year).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.contribution.domain.housewives import WrongHousewifeContribution, coverage_for_payment
from services.contribution.domain.months import ContributionMonth as Month
from services.contribution.domain.self_employed import (
    PaymentDoesNotFitPlan,
    act789_plans,
    coverage_months,
    months_bought,
    plan_by_number,
)
from tests.contribution.unit.fresh_tables import fresh_tables  # noqa: F401 - a fixture

RM120 = Decimal("120.00")


def test_a_first_housewife_payment_covers_twelve_months_from_the_month_paid() -> None:
    assert coverage_for_payment(RM120, paid_in=Month(2025, 1), covered_until=None) == (
        Month(2025, 1),
        Month(2025, 12),
    )


def test_a_renewal_in_the_last_month_covered_starts_the_month_after() -> None:
    """Consecutive: a payment made while covered continues the cover, never overlaps it."""
    assert coverage_for_payment(RM120, paid_in=Month(2026, 2), covered_until=Month(2026, 2)) == (
        Month(2026, 3),
        Month(2027, 2),
    )


def test_a_payment_after_the_cover_lapsed_starts_from_the_month_paid() -> None:
    assert coverage_for_payment(RM120, paid_in=Month(2026, 3), covered_until=Month(2026, 2)) == (
        Month(2026, 3),
        Month(2027, 2),
    )


@pytest.mark.parametrize("amount", ["10.00", "119.99", "120.01", "240.00"])
def test_only_the_full_rm120_is_accepted(amount: str) -> None:
    with pytest.raises(WrongHousewifeContribution) as refused:
        coverage_for_payment(Decimal(amount), paid_in=Month(2025, 3), covered_until=None)
    assert str(refused.value) == f"the contribution is RM120.00 paid in advance, not RM{amount}"


@pytest.mark.usefixtures("fresh_tables")
def test_the_four_act_789_plans_as_the_source_lists_them() -> None:
    assert [
        (p.plan, p.insured_monthly_earning, p.monthly_contribution, p.annual_contribution)
        for p in act789_plans()
    ] == [
        (1, Decimal("1050.00"), Decimal("13.10"), Decimal("157.20")),
        (2, Decimal("1550.00"), Decimal("19.40"), Decimal("232.80")),
        (3, Decimal("2950.00"), Decimal("36.90"), Decimal("442.80")),
        (4, Decimal("3950.00"), Decimal("49.40"), Decimal("592.80")),
    ]


def test_a_plan_is_found_by_its_number_and_no_other_is() -> None:
    assert plan_by_number(3).monthly_contribution == Decimal("36.90")
    with pytest.raises(ValueError, match=r"^there is no Act 789 plan 5$"):
        plan_by_number(5)


@pytest.mark.parametrize(
    ("plan", "amount", "months"),
    [
        (1, "13.10", 1),  # one month, the least a payment buys
        (1, "157.20", 12),  # the year's contribution
        (4, "49.40", 1),
        (4, "592.80", 12),
    ],
)
def test_a_payment_buys_one_to_twelve_whole_months(plan: int, amount: str, months: int) -> None:
    assert months_bought(plan_by_number(plan), Decimal(amount)) == months


@pytest.mark.parametrize(
    "amount",
    [
        "0.00",  # no month
        "13.11",  # not whole months
        "13.09",
        "170.30",  # 13 x RM13.10: more than a year
    ],
)
def test_anything_else_is_refused_rather_than_guessed(amount: str) -> None:
    with pytest.raises(PaymentDoesNotFitPlan) as refused:
        months_bought(plan_by_number(1), Decimal(amount))
    assert str(refused.value) == (
        f"RM{amount} is not 1 to 12 whole months of plan 1 (RM13.10 a month)"
    )


def test_months_bought_are_consecutive_from_the_first() -> None:
    assert coverage_months(Month(2025, 11), 1) == (Month(2025, 11), Month(2025, 11))
    assert coverage_months(Month(2025, 11), 3) == (Month(2025, 11), Month(2026, 1))
    assert coverage_months(Month(2025, 1), 12) == (Month(2025, 1), Month(2025, 12))
