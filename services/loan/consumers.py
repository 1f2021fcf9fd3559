"""The CGPA suspension, driven by the service's own event: results in, disbursement suspended out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.loan import events
from services.loan.models import INFRA, Loan
from shared.kernel.events import Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.persistence.uow import write_events
from shared.web.runtime import ServiceRuntime


async def suspend_next_disbursement(session: AsyncSession, envelope: Envelope) -> None:
    """A CGPA below 2.00 suspends the next disbursement until counselling (loan.disbursement.suspended)."""
    loan_id = str(envelope.data["loan_id"])
    loan = (
        await session.execute(select(Loan).where(Loan.id == loan_id).with_for_update())
    ).scalar_one_or_none()
    if loan is None or loan.suspended:
        return
    loan.suspended = True
    await write_events(
        session,
        INFRA,
        [
            envelope.follow_up(
                events.DISBURSEMENT_SUSPENDED,
                source="loan",
                data={
                    "loan_id": loan_id,
                    "semester": envelope.data.get("semester"),
                    "cgpa": envelope.data.get("cgpa"),
                },
            )
        ],
    )


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(
            durable="loan-cgpa-suspension",
            stream=events.STREAM,
            subjects=[events.CGPA_BELOW_THRESHOLD],
            handler=suspend_next_disbursement,
        )
    ]
