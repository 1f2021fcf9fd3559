"""The appeals service beside another, for journeys across services: a running appeals service,
hearing slots no other test takes, the Board's decision after its hearing, and appeal events
as the appeals service publishes them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from shared.kernel.clock import MALAYSIA_TIME
from shared.kernel.events import Envelope
from tests.support import auth
from tests.support.databases import DatabaseFactory
from tests.support.services import RunningService, running_service

APPEALS = "/v1/appeals"


@pytest.fixture(scope="module")
async def appeals(databases: DatabaseFactory, nats_url: str) -> AsyncIterator[RunningService]:
    async with running_service("appeals", databases=databases, nats_url=nats_url) as svc:
        yield svc


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 15.0) -> Any:
    """What `check` returns once it is truthy: the services act on each other's events later."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await check()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the other service never acted")
        await asyncio.sleep(0.1)


def a_free_slot() -> datetime:
    """A quarter hour of a September 2025 working day that no other test's hearing takes."""
    n = uuid.uuid4().int
    return datetime(
        2025, 9, 1 + n % 27, 9 + (n >> 8) % 7, 15 * ((n >> 16) % 4), tzinfo=MALAYSIA_TIME
    )


async def decide(appeals: RunningService, appeal_id: str, outcome: str) -> None:
    """The secretariat records the Board's decision after the hearing has begun."""
    secretariat = auth.secretariat()
    slot = a_free_slot()
    hearing = await appeals.client.post(
        f"{APPEALS}/{appeal_id}/hearings",
        json={"starts_at": slot.isoformat()},
        headers=secretariat,
    )
    assert hearing.status_code == 201, hearing.text
    today = appeals.clock.now()
    appeals.clock.set(slot + timedelta(minutes=20))
    try:
        decided = await appeals.client.post(
            f"{APPEALS}/{appeal_id}/decision",
            json={"outcome": outcome, "reasons": "Heard both parties"},
            headers=secretariat,
        )
        assert decided.status_code == 200, decided.text
    finally:
        appeals.clock.set(today)


def appeal_event(
    kind: str, appeal_id: str, decision: Envelope | dict[str, Any], **data: str
) -> Envelope:
    """`appeals.appeal.filed` or `.decided` against `decision` (an event, or its JSON), as the
    appeals service publishes it: to hand a consumer directly, out of order or twice."""
    if isinstance(decision, Envelope):
        decision_id, decision_type = decision.id, decision.type
    else:
        decision_id, decision_type = decision["id"], decision["type"]
    return Envelope(
        type=f"appeals.appeal.{kind}",
        source="appeals",
        subject=appeal_id,
        occurred_at=datetime(2025, 8, 31, 12, 0, tzinfo=MALAYSIA_TIME),
        actor="secretariat-1",
        correlation_id="test",
        data={
            "appeal_id": appeal_id,
            "decision_event_id": decision_id,
            "decision_event_type": decision_type,
            **data,
        },
    )


async def appeal_citing(
    appeals: RunningService, decision_event_id: str, *, headers: dict[str, str], **body: str
) -> str:
    """File an appeal against a decision once the appeals service has recorded it as appealable
    (its consumer reads the decision's stream); the appeal's id. `body` holds the appellant."""

    async def citable() -> bool:
        found = await appeals.client.get(f"{APPEALS}/decisions", headers=headers)
        return decision_event_id in {d["event_id"] for d in found.json()["items"]}

    await eventually(citable)
    filed = await appeals.client.post(
        APPEALS,
        json={
            "act": "act4",
            "section": "84",
            "state": "SGR",
            "matter": "The decision was wrong",
            **body,
            "decision_event_id": decision_event_id,
        },
        headers=headers,
    )
    assert filed.status_code == 201, filed.text
    return str(filed.json()["id"])
