"""The lives of a submission and a payment: their states, and how a payment moves them.

A submission owes its total: unpaid, partial while payments cover part of it, paid once they
cover all of it (a month with nothing to pay is paid at once). A payment is partial when it
pays less than the contributions outstanding, settled when it pays them and at most the late
interest due besides, overpaid when more, and unmatched when its reference names no submission
(kept, never dropped, for reconciliation).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from shared.kernel.errors import Conflict
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO


class SubmissionStatus(StrEnum):
    UNPAID = "unpaid"
    PARTIAL = "partial"
    PAID = "paid"
    VOIDED = "voided"  # an officer voided it before anything was paid; its lines are freed


class PaymentStatus(StrEnum):
    SETTLED = "settled"
    PARTIAL = "partial"
    OVERPAID = "overpaid"
    UNMATCHED = "unmatched"
    # An officer applied all that was left of it (unmatched money, or an overpayment's excess)
    # to submissions (domain.reconciliation).
    ALLOCATED = "allocated"
    REVERSED = "reversed"  # the bank took it back (a returned debit, a chargeback)


def ensure_not_voided(status: SubmissionStatus, reference: str) -> None:
    """A voided submission is no longer owed: it takes no amendment and has nothing to pay."""
    if status is SubmissionStatus.VOIDED:
        raise Conflict(
            msg(
                "Submission {reference} was voided; submit the month again instead",
                reference=reference,
            )
        )


def submission_priced(total: Decimal) -> SubmissionStatus:
    """A submission just accepted owes its total; one with nothing to pay is paid."""
    return SubmissionStatus.UNPAID if total > 0 else SubmissionStatus.PAID


def submission_after_payment(*, total: Decimal, paid: Decimal) -> SubmissionStatus:
    """Once a payment is applied: paid when nothing is left, else partial."""
    return SubmissionStatus.PAID if total - paid <= 0 else SubmissionStatus.PARTIAL


def submission_after_amendment(*, total: Decimal, paid: Decimal) -> SubmissionStatus:
    """Once its lines change: as priced if nothing was paid, else as its payments now meet it."""
    if paid <= 0:
        return submission_priced(total)
    return submission_after_payment(total=total, paid=paid)


def submission_after_reversal(*, total: Decimal, paid: Decimal) -> SubmissionStatus:
    """Once a payment is undone: unpaid when nothing of it is met any more."""
    if total > 0 and paid <= 0:
        return SubmissionStatus.UNPAID
    return submission_after_payment(total=total, paid=paid)


def payment_status(
    amount: Decimal, outstanding: Decimal, interest_due: Decimal = ZERO
) -> PaymentStatus:
    """How a payment of `amount` meets what a submission still owed: short of the contributions
    is partial; the contributions and up to all the interest due is settled; beyond, overpaid."""
    if amount < outstanding:
        return PaymentStatus.PARTIAL
    return PaymentStatus.SETTLED if amount <= outstanding + interest_due else PaymentStatus.OVERPAID
