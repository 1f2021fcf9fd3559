"""An open appeal with no hearing within HEARING_WITHIN_DAYS of filing is raised once, across
restarts and replicas, from the business clock (the outbox is read back)."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.appeals.models import Hearing
from shared.kernel.clock import MALAYSIA_TIME, FixedClock
from tests.appeals.integration.test_appeals_api import appeal_body
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.databases import DatabaseFactory
from tests.support.deadlines import first_round, outbox_events, watcher
from tests.support.services import RunningService, migrate, running_service

OVERDUE = "appeals.appeal.hearing_overdue"


async def filed(svc: RunningService) -> dict[str, str]:
    ic = random_ic()
    response = await svc.client.post("/v1/appeals", json=appeal_body(ic), headers=auth.member(ic))
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


async def hearing_set(svc: RunningService, appeal: dict[str, str], starts_at: datetime) -> None:
    async with svc.runtime.sessionmaker() as session:
        session.add(
            Hearing(
                id=str(uuid.uuid4()),
                appeal_id=appeal["id"],
                board_code=appeal["board_code"],
                starts_at=starts_at,
                ends_at=starts_at.replace(hour=starts_at.hour + 1),
                status="scheduled",
            )
        )
        await session.commit()


async def test_an_appeal_unheard_ninety_days_after_filing_is_raised_once_across_restarts(
    databases: DatabaseFactory, nats_url: str
) -> None:
    url = await databases.create("appeals")
    await migrate("appeals", url)
    clock = FixedClock(datetime(2025, 8, 1, 9, 0, tzinfo=MALAYSIA_TIME))
    start = {"databases": databases, "nats_url": nats_url, "clock": clock, "database_url": url}
    async with running_service("appeals", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        unheard, heard = await filed(svc), await filed(svc)
        # The 90th day after 1 August is 30 October: a hearing that day is in time.
        await hearing_set(svc, heard, datetime(2025, 10, 30, 9, 0, tzinfo=MALAYSIA_TIME))
        clock.set(datetime(2025, 10, 30, 23, 59, tzinfo=MALAYSIA_TIME))
        assert await watcher(svc).run_once() == 0

    clock.set(datetime(2025, 10, 31, 0, 0, 30, tzinfo=MALAYSIA_TIME))
    async with running_service("appeals", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        events = await outbox_events(svc, OVERDUE)
    [event] = [e for e in events if e["subject"] == unheard["id"]]
    assert [e for e in events if e["subject"] == heard["id"]] == []
    assert event["data"]["hear_by"] == "2025-10-30"
    assert event["data"]["case_number"] == unheard["case_number"]

    async with (
        running_service("appeals", deadline_check_seconds=3600, **start) as again,
        running_service("appeals", deadline_check_seconds=3600, **start) as replica,
    ):
        await first_round(again)
        await first_round(replica)
        events = await outbox_events(again, OVERDUE)
        assert len([e for e in events if e["subject"] == unheard["id"]]) == 1
