"""Repayments: Maybank's signed callbacks and EPF withdrawals, each recorded exactly once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from services.loan import access
from services.loan.domain import lifecycle
from services.loan.domain.lifecycle import LoanStatus
from services.loan.events import LoanCompleted, RepaymentReceived
from services.loan.models import Loan, Repayment
from services.loan.repository import LoanUnitOfWork
from services.loan.usecases.loans import load, schedule_of
from shared.kernel.dates import BANK_CLOCK_LEEWAY, ensure_happened
from shared.kernel.errors import RuleViolated, Violation
from shared.kernel.i18n import msg
from shared.kernel.money import ZERO, format_money
from shared.persistence import ledger
from shared.web.auth import Principal


def ensure_maybank(bank_code: str) -> None:
    """ "All of the above payment channels ... can only be done with MAYBANK"."""
    if bank_code != access.REPAYMENT_BANK:
        raise RuleViolated(
            msg("Education loan repayments are accepted through Maybank only"),
            violations=[
                Violation(
                    field="bank_code",
                    message=msg(
                        "{bank_code} is not accepted; repayments go through Maybank (MBB)",
                        bank_code=bank_code,
                    ),
                    code="maybank-only",
                )
            ],
        )


@dataclass(frozen=True)
class ReceivedRepayment:
    """A repayment as it arrived: from Maybank's signed callback, or an EPF withdrawal."""

    bank_code: str
    txn_id: str
    loan_account: str
    amount: Decimal
    paid_at: datetime
    source: str
    request_hash: str


async def record_bank_repayment(
    uow: LoanUnitOfWork, *, principal: Principal, repayment: ReceivedRepayment
) -> ledger.Answer:
    """A signed Maybank repayment (verified by the gateway); other banks are refused."""
    access.ensure_signed_callback_of(principal, repayment.bank_code)
    ensure_maybank(repayment.bank_code)
    ensure_happened({"paid_at": repayment.paid_at}, now=uow.now(), leeway=BANK_CLOCK_LEEWAY)
    return await record_repayment(uow, repayment)


async def record_repayment(uow: LoanUnitOfWork, repayment: ReceivedRepayment) -> ledger.Answer:
    """A repayment recorded exactly once per bank transaction; a replay answers as the first time."""

    async def committed_elsewhere() -> ledger.Answer | None:
        async with uow:
            existing = await uow.repayments.by_transaction(repayment.bank_code, repayment.txn_id)
            if existing is None:
                return None
            return ledger.replay_or_raise(existing, repayment.request_hash, txn_id=repayment.txn_id)

    return await ledger.record_once(lambda: _write(uow, repayment), committed_elsewhere)


async def _write(uow: LoanUnitOfWork, repayment: ReceivedRepayment) -> ledger.Answer:
    async with uow:
        existing = await uow.repayments.by_transaction(repayment.bank_code, repayment.txn_id)
        if existing is not None:
            return ledger.replay_or_raise(existing, repayment.request_hash, txn_id=repayment.txn_id)
        loan = await uow.loans.get(repayment.loan_account, for_update=True)
        status = "applied" if loan is not None else "unmatched"
        if loan is not None:
            loan.repaid_total += repayment.amount
            _complete_if_repaid(uow, loan)
        repayment_id = str(uuid.uuid4())
        answer: ledger.Answer = {
            "repayment_id": repayment_id,
            "loan_account": repayment.loan_account,
            "status": status,
            "amount": format_money(repayment.amount),
            "source": repayment.source,
        }
        uow.repayments.add(
            Repayment(
                id=repayment_id,
                loan_id=loan.id if loan else None,
                source=repayment.source,
                bank_code=repayment.bank_code,
                bank_txn_id=repayment.txn_id,
                request_hash=repayment.request_hash,
                amount=repayment.amount,
                paid_at=repayment.paid_at,
                response=answer,
            )
        )
        uow.record(
            RepaymentReceived(
                repayment_id=repayment_id,
                loan_id=loan.id if loan else None,
                amount=repayment.amount,
                source=repayment.source,
                status=status,
            )
        )
        await uow.commit()
        return answer


def _complete_if_repaid(uow: LoanUnitOfWork, loan: Loan) -> None:
    """A loan repaid in full (what its schedule asks) is completed, and says so."""
    payable = sum((i.amount for i in schedule_of(loan)), ZERO) if _has_schedule(loan) else None
    completed = lifecycle.after_repayment(
        LoanStatus(loan.status), repaid=loan.repaid_total, payable=payable
    )
    if completed is not LoanStatus(loan.status):
        loan.status = completed.value
        uow.record(LoanCompleted(loan_id=loan.id, repaid_total=loan.repaid_total))


def _has_schedule(loan: Loan) -> bool:
    return loan.final_disbursement_month is not None and loan.offer_accepted_on is not None


async def record_epf_withdrawal(
    uow: LoanUnitOfWork,
    *,
    principal: Principal,
    loan_id: str,
    epf_reference: str,
    amount: Decimal,
    received_at: datetime,
    request_hash: str,
) -> ledger.Answer:
    """An EPF education withdrawal paid towards a loan, recorded by an officer."""
    access.ensure_officer(principal)
    ensure_happened({"received_at": received_at}, now=uow.now())
    async with uow:
        await load(uow, principal, loan_id)
    return await record_repayment(
        uow,
        ReceivedRepayment(
            bank_code="EPF",
            txn_id=epf_reference,
            loan_account=loan_id,
            amount=amount,
            paid_at=received_at,
            source="epf",
            request_hash=request_hash,
        ),
    )
