"""What the dialysis service learns from other services' events: insured status without a
synchronous call (the contribution service's), and the Appellate Board's decisions (an allowed
appeal against a refused claim reopens it: usecases/on_appeal.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, cast

from sqlalchemy.ext.asyncio import AsyncSession

from services.dialysis.events import ClaimRefused
from services.dialysis.models import InsuredRecord
from services.dialysis.repository import DialysisUnitOfWork, InsuredRepository
from services.dialysis.usecases.on_appeal import reopen_claim
from shared.kernel.events import AppealOnDecision, DomainEvent, Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.web.runtime import ServiceRuntime


# What this service reads of the contribution service's events (their publisher declares them
# in full; services never import each other, so the reader states the fields it relies on).
@dataclass(frozen=True, kw_only=True)
class InsuredPerson:
    person_key: str


@dataclass(frozen=True, kw_only=True)
class SubmissionAccepted(DomainEvent):
    type: ClassVar[str] = "contribution.submission.accepted"
    subject_field: ClassVar[str] = "reference"
    reference: str
    month: str
    insured: list[InsuredPerson]


@dataclass(frozen=True, kw_only=True)
class PaymentReceived(DomainEvent):
    type: ClassVar[str] = "contribution.payment.received"
    subject_field: ClassVar[str] = "reference"
    reference: str
    status: str
    paid_at: datetime


async def keep_insured_status(session: AsyncSession, envelope: Envelope) -> None:
    """Who is insured and since when (accepted submissions), and when their contributions were
    last paid. Set-wise: a query per chunk of people, never one per person (an employer of
    20,000 sends 20,000 in one submission)."""
    insured = InsuredRepository(session)
    if envelope.type == SubmissionAccepted.type:
        accepted = SubmissionAccepted.parse(envelope.data)
        month = accepted.month
        keys = list(dict.fromkeys(p.person_key for p in accepted.insured))
        known = await insured.records_of(keys)
        for record in known.values():
            record.insured_since = min(record.insured_since, month)
            record.last_contribution_month = max(record.last_contribution_month, month)
        insured.add_all(
            InsuredRecord(
                person_key=key,
                insured_since=month,
                last_contribution_month=month,
                last_payment_at=None,
            )
            for key in keys
            if key not in known
        )
        await insured.add_submission_persons(accepted.reference, keys)
    elif envelope.type == PaymentReceived.type:
        payment = PaymentReceived.parse(envelope.data)
        if payment.status == "unmatched":
            return
        persons = await insured.persons_of_submission(payment.reference)
        for record in (await insured.records_of(persons)).values():
            if record.last_payment_at is None or record.last_payment_at < payment.paid_at:
                record.last_payment_at = payment.paid_at


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    async def on_appeal_decided(session: AsyncSession, envelope: Envelope) -> None:
        appeal = AppealOnDecision.about(envelope, {ClaimRefused.type})
        if appeal is None or not appeal.allowed:
            return
        await reopen_claim(
            cast(DialysisUnitOfWork, runtime.consumer_unit(session, envelope)),
            refusal_event_id=appeal.decision_event_id,
            appeal_id=appeal.appeal_id,
        )

    return [
        ConsumerSpec(
            durable="dialysis-insured-status",
            stream="CONTRIBUTION",
            subjects=[SubmissionAccepted.type, PaymentReceived.type],
            handler=keep_insured_status,
        ),
        ConsumerSpec(
            durable="dialysis-appeal-decisions",
            stream="APPEALS",
            subjects=[AppealOnDecision.DECIDED],
            handler=on_appeal_decided,
        ),
    ]
