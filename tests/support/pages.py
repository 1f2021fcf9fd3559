"""Walking a paginated list (CONTRACT.md "Lists, search and time") to its end."""

from __future__ import annotations

from typing import Any

import httpx


async def every_item(
    client: httpx.AsyncClient,
    path: str,
    *,
    headers: dict[str, str],
    params: dict[str, str] | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Every item of the list at `path`, following `next_cursor` until it is null."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**(params or {}), "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        answer = await client.get(path, params=query, headers=headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items
