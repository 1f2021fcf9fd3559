"""What a payment settles, and in what order: the contributions outstanding first, then the late
interest owed (assessed before, then assessed on this payment), and only the rest is credit.

"Interest on late payment of contributions will be imposed at a rate of 6% per annum for each day
of contributions not paid within the stipulated period" (reference/contribution-payment-steps.txt);
interest is on "the part of a payment that meets what was outstanding", with the RM5 minimum for
each month or part of a month (reference/tables/README.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.lifecycle import (
    PaymentStatus,
    SubmissionStatus,
    payment_status,
    submission_after_payment,
    submission_priced,
)
from services.contribution.domain.matching import UNMATCHED, SubmissionAccount, match_payment

DUE = date(2025, 7, 15)
THIRTY_DAYS_LATE = date(2025, 8, 14)
# RM1,000.00 x 0.06 x 30 / 365 = RM4.9315..., rounded up to RM5.00, the one month's minimum.
INTEREST_LINES = (
    "due 2025-07-15, paid 2025-08-14: 30 day(s) late",
    "RM1000.00 x 0.06 x 30 / 365 = RM4.9315",
    "rounded up to the next RM5.00: RM5.00",
    "minimum RM5.00 for each of 1 month(s) or part: RM5.00",
    "late interest: RM5.00",
)


def account(
    paid: str = "0.00", assessed: str = "0.00", interest_paid: str = "0.00"
) -> SubmissionAccount:
    return SubmissionAccount(
        total=Decimal("1000.00"),
        paid=Decimal(paid),
        interest_assessed=Decimal(assessed),
        interest_paid=Decimal(interest_paid),
    )


def pay(
    amount: str,
    on: SubmissionAccount,
    paid_on: date = THIRTY_DAYS_LATE,
    policy: InterestPolicy | None = None,
):
    return match_payment(
        amount=Decimal(amount),
        account=on,
        due=DUE,
        paid_on=paid_on,
        policy=policy or InterestPolicy(),
    )


def test_a_late_payment_of_the_contributions_alone_is_charged_and_settles_no_interest() -> None:
    match = pay("1000.00", account())
    assert (match.status, match.applied, match.days_late, match.interest) == (
        PaymentStatus.SETTLED,
        Decimal("1000.00"),
        30,
        Decimal("5.00"),
    )
    assert match.interest_settled == Decimal("0.00")
    assert match.explanation == INTEREST_LINES


def test_a_late_overpayment_meets_the_contributions_then_its_own_interest() -> None:
    match = pay("1010.00", account())
    assert (match.status, match.applied, match.days_late) == (
        PaymentStatus.OVERPAID,
        Decimal("1000.00"),
        30,
    )
    assert (match.interest, match.interest_settled) == (Decimal("5.00"), Decimal("5.00"))
    assert match.explanation == (
        *INTEREST_LINES,
        "RM5.00 of this payment settles late-payment interest owed",
    )


def test_a_payment_after_the_contributions_settles_the_interest_owed_and_is_not_late() -> None:
    """Nothing outstanding: no part of it arrives late, so it is charged nothing itself."""
    match = pay("5.00", account(paid="1000.00", assessed="5.00"))
    assert (match.status, match.applied, match.days_late, match.interest) == (
        PaymentStatus.SETTLED,
        Decimal("0.00"),
        0,
        Decimal("0.00"),
    )
    assert match.interest_settled == Decimal("5.00")
    assert match.explanation == ("RM5.00 of this payment settles late-payment interest owed",)


def test_fifty_sen_towards_the_interest_owed_is_settled_and_said() -> None:
    match = pay("0.50", account(paid="1000.00", assessed="5.00"))
    assert match.status is PaymentStatus.SETTLED
    assert match.interest_settled == Decimal("0.50")
    assert match.explanation == ("RM0.50 of this payment settles late-payment interest owed",)


def test_the_interest_owed_before_comes_before_this_payments_own_interest() -> None:
    """RM5 owed from before and RM5 charged now: RM1,007 meets RM1,000 and then RM7 of RM10."""
    owed_before = SubmissionAccount(
        total=Decimal("2000.00"),
        paid=Decimal("1000.00"),
        interest_assessed=Decimal("5.00"),
        interest_paid=Decimal("0.00"),
    )
    match = pay("1007.00", owed_before)
    assert (match.applied, match.interest, match.interest_settled) == (
        Decimal("1000.00"),
        Decimal("5.00"),
        Decimal("7.00"),
    )
    assert match.status is PaymentStatus.SETTLED
    assert pay("1010.01", owed_before).status is PaymentStatus.OVERPAID


def test_one_ringgit_outstanding_paid_late_is_charged_the_rm5_minimum() -> None:
    match = pay("1.00", account(paid="999.00"))
    assert (match.applied, match.days_late, match.interest) == (
        Decimal("1.00"),
        30,
        Decimal("5.00"),
    )
    assert match.status is PaymentStatus.SETTLED


def test_the_policy_given_is_the_one_applied() -> None:
    """RM1,000.00 x 0.06 x 30 / 365 = RM4.9315..., up to the sen: RM4.94 with no minimum."""
    policy = InterestPolicy(minimum_per_month=Decimal("0.00"), rounding_step=Decimal("0.01"))
    assert pay("1000.00", account(), policy=policy).interest == Decimal("4.94")


def test_a_short_payment_is_partial_and_all_of_it_meets_the_contributions() -> None:
    match = pay("400.00", account())
    assert (match.status, match.applied, match.interest_settled) == (
        PaymentStatus.PARTIAL,
        Decimal("400.00"),
        Decimal("0.00"),
    )


def test_on_time_the_excess_is_credit() -> None:
    match = pay("1200.00", account(), paid_on=DUE)
    assert (match.status, match.applied, match.days_late, match.interest) == (
        PaymentStatus.OVERPAID,
        Decimal("1000.00"),
        0,
        Decimal("0.00"),
    )
    assert match.explanation == ("paid by the due date: no interest",)
    assert account(paid="1200.00").credit == Decimal("200.00")


def test_the_account_splits_what_was_received() -> None:
    acc = account(paid="1007.50", assessed="5.00", interest_paid="5.00")
    assert (acc.contributions_paid, acc.outstanding, acc.interest_owed, acc.credit) == (
        Decimal("1002.50"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("2.50"),
    )
    short = account(paid="600.00", assessed="5.00", interest_paid="0.00")
    assert (short.outstanding, short.interest_owed, short.credit) == (
        Decimal("400.00"),
        Decimal("5.00"),
        Decimal("0.00"),
    )


def test_a_payment_that_names_no_submission_is_kept_unmatched() -> None:
    assert UNMATCHED.status is PaymentStatus.UNMATCHED
    assert (UNMATCHED.applied, UNMATCHED.interest, UNMATCHED.interest_settled) == (0, 0, 0)
    assert UNMATCHED.explanation == ("no submission has this reference; kept for reconciliation",)


@pytest.mark.parametrize(
    ("total", "status"),
    [("0.00", SubmissionStatus.PAID), ("0.01", SubmissionStatus.UNPAID)],
)
def test_a_priced_submission_owes_its_total_and_one_with_nothing_to_pay_is_paid(
    total: str, status: SubmissionStatus
) -> None:
    assert submission_priced(Decimal(total)) is status


@pytest.mark.parametrize(
    ("paid", "status"),
    [
        ("99.99", SubmissionStatus.PARTIAL),
        ("100.00", SubmissionStatus.PAID),
        ("100.01", SubmissionStatus.PAID),
    ],
)
def test_a_submission_is_paid_once_payments_cover_its_total(
    paid: str, status: SubmissionStatus
) -> None:
    assert submission_after_payment(total=Decimal("100.00"), paid=Decimal(paid)) is status


@pytest.mark.parametrize(
    ("amount", "status"),
    [
        ("99.99", PaymentStatus.PARTIAL),
        ("100.00", PaymentStatus.SETTLED),
        ("105.00", PaymentStatus.SETTLED),
        ("105.01", PaymentStatus.OVERPAID),
    ],
)
def test_a_payment_is_partial_settled_or_overpaid_against_contributions_and_interest(
    amount: str, status: PaymentStatus
) -> None:
    assert payment_status(Decimal(amount), Decimal("100.00"), Decimal("5.00")) is status


def test_without_interest_due_a_sen_more_than_outstanding_is_overpaid() -> None:
    assert payment_status(Decimal("100.00"), Decimal("100.00")) is PaymentStatus.SETTLED
    assert payment_status(Decimal("100.01"), Decimal("100.00")) is PaymentStatus.OVERPAID
