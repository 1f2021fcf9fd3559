"""Matching a bank's payment to the submission its reference names, and the interest it owes.

The part of a payment that meets what was outstanding is what arrives late; late-payment
interest is assessed on that part alone (an overpayment's excess was never owed). Assessed
interest is a debt on the submission: what a payment brings beyond the contributions settles it
(the interest owed before, then the interest this payment itself is charged), and only what is
left after that is the employer's credit. A payment whose reference names no submission is
unmatched: kept for reconciliation, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.contribution.domain.interest import InterestPolicy, late_interest
from services.contribution.domain.lifecycle import PaymentStatus, payment_status
from shared.kernel.money import ZERO


@dataclass(frozen=True)
class SubmissionAccount:
    """Where the money received on one submission went. `paid` is every sen received on it;
    `interest_paid` the part of that which settled interest, the rest met the contributions."""

    total: Decimal
    paid: Decimal
    interest_assessed: Decimal
    interest_paid: Decimal
    # Paid back to the employer out of this submission's credit (a refund, under four eyes).
    refunded: Decimal = ZERO
    # Interest an officer waived (under four eyes): no longer owed, still on record as assessed.
    interest_waived: Decimal = ZERO
    # Interest under appeal (frozen: not asked for, not settled by payments, counted by no
    # overdue notice) and interest the Appellate Board cancelled; both stay on record as assessed.
    interest_disputed: Decimal = ZERO
    interest_cancelled: Decimal = ZERO

    @property
    def contributions_paid(self) -> Decimal:
        return self.paid - self.interest_paid

    @property
    def outstanding(self) -> Decimal:
        """The contributions not yet met; money refunded counts as not received (should the
        payment it came from be reversed, the employer owes it again)."""
        return max(self.total + self.refunded - self.contributions_paid, ZERO)

    @property
    def interest_charged(self) -> Decimal:
        """The interest the employer is held to: assessed, less what was waived or cancelled."""
        return max(self.interest_assessed - self.interest_waived - self.interest_cancelled, ZERO)

    @property
    def interest_unpaid(self) -> Decimal:
        return max(self.interest_charged - self.interest_paid, ZERO)

    @property
    def interest_frozen(self) -> Decimal:
        """The unpaid part of the interest under appeal: neither owed nor forgiven yet."""
        return min(self.interest_disputed, self.interest_unpaid)

    @property
    def interest_owed(self) -> Decimal:
        return self.interest_unpaid - self.interest_frozen

    @property
    def credit(self) -> Decimal:
        """Received beyond the contributions and the interest, less what was refunded: the
        employer's, to allocate or refund."""
        return max(self.contributions_paid - self.total - self.refunded, ZERO)


@dataclass(frozen=True)
class PaymentMatch:
    status: PaymentStatus
    applied: Decimal = ZERO
    days_late: int = 0
    interest: Decimal = ZERO
    # The part of the payment that settled interest (owed before, or assessed on this payment).
    interest_settled: Decimal = ZERO
    explanation: tuple[str, ...] = ()


UNMATCHED = PaymentMatch(
    PaymentStatus.UNMATCHED,
    explanation=("no submission has this reference; kept for reconciliation",),
)


def match_payment(
    *,
    amount: Decimal,
    account: SubmissionAccount,
    due: date,
    paid_on: date,
    policy: InterestPolicy,
) -> PaymentMatch:
    """How a payment of `amount` meets a submission's account, and the interest on it."""
    outstanding = account.outstanding
    applied = min(amount, outstanding)
    explanation: tuple[str, ...] = ()
    days_late, interest = 0, ZERO
    if applied > 0:
        assessed = late_interest(arrears=applied, due_date=due, paid_on=paid_on, policy=policy)
        days_late, interest, explanation = (
            assessed.days_late,
            assessed.amount,
            tuple(assessed.explanation),
        )
    interest_due = account.interest_owed + interest
    settled = min(amount - applied, interest_due)
    if settled > 0:
        explanation += (f"RM{settled} of this payment settles late-payment interest owed",)
    return PaymentMatch(
        payment_status(amount, outstanding, interest_due),
        applied=applied,
        days_late=days_late,
        interest=interest,
        interest_settled=settled,
        explanation=explanation,
    )
