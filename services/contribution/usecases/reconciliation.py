"""Reconciliation: the queue of payments, and money officers move (each under four eyes, see
services/contribution/approvals.py): an allocation of a payment to a submission, a refund of an
employer's credit. Every sen stays on exactly one account (domain.reconciliation)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from services.contribution import access
from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.lifecycle import (
    PaymentStatus,
    submission_after_payment,
    submission_after_reversal,
)
from services.contribution.domain.matching import match_payment
from services.contribution.domain.reconciliation import (
    PaymentMoney,
    draw_credit,
    ensure_within,
    left_to_allocate,
)
from services.contribution.events import (
    CreditRefunded,
    InterestWaived,
    PaymentAllocated,
    PaymentReversed,
)
from services.contribution.models import Allocation, Payment, Refund, Reversal, Submission
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import AllocationIn, PaymentCallbackIn, RefundIn, WaiverIn
from services.contribution.usecases.employers import load as load_employer
from services.contribution.usecases.payments import payable
from shared.kernel.clock import malaysia_date
from shared.kernel.dates import BANK_CLOCK_LEEWAY, ensure_happened
from shared.kernel.errors import Conflict, NotFound, RuleViolated, Violation
from shared.kernel.money import ZERO, format_money
from shared.persistence import ledger
from shared.web.auth import Principal


def money_of(payment: Payment) -> PaymentMoney:
    return PaymentMoney(
        amount=payment.amount,
        applied=payment.applied_amount,
        interest_settled=payment.interest_settled,
        allocated=payment.allocated_amount,
        matched=payment.submission_id is not None,
    )


@dataclass(frozen=True)
class QueuedPayment:
    payment: Payment
    left: Decimal


async def queue(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    status: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
    bank_code: str | None = None,
    received: tuple[datetime, datetime] | None = None,
) -> list[QueuedPayment]:
    """Payments oldest first, by status, bank and when received (officers, dashboards), each
    with what is left of it."""
    access.ensure_staff(principal)
    found = await uow.payments.page(status, after, limit, bank_code=bank_code, received=received)
    sources = {
        s.id: s
        for s in await uow.submissions.by_ids([p.submission_id for p in found if p.submission_id])
    }
    return [
        QueuedPayment(p, left_to_allocate(money_of(p), source_credit=_credit(sources, p)))
        for p in found
    ]


async def one(uow: ContributionUnitOfWork, payment_id: str) -> list[QueuedPayment]:
    """One payment as the queue shows it (the caller has checked who may see it)."""
    payment = await uow.payments.get(payment_id)
    if payment is None:
        raise NotFound(f"Payment {payment_id} not found")
    sources = {s.id: s for s in await uow.submissions.by_ids([payment.submission_id or ""])}
    return [
        QueuedPayment(
            payment, left_to_allocate(money_of(payment), source_credit=_credit(sources, payment))
        )
    ]


def _credit(sources: dict[str, Submission], payment: Payment) -> Decimal:
    source = sources.get(payment.submission_id or "")
    return source.account.credit if source else ZERO


@dataclass(frozen=True)
class AllocationRecord:
    allocation: Allocation
    payment: Payment
    left: Decimal


async def allocate(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    payment_id: str,
    body: AllocationIn,
    policy: InterestPolicy,
) -> AllocationRecord:
    """Apply money of a payment to a submission, as a bank payment on the day it was paid would
    meet it; the payment, its old and its new submission locked (a bank callback racing for the
    same submission waits, then sees it)."""
    access.ensure_officer(principal)
    async with uow:
        payment = await uow.payments.get(payment_id, for_update=True)
        if payment is None:
            raise NotFound(f"Payment {payment_id} not found")
        references = {body.reference}
        source = None
        if payment.submission_id is not None:
            [source] = await uow.submissions.by_ids([payment.submission_id])
            references.add(source.reference)
        locked = {
            s.reference: s for s in await uow.submissions.by_references_for_update(references)
        }
        target = payable(locked.get(body.reference))
        if target is None:
            raise RuleViolated(
                f"No submission has the reference {body.reference}",
                violations=[
                    Violation(
                        field="reference",
                        code="no-such-submission",
                        message="no submission has this reference",
                    )
                ],
            )
        source = locked.get(source.reference) if source else None
        if source is not None and source.id == target.id:
            raise RuleViolated(
                "The payment's money is already on this submission",
                violations=[
                    Violation(
                        field="reference",
                        code="same-submission",
                        message="the payment is already on this submission",
                    )
                ],
            )
        available = left_to_allocate(
            money_of(payment), source_credit=source.account.credit if source else ZERO
        )
        ensure_within(
            body.amount,
            available,
            field="amount",
            code="more-than-left",
            what="what is left of the payment",
        )
        match = match_payment(
            amount=body.amount,
            account=target.account,
            due=target.due_date,
            paid_on=malaysia_date(payment.paid_at),
            policy=policy,
        )
        if source is not None:
            source.amount_paid -= body.amount  # its credit moves, nothing it owed changes
        target.amount_paid += body.amount
        target.interest_assessed += match.interest
        target.interest_paid += match.interest_settled
        target.status = submission_after_payment(
            total=target.total, paid=target.account.contributions_paid
        ).value
        payment.allocated_amount += body.amount
        left = available - body.amount
        if left == ZERO:
            payment.status = PaymentStatus.ALLOCATED.value
        allocation = Allocation(
            id=str(uuid.uuid4()),
            payment_id=payment.payment_id,
            submission_id=target.id,
            reference=target.reference,
            amount=body.amount,
            applied_amount=match.applied,
            late_interest=match.interest,
            interest_settled=match.interest_settled,
            days_late=match.days_late,
            reason=body.reason,
            allocated_at=uow.now(),
            allocated_by=uow.actor,
            requested_by=uow.requested_by,
        )
        uow.payments.add_allocation(allocation)
        uow.record(
            PaymentAllocated(
                payment_id=payment.payment_id,
                allocation_id=allocation.id,
                reference=target.reference,
                source_reference=source.reference if source else None,
                employer_code=target.employer_code,
                amount=body.amount,
                applied=match.applied,
                late_interest=match.interest,
                interest_settled=match.interest_settled,
                payment_status=payment.status,
                reason=body.reason,
            )
        )
        await uow.commit()
        return AllocationRecord(allocation, payment, left)


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
            body.amount, balance, field="amount", code="more-than-credit", what="the credit"
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


async def reverse(
    uow: ContributionUnitOfWork,
    *,
    principal: Principal,
    bank_code: str,
    body: PaymentCallbackIn,
) -> dict[str, object]:
    """A bank's signed reversal (a returned direct debit, a chargeback): the payment it names is
    undone wherever its money went (its submission, and any submission it was allocated to),
    with the interest that payment was assessed and settled. The same reversal again replays
    its answer; a second reversal of one payment is 409."""
    access.ensure_signed_callback_of(principal, bank_code)
    ensure_happened({"paid_at": body.paid_at}, now=uow.now(), leeway=BANK_CLOCK_LEEWAY)
    digest = ledger.request_hash(body)
    assert body.original_bank_txn_id is not None  # the schema requires it of a reversal
    async with uow:
        earlier = await uow.payments.reversal_of_txn(bank_code, body.bank_txn_id)
        if earlier is not None:
            return ledger.replay_or_raise(earlier, digest, txn_id=body.bank_txn_id)
        original = await uow.payments.original_for_update(bank_code, body.original_bank_txn_id)
        if original is None:
            raise RuleViolated(
                f"Bank {bank_code} sent no payment {body.original_bank_txn_id}",
                violations=[
                    Violation(
                        field="original_bank_txn_id",
                        code="no-such-payment",
                        message="no payment of this bank has this transaction id",
                    )
                ],
            )
        if original.status == PaymentStatus.REVERSED.value:
            raise Conflict(f"Payment {body.original_bank_txn_id} was already reversed")
        if body.amount != original.amount:
            raise RuleViolated(
                "A reversal takes back the whole payment",
                violations=[
                    Violation(
                        field="amount",
                        code="not-the-payment",
                        message=f"the payment was RM{format_money(original.amount)}",
                    )
                ],
            )
        allocations = await uow.payments.allocations_of(original.payment_id)
        ids = [a.submission_id for a in allocations] + [original.submission_id or ""]
        locked = {s.id: s for s in await uow.submissions.by_ids_for_update([i for i in ids if i])}
        undone: list[str] = []
        if original.submission_id:
            own = locked[original.submission_id]
            _take_back(
                own,
                original.amount - original.allocated_amount,
                original.late_interest,
                original.interest_settled,
            )
            undone.append(own.reference)
        for a in allocations:
            target = locked[a.submission_id]
            _take_back(target, a.amount, a.late_interest, a.interest_settled)
            undone.append(target.reference)
        original.status = PaymentStatus.REVERSED.value
        answer: dict[str, object] = {
            "payment_id": original.payment_id,
            "reference": original.reference,
            "status": PaymentStatus.REVERSED.value,
            "days_late": 0,
            "late_interest": "0.00",
            "interest_settled": "0.00",
            "amount": format_money(original.amount),
            "explanation": [
                f"bank transaction {body.original_bank_txn_id} reversed: "
                + (", ".join(undone) + " owe it again" if undone else "it was never applied")
            ],
        }
        uow.payments.add_reversal(
            Reversal(
                id=str(uuid.uuid4()),
                bank_code=bank_code,
                bank_txn_id=body.bank_txn_id,
                request_hash=digest,
                payment_id=original.payment_id,
                amount=original.amount,
                reversed_at=body.paid_at,
                received_at=uow.now(),
                response=answer,
            )
        )
        uow.record(
            PaymentReversed(
                payment_id=original.payment_id,
                bank_code=bank_code,
                bank_txn_id=body.bank_txn_id,
                original_bank_txn_id=body.original_bank_txn_id,
                reference=original.reference,
                employer_code=original.employer_code,
                amount=original.amount,
                undone_on=undone,
            )
        )
        await uow.commit()
        return answer


def _take_back(
    submission: Submission, amount: Decimal, interest: Decimal, interest_settled: Decimal
) -> None:
    """Money that never arrived: neither paid, nor charged late, nor settling interest."""
    submission.amount_paid -= amount
    submission.interest_assessed -= interest
    submission.interest_paid -= interest_settled
    submission.status = submission_after_reversal(
        total=submission.total, paid=submission.account.contributions_paid
    ).value


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
            raise NotFound(f"Submission {reference} not found")
        owed = submission.account.interest_owed
        ensure_within(
            body.amount, owed, field="amount", code="more-than-owed", what="the interest owed"
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
