"""Matching a bank's payment to the submission its reference names, and the interest it owes.

The part of a payment that meets what was outstanding is what arrives late; late-payment
interest is assessed on that part alone (an overpayment's excess was never owed). A payment whose
reference names no submission is unmatched: kept for reconciliation, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.contribution.domain.interest import InterestPolicy, late_interest
from services.contribution.domain.lifecycle import PaymentStatus, payment_status
from shared.kernel.money import ZERO


@dataclass(frozen=True)
class PaymentMatch:
    status: PaymentStatus
    applied: Decimal = ZERO
    days_late: int = 0
    interest: Decimal = ZERO
    explanation: tuple[str, ...] = ()


UNMATCHED = PaymentMatch(
    PaymentStatus.UNMATCHED,
    explanation=("no submission has this reference; kept for reconciliation",),
)


def match_payment(
    *, amount: Decimal, outstanding: Decimal, due: date, paid_on: date, policy: InterestPolicy
) -> PaymentMatch:
    """How a payment of `amount` meets a submission's `outstanding`, and the interest on it."""
    applied = min(amount, max(outstanding, ZERO))
    if applied <= 0:
        return PaymentMatch(payment_status(amount, outstanding))
    assessed = late_interest(arrears=applied, due_date=due, paid_on=paid_on, policy=policy)
    return PaymentMatch(
        payment_status(amount, outstanding),
        applied=applied,
        days_late=assessed.days_late,
        interest=assessed.amount,
        explanation=tuple(assessed.explanation),
    )
