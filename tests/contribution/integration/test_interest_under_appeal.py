"""An appeal against late-payment interest freezes it; the Board's decision cancels or restores it
(CONTRACT.md "The services act on each other's decisions"; issue 20). Both services run for real
and speak only through NATS: the assessment reaches the appeals service as an appealable decision,
the appeal and the decision reach the contribution service."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from tests.contribution.integration.test_contribution_api import BASE, register_employer
from tests.contribution.integration.test_reconciliation import (
    LINE_TOTAL,
    every_sen_is_on_the_statement,
    month_owed,
    pay,
    statement,
)
from tests.support import auth
from tests.support.appeals import (
    APPEALS,
    a_free_slot,
    appeal_citing,
    appeal_event,
    appeals,
    decide,
)
from tests.support.events import EventWatcher
from tests.support.services import RunningService

__all__ = ["appeals"]  # the fixture, used by name
# Paid on 31 August for a July submission due 15 August: 16 days late, the RM5 minimum.
LATE = "2025-08-31T09:00:00+08:00"
INTEREST = Decimal("5.00")


async def assessed_late(
    contribution: RunningService, nats_url: str
) -> tuple[str, str, dict[str, Any]]:
    """An employer pays July's contributions late: the interest assessed is owed, and appealable.
    Returns the employer, the reference and the assessment's event."""
    code = await register_employer(contribution)
    reference = await month_owed(contribution, code)
    async with EventWatcher(nats_url, "contribution.late_interest.assessed") as watcher:
        await pay(contribution, reference, LINE_TOTAL, paid_at=LATE)
        event = (await watcher.wait_for(lambda e: e["subject"] == reference))[0]
    owed = (await statement(contribution, code))["totals"]
    assert Decimal(owed["interest_owed"]) == INTEREST
    return code, reference, event


async def appeal_against(appeals: RunningService, code: str, assessment_event_id: str) -> str:
    return await appeal_citing(
        appeals,
        assessment_event_id,
        headers=auth.employer(code),
        appellant_kind="employer",
        appellant_name="Syarikat Contoh Sdn Bhd",
        employer_code=code,
        matter="Late-payment interest: the bank delayed our payment",
    )


def disputed_payment(answer: dict[str, Any]) -> str | None:
    [payment] = answer["payments"]
    return payment["interest_status"]  # type: ignore[no-any-return]


async def test_an_appeal_freezes_the_interest_and_an_allowed_appeal_cancels_it_into_credit(
    contribution: RunningService, appeals: RunningService, nats_url: str
) -> None:
    code, reference, assessment = await assessed_late(contribution, nats_url)
    async with EventWatcher(nats_url, "contribution.late_interest.>") as watcher:
        appeal_id = await appeal_against(appeals, code, assessment["id"])
        frozen = (await watcher.wait_for(lambda e: e["subject"] == reference))[0]
        assert frozen["type"] == "contribution.late_interest.disputed"
        assert frozen["data"]["appeal_id"] == appeal_id
        assert frozen["actor"] == f"employer-{code}"  # the appellant set it going
        under_appeal = await statement(contribution, code)
        assert disputed_payment(under_appeal) == "disputed"
        [line] = under_appeal["submissions"]
        assert Decimal(line["interest_disputed"]) == INTEREST
        assert Decimal(line["interest_owed"]) == 0, "nobody asks for interest under appeal"
        assert Decimal(under_appeal["totals"]["amount_due"]) == 0
        every_sen_is_on_the_statement(under_appeal["totals"])

        # The employer pays the interest anyway while the appeal is heard: it is not taken for
        # the disputed interest, it is credit.
        await pay(contribution, reference, "5.00", paid_at="2025-08-31T09:30:00+08:00")
        meanwhile = await statement(contribution, code)
        assert Decimal(meanwhile["totals"]["credit_balance"]) == INTEREST
        every_sen_is_on_the_statement(meanwhile["totals"])

        await decide(appeals, appeal_id, "allowed")
        cancelled = (
            await watcher.wait_for(
                lambda e: (
                    e["type"] == "contribution.late_interest.cancelled"
                    and e["subject"] == reference
                )
            )
        )[0]
    assert cancelled["data"]["appeal_id"] == appeal_id
    assert Decimal(cancelled["data"]["amount"]) == INTEREST
    settled = await statement(contribution, code)
    assert disputed_payment_of(settled, LINE_TOTAL) == "cancelled"
    totals = settled["totals"]
    assert Decimal(totals["interest_cancelled"]) == INTEREST
    assert Decimal(totals["interest_owed"]) == Decimal(totals["interest_disputed"]) == 0
    assert Decimal(totals["credit_balance"]) == INTEREST
    every_sen_is_on_the_statement(totals)
    history = await contribution.client.get(
        f"{BASE}/employers/{code}/submissions/{reference}/history", headers=auth.officer()
    )
    kinds = [item["event_type"] for item in history.json()["items"]]
    assert [k for k in kinds if ".late_interest." in k] == [
        "contribution.late_interest.assessed",
        "contribution.late_interest.disputed",
        "contribution.late_interest.cancelled",
    ]


def disputed_payment_of(answer: dict[str, Any], amount: str) -> str | None:
    [payment] = [p for p in answer["payments"] if p["amount"] == amount]
    return payment["interest_status"]  # type: ignore[no-any-return]


