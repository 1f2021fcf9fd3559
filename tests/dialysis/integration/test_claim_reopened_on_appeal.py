"""An appeal the Appellate Board allows against a refused claim reopens it (CONTRACT.md "The
services act on each other's decisions"; issue 20): what was refused is approved and payable,
once, even after the rest was paid. The dialysis and appeals services for real, through NATS."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from tests.dialysis.integration.test_dialysis_api import BASE, approved_treatment, centre
from tests.support import auth
from tests.support.appeals import appeal_citing, appeal_event, appeals, decide
from tests.support.events import EventWatcher
from tests.support.four_eyes import with_two_officers
from tests.support.services import RunningService

__all__ = ["appeals"]  # the fixture, used by name


async def capped_claim(dialysis: RunningService, nats_url: str) -> tuple[str, str, dict[str, Any]]:
    """RM200.10 claimed for a session the rate card pays RM160.00: RM40.10 refused."""
    panel = await centre(dialysis)
    hospital = await centre(dialysis, kind="government_hospital")
    ic, treatment_id = await approved_treatment(dialysis, nats_url, panel)
    async with EventWatcher(nats_url, "dialysis.claim.refused") as watcher:
        claim = await dialysis.client.post(
            f"{BASE}/claims/reimbursements",
            json={
                "treatment_id": treatment_id,
                "sessions": [
                    {"session_date": "2025-07-21", "amount_paid": "200.10", "centre_id": hospital}
                ],
            },
            headers=auth.member(ic),
        )
        assert claim.status_code == 201, claim.text
        [refusal] = await watcher.wait_for(lambda e: e["subject"] == claim.json()["id"])
    return ic, claim.json()["id"], refusal


async def claim_of(dialysis: RunningService, claim_id: str) -> dict[str, Any]:
    answer = await dialysis.client.get(f"{BASE}/claims/{claim_id}", headers=auth.officer())
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def test_an_allowed_appeal_approves_the_refused_part_and_pays_only_that(
    dialysis: RunningService, appeals: RunningService, nats_url: str
) -> None:
    ic, claim_id, refusal = await capped_claim(dialysis, nats_url)
    paid = await with_two_officers(dialysis.client, BASE, f"/claims/{claim_id}/pay")
    assert paid.status_code == 200, paid.text
    assert (await claim_of(dialysis, claim_id))["paid"] == "160.00"

    appeal_id = await appeal_citing(
        appeals,
        refusal["id"],
        headers=auth.member(ic),
        appellant_kind="employee",
        appellant_name="Siti",
        appellant_ic=ic,
        matter="The hospital's charge was the only one available",
    )
    async with EventWatcher(nats_url, "dialysis.claim.>") as watcher:
        await decide(appeals, appeal_id, "allowed")
        [reopened] = await watcher.wait_for(
            lambda e: e["type"] == "dialysis.claim.reopened" and e["subject"] == claim_id
        )
        assert reopened["data"]["allowed"] == "40.10"
        assert reopened["data"]["appeal_id"] == appeal_id
        claim = await claim_of(dialysis, claim_id)
        assert (claim["status"], claim["approved"], claim["refused"]) == (
            "approved",
            "200.10",
            "0.00",
        )
        again = await with_two_officers(dialysis.client, BASE, f"/claims/{claim_id}/pay")
        assert again.status_code == 200, again.text
        [payment] = await watcher.wait_for(
            lambda e: (
                e["type"] == "dialysis.claim.paid"
                and e["subject"] == claim_id
                and e["data"]["amount"] == "40.10"
            )
        )
    assert (await claim_of(dialysis, claim_id))["paid"] == "200.10"
    assert Decimal(payment["data"]["amount"]) == Decimal("40.10"), "the rest, never twice"


async def test_a_duplicate_or_repeated_allowed_decision_reopens_once(
    dialysis: RunningService, nats_url: str
) -> None:
    _ic, claim_id, refusal = await capped_claim(dialysis, nats_url)
    consumer = next(c for c in dialysis.runtime.consumers if c.spec.stream == "APPEALS")
    dismissed = appeal_event("decided", str(uuid.uuid4()), refusal, outcome="dismissed")
    assert await consumer.handle(dismissed) == "handled"
    assert (await claim_of(dialysis, claim_id))["refused"] == "40.10"
    allowed = appeal_event("decided", str(uuid.uuid4()), refusal, outcome="allowed")
    assert await consumer.handle(allowed) == "handled"
    assert await consumer.handle(allowed) == "duplicate"
    other = appeal_event("decided", str(uuid.uuid4()), refusal, outcome="allowed")
    assert await consumer.handle(other) == "handled"
    claim = await claim_of(dialysis, claim_id)
    assert (claim["approved"], claim["refused"]) == ("200.10", "0.00")
