"""What the contribution service does on other services' decisions: the Appellate Board's.

An appeal citing a late-interest assessment freezes it; the Board's decision (or a withdrawal)
cancels or restores it (usecases/disputes.py).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from services.contribution.events import LateInterestAssessed
from services.contribution.repository import ContributionUnitOfWork
from services.contribution.usecases import disputes
from shared.kernel.events import AppealOnDecision, Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.web.runtime import ServiceRuntime


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    async def on_appeal(session: AsyncSession, envelope: Envelope) -> None:
        appeal = AppealOnDecision.about(envelope, {LateInterestAssessed.type})
        if appeal is None:
            return  # an appeal about another service's decision, or about none
        uow = cast(ContributionUnitOfWork, runtime.consumer_unit(session, envelope))
        if appeal.outcome is None:
            await disputes.dispute(
                uow, assessment_event_id=appeal.decision_event_id, appeal_id=appeal.appeal_id
            )
        else:
            await disputes.settle(
                uow,
                assessment_event_id=appeal.decision_event_id,
                appeal_id=appeal.appeal_id,
                outcome=appeal.outcome,
                allowed=appeal.allowed,
            )

    return [
        ConsumerSpec(
            durable="contribution-appeals",
            stream="APPEALS",
            subjects=[AppealOnDecision.FILED, AppealOnDecision.DECIDED],
            handler=on_appeal,
        )
    ]
