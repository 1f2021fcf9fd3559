"""Missed instalments: each unpaid instalment raised at 30, 60 and 90 days late, the guarantors
told at 90, each once."""

from __future__ import annotations

from datetime import date

from services.loan.domain.deadlines import (
    GUARANTORS_NOTIFIED_AT,
    OverdueInstalment,
    overdue_instalments,
    repayments_started_before,
)
from services.loan.domain.tables import OutsideTheTables
from services.loan.events import GuarantorsNotified, InstalmentOverdue
from services.loan.models import Loan
from services.loan.repository import LoanUnitOfWork
from services.loan.usecases.loans import schedule_of
from shared.persistence.deadline_watcher import Batch, Cursor
from shared.persistence.deadlines import Breach

KIND = InstalmentOverdue.type


def instalment_key(loan_id: str, number: int) -> str:
    return f"{loan_id}/{number}"


def _overdue(loan: Loan, today: date) -> list[OverdueInstalment]:
    try:
        schedule = schedule_of(loan)
    except OutsideTheTables:
        return []  # a loan the tables cannot price has no schedule to miss (GET schedule is 409)
    return overdue_instalments(
        ((i.number, i.due_on, i.amount) for i in schedule), paid=loan.repaid_total, today=today
    )


async def raise_overdue_instalments(
    uow: LoanUnitOfWork, *, today: date, after: Cursor | None, limit: int
) -> Batch:
    """One batch of loans being repaid: the levels their unpaid instalments reached and not yet
    raised (one query for the batch), the guarantors of those at 90 (one query), one commit."""
    async with uow:
        loans = await uow.repaying.finally_disbursed_before(
            repayments_started_before(today),
            after=(date.fromisoformat(after[0]), after[1]) if after else None,
            limit=limit,
        )
        found = [(loan, late) for loan in loans for late in _overdue(loan, today)]
        keys = sorted({instalment_key(loan.id, late.number) for loan, late in found})
        raised = await uow.breaches.raised(KIND, keys)
        new = [
            (loan, late)
            for loan, late in found
            if (instalment_key(loan.id, late.number), late.level) not in raised
        ]
        guarantors = await uow.guarantors.of_loans(
            sorted({loan.id for loan, late in new if late.level == GUARANTORS_NOTIFIED_AT})
        )
        breaches = []
        for loan, late in new:
            borrower = uow.person_key(loan.borrower_ic)
            envelope = uow.record(
                InstalmentOverdue(
                    loan_id=loan.id,
                    instalment=late.number,
                    due_on=late.due_on,
                    days_overdue=late.level,
                    unpaid=late.unpaid,
                    person_key=borrower,
                )
            )
            key = instalment_key(loan.id, late.number)
            breaches.append(Breach(KIND, key, today, envelope.id, level=late.level))
            if late.level == GUARANTORS_NOTIFIED_AT:
                uow.record(
                    GuarantorsNotified(
                        loan_id=loan.id,
                        instalment=late.number,
                        due_on=late.due_on,
                        days_overdue=late.level,
                        borrower=borrower,
                        guarantors=[uow.person_key(g.ic) for g in guarantors.get(loan.id, [])],
                    )
                )
        await uow.breaches.record(breaches, at=uow.now())
        await uow.commit()
    if len(loans) < limit:
        return Batch(len(breaches), None)
    last = loans[-1]
    assert last.final_disbursement_month is not None
    return Batch(len(breaches), (last.final_disbursement_month.isoformat(), last.id))
