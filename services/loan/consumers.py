"""The CGPA suspension, driven by the service's own event: results in, disbursement suspended out."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.loan import events
from services.loan.events import CgpaBelowThreshold, DisbursementSuspended
from services.loan.models import INFRA
from services.loan.repository import LoanRepository
from shared.kernel.events import Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.persistence.uow import write_events
from shared.web.runtime import ServiceRuntime


async def suspend_next_disbursement(session: AsyncSession, envelope: Envelope) -> None:
    """A CGPA below 2.00 suspends the next disbursement until counselling (loan.disbursement.suspended)."""
    below = CgpaBelowThreshold.parse(envelope.data)
    loan = await LoanRepository(session).get(below.loan_id, for_update=True)
    if loan is None or loan.suspended:
        return
    loan.suspended = True
    suspended = DisbursementSuspended(
        loan_id=below.loan_id, semester=below.semester, cgpa=below.cgpa
    )
    await write_events(
        session,
        INFRA,
        [envelope.follow_up(suspended.type, source="loan", data=suspended.data())],
    )


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(
            durable="loan-cgpa-suspension",
            stream=events.STREAM,
            subjects=[CgpaBelowThreshold.type],
            handler=suspend_next_disbursement,
        )
    ]
