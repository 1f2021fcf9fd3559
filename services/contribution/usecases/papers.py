"""What the contribution service's printable papers read: a payment's receipt (the employer
statement prints `statements.employer_statement` as it is)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from services.contribution.models import Allocation, Employer, Payment, Submission
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.usecases.payments import payment_for_history
from shared.kernel.money import ZERO
from shared.web.auth import Principal


@dataclass(frozen=True)
class Receipt:
    payment: Payment
    employer: Employer | None  # None while the payment is unmatched
    submission: Submission | None
    allocations: Sequence[Allocation]

    @property
    def held_as_credit(self) -> Decimal:
        """What its submission kept beyond contributions and interest, less what officers moved."""
        p = self.payment
        if p.submission_id is None:
            return ZERO
        return max(p.amount - p.applied_amount - p.interest_settled - p.allocated_amount, ZERO)


async def payment_receipt(
    uow: ContributionUnitOfWork, *, principal: Principal, payment_id: str
) -> Receipt:
    """A payment with whom it came from and where its money went, for whoever may see it."""
    payment = await payment_for_history(uow, principal=principal, payment_id=payment_id)
    employer = await uow.employers.get(payment.employer_code) if payment.employer_code else None
    found = await uow.submissions.by_ids([payment.submission_id] if payment.submission_id else [])
    return Receipt(
        payment,
        employer,
        found[0] if found else None,
        await uow.payments.allocations_of(payment.payment_id),
    )
