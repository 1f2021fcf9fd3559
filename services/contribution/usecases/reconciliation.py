"""Reconciliation: the queue of payments, and an officer's allocation of a payment's money to a
submission (under four eyes, services/contribution/approvals.py). Every sen stays on exactly one
account (domain.reconciliation); refunds and waivers are in `credit`, reversals in `reversals`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from services.contribution import access
from services.contribution.domain.interest import InterestPolicy
from services.contribution.domain.lifecycle import (
    PaymentStatus,
    submission_after_payment,
)
from services.contribution.domain.matching import PaymentMatch, match_payment
from services.contribution.domain.reconciliation import (
    PaymentMoney,
    ensure_within,
    left_to_allocate,
)
from services.contribution.events import (
    PaymentAllocated,
)
from services.contribution.models import Allocation, Payment, Submission
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import AllocationIn
from services.contribution.usecases.payments import payable
from shared.kernel.clock import malaysia_date
from shared.kernel.errors import NotFound, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO
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
    return await _with_what_is_left(uow, found)


async def one(uow: ContributionUnitOfWork, payment_id: str) -> list[QueuedPayment]:
    """One payment as the queue shows it (the caller has checked who may see it)."""
    payment = await uow.payments.get(payment_id)
    if payment is None:
        raise NotFound(msg("Payment {payment_id} not found", payment_id=payment_id))
    return await _with_what_is_left(uow, [payment])


async def _with_what_is_left(
    uow: ContributionUnitOfWork, payments: Sequence[Payment]
) -> list[QueuedPayment]:
    """Each payment with what is left of it: its submission's credit read once for all."""
    ids = [p.submission_id for p in payments if p.submission_id]
    sources = {s.id: s for s in await uow.submissions.by_ids(ids)}
    return [
        QueuedPayment(p, left_to_allocate(money_of(p), source_credit=_credit(sources, p)))
        for p in payments
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
            raise NotFound(msg("Payment {payment_id} not found", payment_id=payment_id))
        source, target = await _locked_accounts(uow, payment, body.reference)
        available = left_to_allocate(
            money_of(payment), source_credit=source.account.credit if source else ZERO
        )
        ensure_within(
            body.amount,
            available,
            field="amount",
            code="more-than-left",
            what=msg("what is left of the payment"),
        )
        match = match_payment(
            amount=body.amount,
            account=target.account,
            due=target.due_date,
            paid_on=malaysia_date(payment.paid_at),
            policy=policy,
        )
        _move(payment, source, target, body.amount, match)
        left = available - body.amount
        if left == ZERO:
            payment.status = PaymentStatus.ALLOCATED.value
        allocation = _record(uow, payment, source, target, body, match)
        await uow.commit()
        return AllocationRecord(allocation, payment, left)


async def _locked_accounts(
    uow: ContributionUnitOfWork, payment: Payment, reference: str
) -> tuple[Submission | None, Submission]:
    """The submission the payment is on (if matched) and the one named, both locked."""
    references = {reference}
    own = None
    if payment.submission_id is not None:
        [own] = await uow.submissions.by_ids([payment.submission_id])
        references.add(own.reference)
    locked = {s.reference: s for s in await uow.submissions.by_references_for_update(references)}
    target = payable(locked.get(reference))
    if target is None:
        raise _refused("reference", "no-such-submission", msg("no submission has this reference"))
    source = locked.get(own.reference) if own else None
    if source is not None and source.id == target.id:
        raise _refused(
            "reference", "same-submission", msg("the payment is already on this submission")
        )
    return source, target


def _refused(field: str, code: str, message: str) -> RuleViolated:
    return RuleViolated(
        msg("The allocation cannot be made: {message}", message=message),
        violations=[Violation(field=field, code=code, message=message)],
    )


def _move(
    payment: Payment,
    source: Submission | None,
    target: Submission,
    amount: Decimal,
    match: PaymentMatch,
) -> None:
    """The money leaves its old account (an overpayment's credit) and meets the new one."""
    if source is not None:
        source.amount_paid -= amount  # its credit moves, nothing it owed changes
    target.amount_paid += amount
    target.interest_assessed += match.interest
    target.interest_paid += match.interest_settled
    target.status = submission_after_payment(
        total=target.total, paid=target.account.contributions_paid
    ).value
    payment.allocated_amount += amount


def _record(
    uow: ContributionUnitOfWork,
    payment: Payment,
    source: Submission | None,
    target: Submission,
    body: AllocationIn,
    match: PaymentMatch,
) -> Allocation:
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
    return allocation
