"""A bank's reversal of a payment (a returned direct debit, a chargeback): the payment undone
wherever its money went."""

from __future__ import annotations

import uuid
from decimal import Decimal

from services.contribution import access
from services.contribution.domain.lifecycle import PaymentStatus, submission_after_reversal
from services.contribution.events import PaymentReversed
from services.contribution.models import Payment, Reversal, Submission
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.schemas import PaymentCallbackIn
from shared.kernel.dates import BANK_CLOCK_LEEWAY, ensure_happened
from shared.kernel.errors import Conflict, RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.money import format_money
from shared.persistence import ledger
from shared.web.auth import Principal


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
    async with uow:
        earlier = await uow.payments.reversal_of_txn(bank_code, body.bank_txn_id)
        if earlier is not None:
            return ledger.replay_or_raise(earlier, digest, txn_id=body.bank_txn_id)
        original = await _original(uow, bank_code, body)
        undone = await _undo(uow, original)
        original.status = PaymentStatus.REVERSED.value
        answer = _answer(original, body, undone)
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
                original_bank_txn_id=str(body.original_bank_txn_id),
                reference=original.reference,
                employer_code=original.employer_code,
                amount=original.amount,
                undone_on=undone,
            )
        )
        await uow.commit()
        return answer


async def _original(
    uow: ContributionUnitOfWork, bank_code: str, body: PaymentCallbackIn
) -> Payment:
    """The payment the reversal names, locked: this bank's, not reversed yet, for all of it."""
    txn = str(body.original_bank_txn_id)  # the schema requires it of a reversal
    original = await uow.payments.original_for_update(bank_code, txn)
    if original is None:
        raise RuleViolated(
            msg("Bank {bank_code} sent no payment {txn}", bank_code=bank_code, txn=txn),
            violations=[
                Violation(
                    field="original_bank_txn_id",
                    code="no-such-payment",
                    message=msg("no payment of this bank has this transaction id"),
                )
            ],
        )
    if original.status == PaymentStatus.REVERSED.value:
        raise Conflict(msg("Payment {txn} was already reversed", txn=txn))
    if body.amount != original.amount:
        raise RuleViolated(
            msg("A reversal takes back the whole payment"),
            violations=[
                Violation(
                    field="amount",
                    code="not-the-payment",
                    message=msg("the payment was RM{amount}", amount=format_money(original.amount)),
                )
            ],
        )
    return original


async def _undo(uow: ContributionUnitOfWork, original: Payment) -> list[str]:
    """Take the money back from every submission it met; their references."""
    allocations = await uow.payments.allocations_of(original.payment_id)
    ids = [a.submission_id for a in allocations] + [original.submission_id or ""]
    locked = {s.id: s for s in await uow.submissions.by_ids_for_update([i for i in ids if i])}
    undone: list[str] = []
    if original.submission_id:
        own = locked[original.submission_id]
        kept = original.amount - original.allocated_amount
        _take_back(own, kept, original.late_interest, original.interest_settled)
        undone.append(own.reference)
    for a in allocations:
        target = locked[a.submission_id]
        _take_back(target, a.amount, a.late_interest, a.interest_settled)
        undone.append(target.reference)
    return undone


def _answer(original: Payment, body: PaymentCallbackIn, undone: list[str]) -> dict[str, object]:
    """The bank's answer, in a payment callback's shape."""
    return {
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
