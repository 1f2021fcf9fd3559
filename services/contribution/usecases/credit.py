"""An employer's credit paid back, and late-payment interest waived: money leaving or forgiven,
each under four eyes (services/contribution/approvals.py)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from services.contribution import access
from services.contribution.domain.reconciliation import draw_credit, ensure_within
from services.contribution.events import CreditRefunded, InterestWaived
from services.contribution.models import Refund, Submission
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import RefundIn, WaiverIn
from services.contribution.usecases.employers import load as load_employer
from shared.kernel.errors import NotFound
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO, format_money
from shared.web.auth import Principal


@dataclass(frozen=True)
class RefundRecord:
    refund: Refund
    credit_left: Decimal


async def refund(
    uow: ContributionUnitOfWork, *, principal: Principal, employer_code: str, body: RefundIn
) -> RefundRecord:
    """Pay an employer's credit back, drawn from its oldest submissions' credit first; never
    more than the credit."""
    access.ensure_officer(principal)
    async with uow:
        await load_employer(uow, employer_code)
        submissions = await uow.submissions.of_employer_for_update(employer_code)
        credits = [(s.reference, s.account.credit) for s in submissions]
        balance = sum((c for _, c in credits), ZERO)
        ensure_within(
            body.amount, balance, field="amount", code="more-than-credit", what=msg("the credit")
        )
        drawn = draw_credit(credits, body.amount)
        by_reference = {s.reference: s for s in submissions}
        for reference, part in drawn:
            by_reference[reference].refunded += part
        record = Refund(
            id=str(uuid.uuid4()),
            employer_code=employer_code,
            amount=body.amount,
            reason=body.reason,
            drawn=[{"reference": r, "amount": format_money(a)} for r, a in drawn],
            refunded_at=uow.now(),
            refunded_by=uow.actor,
            requested_by=uow.requested_by,
        )
        uow.payments.add_refund(record)
        uow.record(
            CreditRefunded(
                refund_id=record.id,
                employer_code=employer_code,
                amount=body.amount,
                drawn_from=[r for r, _ in drawn],
                reason=body.reason,
            )
        )
        await uow.commit()
        return RefundRecord(record, balance - body.amount)


async def employer_credit(uow: ContributionUnitOfWork, employer_code: str) -> Decimal:
    """For a refund request's summary: the credit it would draw on."""
    return sum((s.account.credit for s in await uow.submissions.of_employer(employer_code)), ZERO)


async def waive_interest(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    employer_code: str,
    reference: str,
    body: WaiverIn,
) -> tuple[Submission, Decimal]:
    """Waive late-payment interest a submission owes (never more than it owes): it stays on
    record as assessed, and is no longer asked for."""
    access.ensure_officer(principal)
    async with uow:
        locked = await uow.submissions.by_references_for_update({reference})
        submission = next((s for s in locked if s.employer_code == employer_code), None)
        if submission is None:
            raise NotFound(msg("Submission {reference} not found", reference=reference))
        owed = submission.account.interest_owed
        ensure_within(
            body.amount, owed, field="amount", code="more-than-owed", what=msg("the interest owed")
        )
        submission.interest_waived += body.amount
        left = submission.account.interest_owed
        uow.record(
            InterestWaived(
                reference=reference,
                employer_code=employer_code,
                amount=body.amount,
                interest_owed=left,
                reason=body.reason,
            )
        )
        await uow.commit()
        return submission, left
