"""What the loan service does on other services' decisions: the Appellate Board's.

An allowed appeal against a rejected application reopens it (usecases/on_appeal.py). The CGPA
suspension was once applied here, after the result's event; it is now part of the result's own
transaction (usecases/loans.record_result), so a disbursement posted right after a result below
2.00 is refused.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from services.loan.events import ApplicationRejected
from services.loan.repository import LoanUnitOfWork
from services.loan.usecases.on_appeal import reopen_application
from shared.kernel.events import AppealOnDecision, Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.web.runtime import ServiceRuntime


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    async def on_decision(session: AsyncSession, envelope: Envelope) -> None:
        appeal = AppealOnDecision.about(envelope, {ApplicationRejected.type})
        if appeal is None or not appeal.allowed:
            return
        await reopen_application(
            cast(LoanUnitOfWork, runtime.consumer_unit(session, envelope)),
            rejection_event_id=appeal.decision_event_id,
            appeal_id=appeal.appeal_id,
        )

    return [
        ConsumerSpec(
            durable="loan-appeal-decisions",
            stream="APPEALS",
            subjects=[AppealOnDecision.DECIDED],
            handler=on_decision,
        )
    ]
