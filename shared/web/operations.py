"""Operations on a service's durable consumers (CONTRACT.md "Operations"), for the `operator`
role alone: replay a consumer's stream from an instant or an event, and see and retry the events
it parked as dead letters. Every service mounts these under its own prefix (shared.web.app).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.kernel.dates import Instant, InstantOut, ensure_happened
from shared.kernel.errors import InvalidInput, NotFound, Violation
from shared.kernel.i18n import msg
from shared.kernel.schema import RequestModel
from shared.messaging.consumer import DurableConsumer
from shared.messaging.replay import replay_from_event, replay_from_time
from shared.persistence.dead_letters import DeadLetter
from shared.web.auth import Role
from shared.web.deps import CurrentPrincipal, RuntimeDep
from shared.web.pagination import Cursor, Limit, Page, after_instant, page_newest
from shared.web.runtime import ServiceRuntime

EventId = Annotated[str, StringConstraints(min_length=1, max_length=36)]


class ReplayIn(RequestModel):
    """Exactly one of `from` and `event_id`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"from": "2025-08-18T00:00:00+08:00"}]},
    )

    from_: Instant | None = Field(
        default=None,
        alias="from",
        description="replay the events stored at or after this instant (before the stream "
        "began: from its first event); not in the future",
    )
    event_id: EventId | None = Field(
        default=None, description="replay from this event (included) on"
    )


class ReplayOut(BaseModel):
    consumer: str
    from_sequence: int | None = Field(
        description="the stream sequence of the first event replayed; null when none was"
    )
    replayed: int = Field(description="events delivered again")
    handled: int = Field(description="of those, ones the consumer had not handled before")
    duplicates: int = Field(description="already in the consumer's inbox: nothing changed")
    failed: int = Field(description="the handler failed on them: parked as dead letters")
    failed_event_ids: list[str]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "consumer": "dialysis-insured-status",
                    "from_sequence": 1042,
                    "replayed": 12,
                    "handled": 1,
                    "duplicates": 11,
                    "failed": 0,
                    "failed_event_ids": [],
                }
            ]
        }
    )


class DeadLetterOut(BaseModel):
    consumer: str
    event_id: str
    event_type: str
    attempts: int = Field(description="deliveries and retries that failed")
    last_error: str
    parked_at: InstantOut
    event: dict[str, Any] | None = Field(description="the event's envelope as it was delivered")


class RetryOut(BaseModel):
    event_id: str
    outcome: Literal["handled", "duplicate"] = Field(
        description="handled now, or found already handled (a replay): either way no longer parked"
    )


def operations_router(prefix: str, tag: str) -> APIRouter:
    """`POST {prefix}/consumers/{name}/replay`, `GET .../dead-letters`, `POST .../retry`."""
    router = APIRouter(prefix=f"{prefix}/consumers/{{name}}", tags=[tag])

    @router.post("/replay", response_model=ReplayOut)
    async def replay(
        name: str, body: ReplayIn, principal: CurrentPrincipal, runtime: RuntimeDep
    ) -> ReplayOut:
        """Deliver a consumer's events again from an instant or an event (operators); its inbox
        makes what it already handled a duplicate that changes nothing."""
        principal.require_role(Role.OPERATOR)
        consumer = consumer_named(runtime, name)
        if (body.from_ is None) == (body.event_id is None):
            field = "event_id" if body.from_ is not None else "from"
            raise InvalidInput(
                msg("Give exactly one of `from` and `event_id`"),
                violations=[
                    Violation(field=field, message=msg("give exactly one of from, event_id"))
                ],
            )
        if body.from_ is not None:
            # Against the wall clock, not the business clock: JetStream stamps what it stores
            # with real time, and a frozen business day must not hide yesterday's events.
            ensure_happened({"from": body.from_}, now=datetime.now(UTC))
            result = await replay_from_time(consumer, body.from_)
        else:
            assert body.event_id is not None
            result = await replay_from_event(consumer, body.event_id)
        return ReplayOut(**result.__dict__)

    @router.get("/dead-letters", response_model=Page[DeadLetterOut])
    async def dead_letters(
        name: str,
        principal: CurrentPrincipal,
        runtime: RuntimeDep,
        cursor: Cursor = None,
        limit: Limit = 50,
    ) -> Page[DeadLetterOut]:
        """The events a consumer parked after they failed, oldest first (operators)."""
        principal.require_role(Role.OPERATOR)
        consumer = consumer_named(runtime, name)
        found = await consumer.dead_letters.page(after_instant(cursor), limit)
        items = [_out(consumer, letter) for letter in found]
        return page_newest(items, found, limit, at="parked_at", row_id="event_id")

    @router.post("/dead-letters/{event_id}/retry", response_model=RetryOut)
    async def retry(
        name: str, event_id: str, principal: CurrentPrincipal, runtime: RuntimeDep
    ) -> RetryOut:
        """Run the consumer's handler again on a parked event (operators): done, it leaves the
        list; failing again, it stays with the new error (409)."""
        principal.require_role(Role.OPERATOR)
        consumer = consumer_named(runtime, name)
        outcome = await consumer.dead_letters.retry(event_id, consumer.handle)
        return RetryOut(
            event_id=event_id, outcome="duplicate" if outcome == "duplicate" else "handled"
        )

    return router


def consumer_named(runtime: ServiceRuntime, name: str) -> DurableConsumer:
    """The service's consumer by the name it declares (or its full durable name), else 404."""
    for consumer in runtime.consumers:
        if name in (consumer.name, consumer.spec.durable):
            return consumer
    raise NotFound(msg("No consumer {name} in this service", name=name))


def _out(consumer: DurableConsumer, letter: DeadLetter) -> DeadLetterOut:
    try:
        event = json.loads(letter.payload)
    except ValueError:
        event = None
    return DeadLetterOut(
        consumer=consumer.name,
        event_id=letter.event_id,
        event_type=letter.event_type,
        attempts=letter.attempts,
        last_error=letter.last_error,
        parked_at=letter.parked_at,
        event=event if isinstance(event, dict) else None,
    )
