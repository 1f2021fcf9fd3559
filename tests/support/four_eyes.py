"""Two officers: the first one's request answers 202 and holds; a second one approves it."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support import auth

SECOND_OFFICER = "officer-2"


async def approve(
    client: httpx.AsyncClient, prefix: str, held: httpx.Response, *, by: str = SECOND_OFFICER
) -> httpx.Response:
    """Another officer approves what the 202 answer `held` holds; the approval's answer."""
    assert held.status_code == 202, held.text
    approval_id = held.json()["approval"]["id"]
    return await client.post(
        f"{prefix}/approvals/{approval_id}/approve", json={}, headers=auth.officer(by)
    )


async def with_two_officers(
    client: httpx.AsyncClient, prefix: str, path: str, json: Any = None
) -> httpx.Response:
    """officer-1 asks (POST `prefix + path`), officer-2 approves: the approval's answer, whose
    `result` is what the action answers."""
    held = await client.post(f"{prefix}{path}", json=json, headers=auth.officer())
    if held.status_code != 202:
        return held
    return await approve(client, prefix, held)
