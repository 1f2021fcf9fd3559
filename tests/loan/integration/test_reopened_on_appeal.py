"""An appeal the Appellate Board allows against a rejected application reopens it (CONTRACT.md
"The services act on each other's decisions"; issue 20): the loan and appeals services for real,
speaking only through NATS."""

from __future__ import annotations

import uuid
from typing import Any

from tests.loan.integration.test_loan_api import BASE, application, sponsor
from tests.support import auth
from tests.support.appeals import appeal_citing, appeal_event, appeals, decide
from tests.support.builders import random_ic
from tests.support.events import EventWatcher
from tests.support.services import RunningService

__all__ = ["appeals"]  # the fixture, used by name


async def rejected(loan: RunningService, nats_url: str) -> tuple[str, str, dict[str, Any]]:
    """A member's application, rejected: the member, the application and the rejection event."""
    ic = random_ic(age=19)
    submitted = await loan.client.post(
        f"{BASE}/applications", json=application(ic, await sponsor(loan)), headers=auth.member(ic)
    )
    assert submitted.status_code == 201, submitted.text
    application_id = submitted.json()["id"]
    async with EventWatcher(nats_url, "loan.application.rejected") as watcher:
        await loan.client.post(
            f"{BASE}/applications/{application_id}/decision",
            json={"approve": False, "reason": "Family able to pay"},
            headers=auth.officer(),
        )
        [event] = await watcher.wait_for(lambda e: e["subject"] == application_id)
    return ic, application_id, event


async def status_of(loan: RunningService, application_id: str) -> str:
    answer = await loan.client.get(f"{BASE}/applications/{application_id}", headers=auth.officer())
    return str(answer.json()["status"])


async def appeal_by(appeals: RunningService, ic: str, rejection_event_id: str) -> str:
    return await appeal_citing(
        appeals,
        rejection_event_id,
        headers=auth.member(ic),
        appellant_kind="employee",
        appellant_name="Nur",
        appellant_ic=ic,
        matter="Education loan refused: my family cannot pay",
    )


async def test_an_allowed_appeal_reopens_the_application_for_a_fresh_decision(
    loan: RunningService, appeals: RunningService, nats_url: str
) -> None:
    ic, application_id, rejection = await rejected(loan, nats_url)
    appeal_id = await appeal_by(appeals, ic, rejection["id"])
    assert await status_of(loan, application_id) == "rejected", "filing alone changes nothing"
    async with EventWatcher(nats_url, "loan.application.reopened") as watcher:
        await decide(appeals, appeal_id, "allowed")
        [reopened] = await watcher.wait_for(lambda e: e["subject"] == application_id)
    assert reopened["data"]["appeal_id"] == appeal_id
    assert reopened["data"]["rejection_event_id"] == rejection["id"]
    assert not {"applicant_ic", "ic"} & set(reopened["data"])
    assert await status_of(loan, application_id) == "submitted"
    again = await loan.client.post(
        f"{BASE}/applications/{application_id}/decision",
        json={"approve": True, "amount": "20000.00"},
        headers=auth.officer(),
    )
    assert again.status_code == 200, again.text
    history = await loan.client.get(
        f"{BASE}/applications/{application_id}/history", headers=auth.officer()
    )
    kinds = [item["event_type"] for item in history.json()["items"]]
    assert kinds[-3:] == [
        "loan.application.rejected",
        "loan.application.reopened",
        "loan.application.approved",
    ]


async def test_a_dismissed_appeal_leaves_the_rejection_and_a_duplicate_decision_reopens_once(
    loan: RunningService, appeals: RunningService, nats_url: str
) -> None:
    ic, application_id, rejection = await rejected(loan, nats_url)
    appeal_id = await appeal_by(appeals, ic, rejection["id"])
    await decide(appeals, appeal_id, "dismissed")
    consumer = next(c for c in loan.runtime.consumers if c.spec.stream == "APPEALS")
    dismissed = appeal_event("decided", appeal_id, rejection, outcome="dismissed")
    assert await consumer.handle(dismissed) == "handled"
    assert await status_of(loan, application_id) == "rejected"
    # Delivered twice, and by two deliveries of different ids: one reopening.
    allowed = appeal_event("decided", str(uuid.uuid4()), rejection, outcome="allowed")
    assert await consumer.handle(allowed) == "handled"
    assert await consumer.handle(allowed) == "duplicate"
    assert await status_of(loan, application_id) == "submitted"
    replayed = appeal_event("decided", str(uuid.uuid4()), rejection, outcome="allowed")
    assert await consumer.handle(replayed) == "handled"
    history = await loan.client.get(
        f"{BASE}/applications/{application_id}/history", headers=auth.officer()
    )
    kinds = [item["event_type"] for item in history.json()["items"]]
    assert kinds.count("loan.application.reopened") == 1
