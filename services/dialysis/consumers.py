"""Insured status without a synchronous call: a durable consumer of the contribution service's events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.dialysis.models import InsuredRecord, SubmissionPerson
from shared.kernel.events import Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.web.runtime import ServiceRuntime

SUBMISSION_ACCEPTED = "contribution.submission.accepted"
PAYMENT_RECEIVED = "contribution.payment.received"


async def keep_insured_status(session: AsyncSession, envelope: Envelope) -> None:
    """Who is insured and since when (accepted submissions), and when their contributions were last paid."""
    if envelope.type == SUBMISSION_ACCEPTED:
        month = str(envelope.data["month"])
        reference = str(envelope.data["reference"])
        for person in envelope.data.get("insured", []):
            ic = str(person["ic"])
            record = await session.get(InsuredRecord, ic)
            if record is None:
                session.add(
                    InsuredRecord(
                        ic=ic,
                        insured_since=month,
                        last_contribution_month=month,
                        last_payment_at=None,
                    )
                )
            else:
                record.insured_since = min(record.insured_since, month)
                record.last_contribution_month = max(record.last_contribution_month, month)
            if await session.get(SubmissionPerson, (reference, ic)) is None:
                session.add(SubmissionPerson(reference=reference, ic=ic))
    elif envelope.type == PAYMENT_RECEIVED and envelope.data.get("status") != "unmatched":
        paid_at = datetime.fromisoformat(str(envelope.data["paid_at"]))
        ics = (
            await session.execute(
                select(SubmissionPerson.ic).where(
                    SubmissionPerson.reference == envelope.data["reference"]
                )
            )
        ).scalars()
        for ic in ics:
            record = await session.get(InsuredRecord, ic)
            if record is not None and (
                record.last_payment_at is None or record.last_payment_at < paid_at
            ):
                record.last_payment_at = paid_at


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    return [
        ConsumerSpec(
            durable="dialysis-insured-status",
            stream="CONTRIBUTION",
            subjects=[SUBMISSION_ACCEPTED, PAYMENT_RECEIVED],
            handler=keep_insured_status,
        )
    ]
