"""Issue 15 in the contribution service itself: replays only after the route's checks, and one
bad callback fails only itself."""

from __future__ import annotations

import asyncio

from services.contribution.models import Payment
from tests.contribution.integration.test_contribution_api import (
    BASE,
    callback,
    count,
    register_employer,
    submit,
)
from tests.support import auth
from tests.support.builders import random_employer_code, random_ic, random_txn_id
from tests.support.services import RunningService


async def test_a_replay_is_served_only_once_the_routes_own_checks_pass(
    contribution: RunningService,
) -> None:
    """A client whose role changed (officer, then dashboard) replays its key: 403, not the 201."""
    key = random_txn_id()
    body = {"employer_code": random_employer_code(), "name": "Syarikat Ulang", "state": "KUL"}
    as_officer = {**auth.headers("officer", "ops-7"), "Idempotency-Key": key}
    first = await contribution.client.post(f"{BASE}/employers", json=body, headers=as_officer)
    assert first.status_code == 201, first.text
    as_dashboard = {**auth.headers("dashboard", "ops-7"), "Idempotency-Key": key}
    refused = await contribution.client.post(f"{BASE}/employers", json=body, headers=as_dashboard)
    assert refused.status_code == 403, refused.text
    assert "idempotent-replayed" not in refused.headers
    again = await contribution.client.post(f"{BASE}/employers", json=body, headers=as_officer)
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()


async def test_one_poisoned_callback_among_thirty_fails_only_itself(
    contribution: RunningService,
) -> None:
    """Issue 15.6: the group commit rolled the whole batch back and twenty-nine got 500."""
    code = await register_employer(contribution)
    sub = (
        await submit(contribution, code, [{"ic": random_ic(), "name": "A", "wage": "1000.00"}])
    ).json()
    valid = [callback(sub["reference"], "1.00") for _ in range(30)]
    poisoned = {**callback(sub["reference"], "1.00"), "reference": sub["reference"] + "\x00"}
    answers = await asyncio.gather(
        *(
            contribution.client.post(
                f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank("MBB")
            )
            for body in [*valid[:15], poisoned, *valid[15:]]
        )
    )
    statuses = [a.status_code for a in answers]
    assert statuses[15] == 422
    assert answers[15].json()["errors"][0]["field"] == "reference"
    assert statuses[:15] + statuses[16:] == [200] * 30
    assert await count(contribution, Payment, reference=sub["reference"]) == 30


async def test_a_bank_token_without_the_gateways_signature_claim_records_nothing(
    contribution: RunningService,
) -> None:
    body = callback(f"UNSIGNED-{random_txn_id()}", "5.00")
    answer = await contribution.client.post(
        f"{BASE}/payments/callbacks/MBB", json=body, headers=auth.bank_client("MBB")
    )
    assert answer.status_code == 403, answer.text
    assert await count(contribution, Payment, bank_txn_id=body["bank_txn_id"]) == 0


async def test_counter_payments_only_at_the_collection_agents_counters(
    contribution: RunningService,
) -> None:
    """Issue 16: "Banks appointed by PERKESO as collection agents ... i. Maybank Berhad ii. Public
    Bank Berhad (starting 1 March 2018)"; a CIMB counter payment was accepted."""

    async def counter(bank: str, paid_at: str) -> int:
        body = {**callback(f"CTR-{random_txn_id()}", "5.00", paid_at), "channel": "BANK_COUNTER"}
        answer = await contribution.client.post(
            f"{BASE}/payments/callbacks/{bank}", json=body, headers=auth.bank(bank)
        )
        if answer.status_code == 422:
            assert answer.json()["errors"][0]["code"] == "not-a-counter-agent"
        return answer.status_code

    assert await counter("CIMB", "2025-08-14T10:00:00+08:00") == 422
    assert await counter("PBB", "2018-02-28T23:00:00+08:00") == 422
    assert await counter("PBB", "2018-03-01T09:00:00+08:00") == 200
    assert await counter("MBB", "2017-01-05T09:00:00+08:00") == 200