async def test_interest_already_paid_comes_back_as_credit_when_the_appeal_is_allowed(
    contribution: RunningService, appeals: RunningService, nats_url: str
) -> None:
    code = await register_employer(contribution)
    reference = await month_owed(contribution, code)
    total_with_interest = str(Decimal(LINE_TOTAL) + INTEREST)
    async with EventWatcher(nats_url, "contribution.late_interest.>") as watcher:
        await pay(contribution, reference, total_with_interest, paid_at=LATE)
        assessed = (
            await watcher.wait_for(
                lambda e: (
                    e["type"] == "contribution.late_interest.assessed" and e["subject"] == reference
                )
            )
        )[0]
        paid = (await statement(contribution, code))["totals"]
        assert Decimal(paid["interest_paid"]) == INTEREST
        assert Decimal(paid["credit_balance"]) == 0
        appeal_id = await appeal_against(appeals, code, str(assessed["id"]))
        await decide(appeals, appeal_id, "allowed")
        cancelled = (
            await watcher.wait_for(
                lambda e: (
                    e["type"] == "contribution.late_interest.cancelled"
                    and e["subject"] == reference
                )
            )
        )[0]
    assert Decimal(cancelled["data"]["paid_back"]) == INTEREST
    totals = (await statement(contribution, code))["totals"]
    assert Decimal(totals["credit_balance"]) == INTEREST, "the interest paid is the employer's"
    every_sen_is_on_the_statement(totals)


@pytest.mark.parametrize("outcome", ["dismissed", "struck_out"])
async def test_an_appeal_that_fails_restores_the_interest(
    contribution: RunningService, appeals: RunningService, nats_url: str, outcome: str
) -> None:
    code, reference, assessment = await assessed_late(contribution, nats_url)
    async with EventWatcher(nats_url, "contribution.late_interest.>") as watcher:
        appeal_id = await appeal_against(appeals, code, assessment["id"])
        await watcher.wait_for(
            lambda e: e["type"].endswith(".disputed") and e["subject"] == reference
        )
        await decide(appeals, appeal_id, outcome)
        restored = (
            await watcher.wait_for(
                lambda e: (
                    e["type"] == "contribution.late_interest.restored" and e["subject"] == reference
                )
            )
        )[0]
    assert restored["data"]["outcome"] == outcome
    after = await statement(contribution, code)
    assert disputed_payment(after) == "restored"
    assert Decimal(after["totals"]["interest_owed"]) == INTEREST
    assert Decimal(after["totals"]["interest_disputed"]) == 0
    every_sen_is_on_the_statement(after["totals"])


async def test_a_withdrawal_after_a_hearing_restores_the_interest(
    contribution: RunningService, appeals: RunningService, nats_url: str
) -> None:
    code, reference, assessment = await assessed_late(contribution, nats_url)
    async with EventWatcher(nats_url, "contribution.late_interest.>") as watcher:
        appeal_id = await appeal_against(appeals, code, assessment["id"])
        await watcher.wait_for(
            lambda e: e["type"].endswith(".disputed") and e["subject"] == reference
        )
        hearing = await appeals.client.post(
            f"{APPEALS}/{appeal_id}/hearings",
            json={"starts_at": a_free_slot().isoformat()},
            headers=auth.secretariat(),
        )
        assert hearing.status_code == 201, hearing.text
        withdrawn = await appeals.client.post(
            f"{APPEALS}/{appeal_id}/withdraw",
            json={"reason": "We paid"},
            headers=auth.employer(code),
        )
        assert withdrawn.status_code == 200, withdrawn.text
        await watcher.wait_for(
            lambda e: (
                e["type"] == "contribution.late_interest.restored" and e["subject"] == reference
            )
        )
    assert Decimal((await statement(contribution, code))["totals"]["interest_owed"]) == INTEREST


async def test_a_decision_met_before_its_filing_and_twice_acts_once(
    contribution: RunningService, nats_url: str
) -> None:
    """Out of order and duplicated, straight into the consumer as NATS would deliver them."""
    code, _reference, assessment = await assessed_late(contribution, nats_url)
    consumer = next(c for c in contribution.runtime.consumers if c.spec.stream == "APPEALS")
    appeal_id = str(uuid.uuid4())
    decided = appeal_event("decided", appeal_id, assessment, outcome="allowed")
    assert await consumer.handle(decided) == "handled"
    assert await consumer.handle(decided) == "duplicate"
    filed = appeal_event("filed", appeal_id, assessment)
    assert await consumer.handle(filed) == "handled"
    totals = (await statement(contribution, code))["totals"]
    assert Decimal(totals["interest_cancelled"]) == INTEREST, "cancelled once"
    assert Decimal(totals["interest_disputed"]) == 0, "the late filing froze nothing"
    assert Decimal(totals["interest_owed"]) == 0
    every_sen_is_on_the_statement(totals)
    # A second appeal citing the settled assessment changes nothing either.
    again = appeal_event("decided", str(uuid.uuid4()), assessment, outcome="dismissed")
    assert await consumer.handle(again) == "handled"
    assert (await statement(contribution, code))["totals"] == totals
