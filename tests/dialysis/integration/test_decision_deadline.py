"""A treatment request undecided after TREATMENT_DECISION_DAYS is raised once, across restarts
and replicas, from the business clock (the outbox is read back: the relay sends what it holds)."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.dialysis.models import Centre, Treatment
from shared.kernel.clock import MALAYSIA_TIME, FixedClock
from tests.support.builders import random_ic
from tests.support.databases import DatabaseFactory
from tests.support.deadlines import first_round, outbox_events, watcher
from tests.support.people import person_key
from tests.support.services import RunningService, migrate, running_service

OVERDUE = "dialysis.treatment.decision_overdue"
# Requested at 23:30 on 1 August in Malaysia (15:30 UTC): the day that counts is 1 August.
REQUESTED_AT = datetime(2025, 8, 1, 23, 30, tzinfo=MALAYSIA_TIME)


async def waiting_request(svc: RunningService, *, status: str = "requested") -> tuple[str, str]:
    centre_id, treatment_id, ic = "C" + uuid.uuid4().hex[:8].upper(), str(uuid.uuid4()), random_ic()
    async with svc.runtime.sessionmaker() as session:
        session.add(
            Centre(
                id=centre_id,
                name="Pusat",
                kind="panel",
                state="SGR",
                machines=10,
                shifts_per_day=3,
                panel_valid_from=None,
                panel_valid_until=None,
                registered_at=REQUESTED_AT,
            )
        )
        await session.flush()
        session.add(
            Treatment(
                id=treatment_id,
                ic=ic,
                centre_id=centre_id,
                diagnosis="ESRF",
                modality="haemodialysis",
                status=status,
                active_key=ic if status == "requested" else None,
                requested_by="member",
                requested_at=REQUESTED_AT,
            )
        )
        await session.commit()
    return treatment_id, ic


def about(events: list[dict[str, object]], treatment_id: str) -> list[dict[str, object]]:
    return [e for e in events if e["subject"] == treatment_id]


async def test_a_decision_overdue_while_the_service_was_down_is_raised_once_when_it_returns(
    databases: DatabaseFactory, nats_url: str
) -> None:
    url = await databases.create("dialysis")
    await migrate("dialysis", url)
    clock = FixedClock(REQUESTED_AT)
    start = {"databases": databases, "nats_url": nats_url, "clock": clock, "database_url": url}
    async with running_service("dialysis", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        treatment_id, ic = await waiting_request(svc)
        decided_id, _ = await waiting_request(svc, status="approved")
        clock.set(datetime(2025, 8, 15, 23, 59, tzinfo=MALAYSIA_TIME))
        assert await watcher(svc).run_once() == 0  # day 14: still in time

    clock.set(datetime(2025, 8, 16, 0, 1, tzinfo=MALAYSIA_TIME))  # day 15, while it was down
    async with running_service("dialysis", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        [event] = about(await outbox_events(svc, OVERDUE), treatment_id)
        assert about(await outbox_events(svc, OVERDUE), decided_id) == []
    assert event["actor"] == "system"
    assert event["data"] == {
        "treatment_id": treatment_id,
        "centre_id": event["data"]["centre_id"],  # type: ignore[index]
        "person_key": person_key(ic),
        "requested_on": "2025-08-01",
        "decision_days": 14,
    }
    assert ic not in str(event)

    async with (
        running_service("dialysis", deadline_check_seconds=3600, **start) as again,
        running_service("dialysis", deadline_check_seconds=3600, **start) as replica,
    ):
        await first_round(again)
        await first_round(replica)
        assert await watcher(replica).run_once() == 0
        assert len(about(await outbox_events(again, OVERDUE), treatment_id)) == 1
