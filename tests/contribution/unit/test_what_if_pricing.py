"""What paying a submission on a day would cost, at each edge of the interest rule: the due
day, one day late, a month's boundary, the RM5 minimum per month or part, the RM5 rounding step;
interest already owed counts in the total; a paid submission answers what it was charged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.matching import SubmissionAccount
from services.contribution.domain.what_if import PaymentForecast, forecast

DUE = date(2025, 8, 15)
POLICY = InterestPolicy()


def unpaid(total: str, paid: str = "0.00", assessed: str = "0.00") -> SubmissionAccount:
    return SubmissionAccount(
        total=Decimal(total),
        paid=Decimal(paid),
        interest_assessed=Decimal(assessed),
        interest_paid=Decimal("0.00"),
    )


def priced(account: SubmissionAccount, pay_on: date, policy: InterestPolicy = POLICY) -> tuple:
    found: PaymentForecast = forecast(
        account=account, due=DUE, pay_on=pay_on, policy=policy, days_late_charged=0
    )
    return found.days_late, found.late_interest, found.total


def test_paid_on_the_due_day_costs_the_outstanding_amount_alone() -> None:
    assert priced(unpaid("1234.50"), DUE) == (0, Decimal("0.00"), Decimal("1234.50"))


def test_one_day_late_costs_the_minimum_of_rm5() -> None:
    """RM1,234.50 x 6% x 1 / 365 = RM0.20, below the RM5 for the one part-month."""
    assert priced(unpaid("1234.50"), date(2025, 8, 16)) == (1, Decimal("5.00"), Decimal("1239.50"))


@pytest.mark.parametrize(
    ("pay_on", "days", "interest"),
    [
        (date(2025, 9, 15), 31, "5.00"),  # a whole month to the day: still one month
        (date(2025, 9, 16), 32, "10.00"),  # a day into the second month: two minimums
        (date(2025, 10, 15), 61, "10.00"),
        (date(2025, 10, 16), 62, "15.00"),
    ],
)
def test_each_month_or_part_of_one_adds_the_rm5_minimum(
    pay_on: date, days: int, interest: str
) -> None:
    assert priced(unpaid("100.00"), pay_on)[:2] == (days, Decimal(interest))


@pytest.mark.parametrize(
    ("arrears", "interest"),
    [
        # 60,833.33 x 0.06 x 10 / 365 = 99.9999...: rounded up to RM100.00.
        ("60833.33", "100.00"),
        # 60,833.34 x 0.06 x 10 / 365 = 100.0000...(1): the next step, RM105.00.
        ("60833.34", "105.00"),
    ],
)
def test_interest_above_the_minimum_rounds_up_to_the_next_rm5(arrears: str, interest: str) -> None:
    days, charged, total = priced(unpaid(arrears), date(2025, 8, 25))
    assert (days, charged) == (10, Decimal(interest))
    assert total == Decimal(arrears) + Decimal(interest)


def test_the_services_policy_is_the_one_applied() -> None:
    """A rounding step of RM1 and no minimum give RM7.31 up to RM8.00 for 36 days on RM1,234.50."""
    policy = InterestPolicy(minimum_per_month=Decimal("0.00"), rounding_step=Decimal("1.00"))
    assert priced(unpaid("1234.50"), date(2025, 9, 20), policy)[1] == Decimal("8.00")


def test_interest_already_owed_is_paid_too_and_only_the_rest_is_charged_again() -> None:
    """RM100 of RM300 paid late earlier, charged RM5 then: RM200 outstanding, 16 days late."""
    account = unpaid("300.00", paid="100.00", assessed="5.00")
    assert priced(account, date(2025, 8, 31)) == (16, Decimal("5.00"), Decimal("210.00"))


def test_the_explanation_shows_every_step_to_the_total() -> None:
    found = forecast(
        account=unpaid("1234.50"),
        due=DUE,
        pay_on=date(2025, 9, 20),
        policy=POLICY,
        days_late_charged=0,
    )
    assert found.explanation[0] == "outstanding contributions: RM1234.50"
    assert "RM1234.50 x 0.06 x 36 / 365 = RM7.3055" in found.explanation
    assert found.explanation[-1] == "paid on 2025-09-20: RM1234.50 + RM0.00 + RM10.00 = RM1244.50"


def test_a_paid_submission_answers_what_its_payments_were_charged() -> None:
    account = SubmissionAccount(
        total=Decimal("300.00"),
        paid=Decimal("305.00"),
        interest_assessed=Decimal("5.00"),
        interest_paid=Decimal("5.00"),
    )
    found = forecast(
        account=account, due=DUE, pay_on=date(2026, 1, 1), policy=POLICY, days_late_charged=16
    )
    assert (found.days_late, found.late_interest, found.total) == (
        16,
        Decimal("5.00"),
        Decimal("0.00"),
    )
    assert found.explanation[0] == "paid in full: no further interest accrues"


def test_a_paid_submission_still_owing_interest_asks_for_what_is_left_of_it() -> None:
    account = SubmissionAccount(
        total=Decimal("300.00"),
        paid=Decimal("300.00"),
        interest_assessed=Decimal("10.00"),
        interest_paid=Decimal("0.00"),
        interest_waived=Decimal("4.00"),
    )
    found = forecast(
        account=account, due=DUE, pay_on=date(2026, 1, 1), policy=POLICY, days_late_charged=40
    )
    assert (found.late_interest, found.total) == (Decimal("10.00"), Decimal("6.00"))
    assert "waived: RM4.00" in found.explanation


def test_a_month_with_nothing_to_pay_costs_nothing() -> None:
    assert priced(unpaid("0.00"), date(2026, 1, 1)) == (0, Decimal("0.00"), Decimal("0.00"))
