"""Four eyes through the gateway: named officers, each with its own credentials, and the merged
queue at `GET /v1/approvals` (CONTRACT.md "Officers and four eyes")."""

from __future__ import annotations

import uuid

import jwt

from tests.gateway.conftest import Stack


async def new_centre(stack: Stack) -> str:
    centre_id = "C" + uuid.uuid4().hex[:8].upper()
    created = await stack.client.post(
        "/v1/dialysis/centres",
        json={
            "id": centre_id,
            "name": "Pusat Dialisis Harapan",
            "kind": "ngo",
            "state": "SGR",
            "machines": 10,
            "shifts_per_day": 3,
        },
        headers=await stack.headers("officer-1"),
    )
    assert created.status_code == 201, created.text
    return centre_id


async def ask_grant(stack: Stack, centre_id: str, amount: str) -> dict[str, object]:
    held = await stack.client.post(
        f"/v1/dialysis/centres/{centre_id}/grants",
        json={"amount": amount, "reason": "generator after the flood", "approved_on": "2025-08-30"},
        headers=await stack.headers("officer-1"),
    )
    assert held.status_code == 202, held.text
    return dict(held.json()["approval"])


async def test_an_officer_is_named_on_their_token_with_their_branch(stack: Stack) -> None:
    token = await stack.token("officer-2")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["sub"], claims["role"], claims["branch"]) == ("officer-2", "officer", "KL")


async def test_a_grant_asked_by_one_officer_is_made_when_another_approves_it(
    stack: Stack,
) -> None:
    centre_id = await new_centre(stack)
    approval = await ask_grant(stack, centre_id, "12000.00")
    own = await stack.client.post(
        f"/v1/dialysis/approvals/{approval['id']}/approve",
        json={},
        headers=await stack.headers("officer-1"),
    )
    assert own.status_code == 403
    assert own.json()["type"].endswith("four-eyes")
    approved = await stack.client.post(
        f"/v1/dialysis/approvals/{approval['id']}/approve",
        json={"reason": "quotation seen"},
        headers=await stack.headers("officer-2"),
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert (body["approval"]["decided_by"], body["result"]["approved_by"]) == (
        "officer-2",
        "officer-2",
    )
    assert body["approval"]["requested_at"].endswith("+08:00")


async def test_the_merged_queue_pages_every_services_requests_without_gaps(stack: Stack) -> None:
    centre_id = await new_centre(stack)
    asked = [(await ask_grant(stack, centre_id, f"{1000 + k}.00"))["id"] for k in range(3)]
    headers = await stack.headers("officer-3")
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"status": "pending", "limit": "2", **({"cursor": cursor} if cursor else {})}
        page = await stack.client.get("/v1/approvals", params=params, headers=headers)
        assert page.status_code == 200, page.text
        items = page.json()["items"]
        assert len(items) <= 2
        assert all(item["status"] == "pending" for item in items)
        seen.extend(item["id"] for item in items)
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert set(asked) <= set(seen)
    contexts = {
        item["context"]
        for item in (
            await stack.client.get("/v1/approvals", params={"limit": "500"}, headers=headers)
        ).json()["items"]
    }
    assert "dialysis" in contexts


async def test_only_officers_read_the_merged_queue(stack: Stack) -> None:
    for client in ("ops-dashboard", "acme-payroll", "centre-42"):
        refused = await stack.client.get("/v1/approvals", headers=await stack.headers(client))
        assert refused.status_code == 403, client
    bad = await stack.client.get(
        "/v1/approvals", params={"cursor": "nope"}, headers=await stack.headers("officer-1")
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "cursor")
