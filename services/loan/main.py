"""The loan service: `uvicorn services.loan.main:create_app --factory`."""

from __future__ import annotations

from fastapi import FastAPI

from services.loan import events
from services.loan.api import router
from services.loan.approvals import FOUR_EYES
from services.loan.config import LoanSettings
from services.loan.consumers import consumers
from services.loan.deadlines import deadlines
from services.loan.models import INFRA
from services.loan.repository import LoanUnitOfWork
from shared.kernel.clock import Clock
from shared.web.app import StreamSpec, create_service_app
from shared.web.auth import TokenVerifier


def create_app(
    settings: LoanSettings | None = None,
    *,
    verifier: TokenVerifier | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """The Social Security Appellate Board: loan, boards, hearings, decisions."""
    return create_service_app(
        title="Loan service",
        source="loan",
        settings=settings or LoanSettings(),
        tables=INFRA,
        stream=StreamSpec(events.STREAM, events.SUBJECTS),
        # Before the service's own routes: `/approvals` is not a loan id.
        routers=[FOUR_EYES.router("/v1/loans", "loans"), router],
        api_prefix="/v1/loans",
        consumers=consumers,
        deadlines=deadlines,
        verifier=verifier,
        clock=clock,
        unit_of_work=LoanUnitOfWork,
    )
