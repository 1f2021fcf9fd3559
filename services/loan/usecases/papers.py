"""What the loan service's printable papers read: a loan's repayment schedule with its borrower."""

from __future__ import annotations

from dataclasses import dataclass

from services.loan.domain.schedule import Instalment
from services.loan.models import Application, Loan
from services.loan.repository import LoanUnitOfWork
from services.loan.usecases.loans import repayment_schedule
from shared.kernel.errors import NotFound
from shared.kernel.i18n import msg
from shared.web.auth import Principal


@dataclass(frozen=True)
class PrintableSchedule:
    loan: Loan
    application: Application
    instalments: list[Instalment]


async def printable_schedule(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str
) -> PrintableSchedule:
    """The schedule the JSON route answers (same access, 409 while there is none), and who the
    borrower is and what they study."""
    loan, instalments = await repayment_schedule(uow, principal=principal, loan_id=loan_id)
    application = await uow.applications.get(loan.application_id)
    if application is None:
        raise NotFound(msg("Loan {loan_id} not found", loan_id=loan_id))
    return PrintableSchedule(loan, application, instalments)
