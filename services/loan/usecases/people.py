"""One person across the loan service, for the gateway's summary of that person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.loan import access
from services.loan.models import Repayment
from services.loan.repository import LoanUnitOfWork
from services.loan.usecases.applications import ApplicationRecord, with_loans
from services.loan.usecases.loans import LoanRecord
from shared.web.auth import Principal


@dataclass(frozen=True)
class PersonLoans:
    applications: Sequence[ApplicationRecord]
    loans: Sequence[LoanRecord]
    repayments: Sequence[Repayment]


async def person_loans(uow: LoanUnitOfWork, *, principal: Principal, ic: str) -> PersonLoans:
    """Their applications, loans and repayments (officers, dashboards, that member)."""
    access.ensure_may_read_person(principal, ic)
    applications = await with_loans(uow, await uow.applications.of_person(ic))
    loans = await uow.loans.of_person(ic)
    guarantors = await uow.guarantors.of_loans([loan.id for loan in loans])
    repayments = await uow.repayments.of_loans([loan.id for loan in loans])
    return PersonLoans(
        applications, [LoanRecord(loan, guarantors[loan.id]) for loan in loans], repayments
    )
