"""Act 789 plans, Act 838's RM120 for 12 consecutive months, payment references and appointed banks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.contribution.domain.banks import appointed_banks, bank_by_code
from services.contribution.domain.housewives import WrongHousewifeContribution, coverage_for_payment
from services.contribution.domain.months import ContributionMonth
from services.contribution.domain.references import build_reference, is_valid_reference
from services.contribution.domain.self_employed import (
    PaymentDoesNotFitPlan,
    act789_plans,
    months_bought,
    plan_by_number,
)


def test_the_four_act_789_plans() -> None:
    """ "1 RM1,050 RM13.10 RM157.20 ... 4 RM3,950 RM49.40 RM592.80"."""
    plans = {
        p.plan: (p.insured_monthly_earning, p.monthly_contribution, p.annual_contribution)
        for p in act789_plans()
    }
    assert plans[1] == (Decimal("1050.00"), Decimal("13.10"), Decimal("157.20"))
    assert plans[4] == (Decimal("3950.00"), Decimal("49.40"), Decimal("592.80"))
    assert len(plans) == 4


def test_a_payment_buys_whole_months_of_the_plan() -> None:
    assert months_bought(plan_by_number(2), Decimal("58.20")) == 3
    assert months_bought(plan_by_number(2), Decimal("232.80")) == 12
    with pytest.raises(PaymentDoesNotFitPlan):
        months_bought(plan_by_number(2), Decimal("20.00"))


def test_rm120_in_advance_covers_twelve_consecutive_months() -> None:
    """ "A contribution of RM120 shall be paid in advance, covering a period of 12 consecutive months"."""
    assert coverage_for_payment(
        Decimal("120.00"), paid_in=ContributionMonth(2025, 3), covered_until=None
    ) == (
        ContributionMonth(2025, 3),
        ContributionMonth(2026, 2),
    )
    renewed = coverage_for_payment(
        Decimal("120.00"),
        paid_in=ContributionMonth(2026, 1),
        covered_until=ContributionMonth(2026, 2),
    )
    assert renewed == (ContributionMonth(2026, 3), ContributionMonth(2027, 2))
    with pytest.raises(WrongHousewifeContribution):
        coverage_for_payment(
            Decimal("10.00"), paid_in=ContributionMonth(2025, 3), covered_until=None
        )


def test_references_carry_a_check_digit() -> None:
    reference = build_reference("E1000001", ContributionMonth(2025, 7), 1)
    assert reference.startswith("E1000001-202507-01-")
    assert is_valid_reference(reference)
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    assert not is_valid_reference(wrong)


def test_nineteen_appointed_banks_and_two_counters() -> None:
    assert len(appointed_banks()) == 19
    assert bank_by_code("MBB") is not None
    assert {b.code for b in appointed_banks() if "BANK_COUNTER" in b.channels} == {"MBB", "PBB"}
