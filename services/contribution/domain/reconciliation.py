"""Reconciliation: money an officer moves. What is left of a payment to allocate, and which
submissions' credit a refund draws on.

A payment's money is on exactly one account at a time: its submission's (applied to the
contributions, settling interest, or held as credit), or, unmatched, the platform's suspense
until an officer allocates it. An allocation moves what is left of a payment (all of an
unmatched one; an overpayment's excess, as long as it is still its submission's credit) to a
submission, where it meets the contributions and interest as a bank payment would on the day
it was paid. A refund pays an employer's credit back, drawn from the oldest submissions first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from shared.kernel.errors import RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO


@dataclass(frozen=True)
class PaymentMoney:
    amount: Decimal
    applied: Decimal  # met its own submission's contributions
    interest_settled: Decimal  # settled its own submission's interest
    allocated: Decimal  # moved by officers to submissions since
    matched: bool


def left_to_allocate(payment: PaymentMoney, *, source_credit: Decimal) -> Decimal:
    """What an officer may still move: unmatched money not yet allocated; of a matched payment,
    its excess not yet moved, and never more than its submission still holds as credit (a
    refund may have paid some of it back)."""
    if not payment.matched:
        return max(payment.amount - payment.allocated, ZERO)
    excess = payment.amount - payment.applied - payment.interest_settled - payment.allocated
    return max(min(excess, source_credit), ZERO)


def ensure_within(amount: Decimal, available: Decimal, *, field: str, code: str, what: str) -> None:
    """422 naming the field when more is asked than there is."""
    if amount <= ZERO:
        raise RuleViolated(
            msg("Nothing to move"),
            violations=[
                Violation(field=field, code="not-positive", message=msg("must be above 0.00"))
            ],
        )
    if amount > available:
        raise RuleViolated(
            msg(
                "RM{amount} is more than {what} (RM{available})",
                amount=amount,
                what=what,
                available=available,
            ),
            violations=[
                Violation(
                    field=field,
                    code=code,
                    message=msg("at most RM{available}: {what}", available=available, what=what),
                )
            ],
        )


def draw_credit(
    credits: Sequence[tuple[str, Decimal]], amount: Decimal
) -> list[tuple[str, Decimal]]:
    """Which submissions (by reference, oldest first) a refund of `amount` draws from, and how
    much from each; the caller has checked `amount` against the total credit."""
    drawn: list[tuple[str, Decimal]] = []
    left = amount
    for reference, credit in credits:
        if left <= ZERO:
            break
        part = min(credit, left)
        if part > ZERO:
            drawn.append((reference, part))
            left -= part
    return drawn
