"""One person across the loan service, for the gateway's summary of that person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.loan import access
from services.loan.models import Application, Loan, Repayment
from services.loan.repository import LoanUnitOfWork
from shared.web.auth import Principal


@dataclass(frozen=True)
class PersonLoans:
    applications: Sequence[Application]
    loans: Sequence[Loan]
    repayments: Sequence[Repayment]


async def person_loans(uow: LoanUnitOfWork, *, principal: Principal, ic: str) -> PersonLoans:
    """Their applications, loans and repayments (officers, dashboards, that member)."""
    access.ensure_may_read_person(principal, ic)
    applications = await uow.applications.of_person(ic)
    loans = await uow.loans.of_person(ic)
    repayments = await uow.repayments.of_loans([loan.id for loan in loans])
    return PersonLoans(applications, loans, repayments)
