"""What a prepayment would do to a loan: read only, so nothing is recorded or published."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.loan import access
from services.loan.domain import lifecycle
from services.loan.domain.lifecycle import LoanStatus
from services.loan.domain.prepayment import PrepaymentEffect, prepayment_effect
from services.loan.repository import LoanUnitOfWork
from services.loan.usecases.loans import load, schedule_for
from shared.kernel.dates import ensure_today_or_later
from shared.web.auth import Principal


async def prepayment_what_if(
    uow: LoanUnitOfWork, *, principal: Principal, loan_id: str, prepay: Decimal, on: date
) -> PrepaymentEffect:
    """The instalment, months left, total payable and saving if `prepay` were paid on `on`
    (the borrower or an officer; a loan not being repaid: 409)."""
    access.ensure_may_act_on_loan(principal)
    ensure_today_or_later("on", on, now=uow.now())
    loan = await load(uow, principal, loan_id)
    lifecycle.ensure_being_repaid(LoanStatus(loan.status))
    assert loan.offer_accepted_on is not None  # a loan being repaid has accepted its offer
    return prepayment_effect(
        schedule_for(loan),
        repaid=loan.repaid_total,
        prepay=prepay,
        on=on,
        offer_accepted_on=loan.offer_accepted_on,
    )
