"""`GET /v1/approvals`: every service's four-eyes queue, merged, one page at a time.

Each service pages its queue by the same key, (requested_at, id), with the same cursor
(shared.web.pagination), and approval ids are unique across services, so one cursor walks all
four: ask each for a page after it, merge by the key, keep the first `limit`, and the next
cursor is the last one kept. A service that cannot answer makes the whole page 503: a queue of
money waiting for a second officer is never shown cut without saying so.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

import aiohttp
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from gateway.principal import gateway_principal
from gateway.state import gateway_state
from shared.kernel import jsonutil
from shared.kernel.approvals import ApprovalStatus
from shared.kernel.context import current_request_id
from shared.kernel.errors import ServiceUnavailable
from shared.kernel.i18n import msg
from shared.web.auth import Role
from shared.web.four_eyes import ApprovalOut
from shared.web.pagination import Cursor, Limit, Page, decode_cursor, encode_cursor
from shared.web.responses import json_response

router = APIRouter(tags=["approvals"])

PREFIXES = ("/v1/contributions", "/v1/loans", "/v1/dialysis", "/v1/appeals")


def _key(item: dict[str, Any]) -> tuple[datetime, str]:
    return datetime.fromisoformat(item["requested_at"]), str(item["id"])


@router.get(
    "/v1/approvals",
    response_model=Page[ApprovalOut],
    summary="Every service's requests awaiting a second officer",
)
async def merged_approvals(
    request: Request,
    status: Annotated[ApprovalStatus | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Response:
    """The four services' approvals, oldest first (officers), as `/v1/<prefix>/approvals` pages."""
    principal = await gateway_principal(request)
    principal.require_role(Role.OFFICER)
    decode_cursor(cursor, parts=2)  # 422 here, not four times upstream
    state = gateway_state(request)
    timeout = aiohttp.ClientTimeout(total=state.settings.summary_timeout_seconds)
    headers = {
        "authorization": request.headers.get("authorization", ""),
        "x-request-id": current_request_id(),
    }
    params = {"limit": str(limit)}
    if status is not None:
        params["status"] = status.value
    if cursor is not None:
        params["cursor"] = cursor

    async def fetch(prefix: str) -> dict[str, Any]:
        url = state.upstreams[prefix].next() + f"{prefix}/approvals"
        try:
            async with state.proxy.session.get(
                url, params=params, headers=headers, timeout=timeout, allow_redirects=False
            ) as response:
                if response.status == 200:
                    page: dict[str, Any] = jsonutil.loads(await response.read())
                    return page
        except (TimeoutError, aiohttp.ClientError, ValueError):
            pass
        raise ServiceUnavailable(
            msg("The approvals of {prefix} cannot be read now; try again", prefix=prefix)
        )

    pages = await asyncio.gather(*(fetch(prefix) for prefix in PREFIXES))
    merged = sorted((item for page in pages for item in page["items"]), key=_key)
    kept = merged[:limit]
    more = len(merged) > limit or any(page["next_cursor"] for page in pages)
    last = kept[-1] if kept else None
    next_cursor = encode_cursor([last["requested_at"], last["id"]]) if more and last else None
    return json_response({"items": kept, "next_cursor": next_cursor})
