"""`GET /v1/insured-persons/{ic}/summary`: one person across the four services, fetched concurrently.

Each service gets its own timeout; one that is down or slow leaves its section `{"error": "unavailable"}`
and the rest still answer in time. The caller's token travels on, so each service applies its own rules.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from fastapi import APIRouter, Request
from starlette.responses import Response

from gateway.principal import gateway_principal
from gateway.state import gateway_state
from shared.kernel import jsonutil
from shared.kernel.context import current_request_id
from shared.kernel.ic import ic_from_path
from shared.web.auth import Role
from shared.web.responses import json_response

router = APIRouter(tags=["insured persons"])

SECTIONS = {
    "contributions": ("/v1/contributions", "/v1/contributions/insured-persons/{ic}"),
    "loans": ("/v1/loans", "/v1/loans/insured-persons/{ic}"),
    "dialysis": ("/v1/dialysis", "/v1/dialysis/insured-persons/{ic}"),
    "appeals": ("/v1/appeals", "/v1/appeals/insured-persons/{ic}"),
}
UNAVAILABLE = {"error": "unavailable"}


@router.get("/v1/insured-persons/{ic}/summary", summary="One insured person across all services")
async def insured_person_summary(ic: str, request: Request) -> Response:
    """Contributions, loans, dialysis and appeals of one person (officer, dashboard, or that member)."""
    principal = await gateway_principal(request)
    digits = ic_from_path(ic)
    principal.require_person_reader(digits, Role.OFFICER, Role.DASHBOARD)
    state = gateway_state(request)
    timeout = aiohttp.ClientTimeout(total=state.settings.summary_timeout_seconds)
    headers = {
        "authorization": request.headers.get("authorization", ""),
        "x-request-id": current_request_id(),
    }

    async def fetch(prefix: str, path: str) -> Any:
        url = state.upstreams[prefix].next() + path.format(ic=digits)
        try:
            async with state.proxy.session.get(
                url, headers=headers, timeout=timeout, allow_redirects=False
            ) as response:
                if response.status == 404:
                    return None
                if response.status != 200:
                    return UNAVAILABLE
                return jsonutil.loads(await response.read())
        except (TimeoutError, aiohttp.ClientError, ValueError):
            return UNAVAILABLE

    results = await asyncio.gather(*(fetch(prefix, path) for prefix, path in SECTIONS.values()))
    # The sections are the services' own JSON, passed through: serialised once with orjson,
    # not walked again by FastAPI's encoder.
    return json_response({"ic": digits, **dict(zip(SECTIONS, results, strict=True))})
