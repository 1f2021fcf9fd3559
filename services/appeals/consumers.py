"""Durable consumers of other services' decision events: the record of what may be appealed."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.appeals.events import APPEALABLE
from services.appeals.models import AppealableDecision
from shared.kernel.clock import malaysia_date
from shared.kernel.events import Envelope
from shared.kernel.ic import InvalidIC, normalise_ic
from shared.messaging.consumer import ConsumerSpec
from shared.web.runtime import ServiceRuntime


def _decided_on(envelope: Envelope) -> date:
    raw = envelope.data.get("decided_on")
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return malaysia_date(envelope.occurred_at)


def _party_ic(envelope: Envelope) -> str | None:
    raw = envelope.data.get("ic")
    if not isinstance(raw, str):
        return None
    try:
        return normalise_ic(raw)
    except InvalidIC:
        return None


async def record_appealable_decision(session: AsyncSession, envelope: Envelope) -> None:
    """Keep the decision so an appeal can cite it by event id; its date is the cause of action."""
    employer = envelope.data.get("employer_code")
    summary = str(envelope.data.get("reason") or envelope.data.get("summary") or envelope.type)
    session.add(
        AppealableDecision(
            event_id=envelope.id,
            event_type=envelope.type,
            source=envelope.source,
            subject=envelope.subject[:80],
            party_ic=_party_ic(envelope),
            party_employer_code=employer if isinstance(employer, str) else None,
            decided_on=_decided_on(envelope),
            summary=summary[:2000],
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
