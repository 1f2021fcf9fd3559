"""A submission still owing the day after its due date is raised once, across restarts and
replicas, from the business clock; a voided one never (the outbox is read back)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from shared.kernel.clock import MALAYSIA_TIME, FixedClock
from tests.contribution.integration.test_contribution_api import register_employer, submit
from tests.support import auth
from tests.support.builders import random_ic
from tests.support.databases import DatabaseFactory
from tests.support.deadlines import first_round, outbox_events, watcher
from tests.support.services import migrate, running_service

OVERDUE = "contribution.submission.overdue"
BASE = "/v1/contributions"


def line() -> dict[str, object]:
    return {"ic": random_ic(age=30), "name": "Siti Aminah", "wage": "3450.00"}


async def test_a_submission_unpaid_after_its_due_date_is_raised_once_across_restarts(
    databases: DatabaseFactory, nats_url: str
) -> None:
    url = await databases.create("contribution")
    await migrate("contribution", url)
    clock = FixedClock(datetime(2025, 8, 10, 9, 0, tzinfo=MALAYSIA_TIME))
    start = {"databases": databases, "nats_url": nats_url, "clock": clock, "database_url": url}
    async with running_service("contribution", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        code = await register_employer(svc)
        owing = (await submit(svc, code, [line()])).json()
        voided = (await submit(svc, await register_employer(svc), [line()])).json()
        response = await svc.client.post(
            f"{BASE}/employers/{voided['employer_code']}/submissions/{voided['reference']}/void",
            json={"reason": "sent twice"},
            headers=auth.officer(),
        )
        assert response.status_code == 200, response.text
        due = date.fromisoformat(owing["due_date"])
        clock.set(datetime.combine(due, time(23, 59), MALAYSIA_TIME))
        assert await watcher(svc).run_once() == 0  # the due date itself is still in time

    clock.set(datetime.combine(due + timedelta(days=1), time(0, 0, 30), MALAYSIA_TIME))
    async with running_service("contribution", deadline_check_seconds=3600, **start) as svc:
        await first_round(svc)
        events = await outbox_events(svc, OVERDUE)
    [event] = [e for e in events if e["subject"] == owing["reference"]]
    assert [e for e in events if e["subject"] == voided["reference"]] == []
    assert event["data"]["employer_code"] == code
    assert event["data"]["due_date"] == owing["due_date"]
    assert event["data"]["outstanding"] == owing["totals"]["total"]

    async with (
        running_service("contribution", deadline_check_seconds=3600, **start) as again,
        running_service("contribution", deadline_check_seconds=3600, **start) as replica,
    ):
        await first_round(again)
        await first_round(replica)
        events = await outbox_events(again, OVERDUE)
        assert len([e for e in events if e["subject"] == owing["reference"]]) == 1
