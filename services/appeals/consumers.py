"""Durable consumers of other services' decision events: the record of what may be appealed."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from services.appeals.events import APPEALABLE
from services.appeals.models import AppealableDecision as DecisionRecord
from services.appeals.repository import DecisionRepository
from shared.kernel.clock import malaysia_date
from shared.kernel.events import AppealableDecision, Envelope
from shared.messaging.consumer import ConsumerSpec
from shared.web.runtime import ServiceRuntime


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


async def record_appealable_decision(session: AsyncSession, envelope: Envelope) -> None:
    """Keep the decision so an appeal can cite it by event id; its date is the cause of action."""
    try:
        decision = AppealableDecision.parse(envelope.data)
    except ValidationError:
        # A decision event published before the shape was declared: what it can still tell.
        data = envelope.data
        decision = AppealableDecision(
            person_key=_text(data.get("person_key")),
            employer_code=_text(data.get("employer_code")),
            reason=_text(data.get("reason")) or _text(data.get("summary")) or envelope.type,
            decided_on=malaysia_date(envelope.occurred_at),
        )
    DecisionRepository(session).add(
        DecisionRecord(
            event_id=envelope.id,
            event_type=envelope.type,
            source=envelope.source,
            subject=envelope.subject[:80],
            party_key=decision.person_key,
            party_employer_code=decision.employer_code,
            decided_on=decision.decided_on,
            summary=decision.reason[:2000],
        )
    )


def consumers(runtime: ServiceRuntime) -> list[ConsumerSpec]:
    """One durable consumer per stream that carries appealable decisions."""
    return [
        ConsumerSpec(
            durable=f"appeals-decisions-{stream.lower()}",
            stream=stream,
            subjects=subjects,
            handler=record_appealable_decision,
        )
        for stream, subjects in APPEALABLE.items()
    ]
