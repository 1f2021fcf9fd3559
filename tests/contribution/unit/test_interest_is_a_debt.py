"""Issue 16, money that vanishes: assessed late interest is a debt a payment can settle.

Source (contribution-payment-steps.txt): "Interest on late payment of contributions will be
imposed at a rate of 6% per annum for each day of contributions not paid within the stipulated
period." What is imposed is owed: a later payment settles it before anything becomes credit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.lifecycle import PaymentStatus
from services.contribution.domain.matching import SubmissionAccount, match_payment

DUE = date(2025, 7, 15)
THIRTY_DAYS_LATE = date(2025, 8, 14)  # RM1000.00 x 0.06 x 30 / 365 = RM4.93, at least RM5.00


def account(paid: str = "0", assessed: str = "0", interest_paid: str = "0") -> SubmissionAccount:
    return SubmissionAccount(
        total=Decimal("1000.00"),
        paid=Decimal(paid),
        interest_assessed=Decimal(assessed),
        interest_paid=Decimal(interest_paid),
    )


def pay(amount: str, on: SubmissionAccount, paid_on: date = THIRTY_DAYS_LATE):
    return match_payment(
        amount=Decimal(amount), account=on, due=DUE, paid_on=paid_on, policy=InterestPolicy()
    )


def test_a_late_payment_of_the_contributions_alone_leaves_its_interest_owed() -> None:
    match = pay("1000.00", account())
    assert match.status is PaymentStatus.SETTLED
    assert (match.applied, match.interest, match.interest_settled) == (
        Decimal("1000.00"),
        Decimal("5.00"),
        Decimal("0"),
    )
    after = account(paid="1000.00", assessed="5.00")
    assert (after.outstanding, after.interest_owed, after.credit) == (0, Decimal("5.00"), 0)


def test_a_later_payment_settles_the_interest_before_anything_is_credit() -> None:
    owed = account(paid="1000.00", assessed="5.00")
    match = pay("5.00", owed)
    assert match.status is PaymentStatus.SETTLED
    assert (match.applied, match.interest, match.interest_settled) == (0, 0, Decimal("5.00"))
    more = pay("7.50", owed)
    assert more.status is PaymentStatus.OVERPAID
    assert more.interest_settled == Decimal("5.00")
    after = account(paid="1007.50", assessed="5.00", interest_paid="5.00")
    assert (after.interest_owed, after.credit) == (0, Decimal("2.50"))


def test_a_late_overpayment_pays_its_own_interest_first() -> None:
    match = pay("1010.00", account())
    assert match.status is PaymentStatus.OVERPAID
    assert (match.interest, match.interest_settled) == (Decimal("5.00"), Decimal("5.00"))
    after = account(paid="1010.00", assessed="5.00", interest_paid="5.00")
    assert (after.outstanding, after.interest_owed, after.credit) == (0, 0, Decimal("5.00"))
    # Exactly the contributions and their interest: settled, nothing left over.
    assert pay("1005.00", account()).status is PaymentStatus.SETTLED


def test_a_short_payment_settles_no_interest() -> None:
    match = pay("400.00", account(paid="0", assessed="0"))
    assert match.status is PaymentStatus.PARTIAL
    assert match.interest_settled == 0


def test_on_time_an_overpayment_is_all_credit() -> None:
    match = pay("1200.00", account(), paid_on=DUE)
    assert (match.interest, match.interest_settled, match.status) == (
        0,
        0,
        PaymentStatus.OVERPAID,
    )
    assert account(paid="1200.00").credit == Decimal("200.00")
