"""Routes that pass requests to the services by path prefix, and the signed bank callbacks."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from starlette.responses import Response

from gateway.signatures import verify_signature
from gateway.state import GatewayState, gateway_state
from shared.errors import Unauthorized

router = APIRouter(include_in_schema=False)

_UPLOAD_SUFFIX = "/textfile"
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


async def _verified_bank_forward(request: Request, bank_code: str, prefix: str) -> Response:
    state = gateway_state(request)
    bank = state.clients.bank(bank_code)
    body = await request.body()
    if len(body) > state.settings.max_body_bytes:
        raise Unauthorized("Callback body too large to verify")
    if bank is None or bank.webhook_secret is None:
        raise Unauthorized(f"Unknown bank_code {bank_code!r}")
    verify_signature(
        request.headers.get("x-signature"),
        secret=bank.webhook_secret,
        body=body,
        now=time.time(),
        tolerance=state.settings.signature_tolerance_seconds,
    )
    return await state.proxy.forward(
        request,
        state.upstreams[prefix].next(),
        body=body,
        extra_headers={"authorization": f"Bearer {state.bank_token(bank)}"},
        max_body_bytes=state.settings.max_body_bytes,
    )


@router.post("/v1/contributions/payments/callbacks/{bank_code}")
async def contribution_payment_callback(request: Request, bank_code: str) -> Response:
    """A bank's signed payment callback: verified here, then recorded by the contribution service."""
    return await _verified_bank_forward(request, bank_code, "/v1/contributions")


@router.post("/v1/loans/repayments/callbacks/{bank_code}")
async def loan_repayment_callback(request: Request, bank_code: str) -> Response:
    """A bank's signed loan repayment callback."""
    return await _verified_bank_forward(request, bank_code, "/v1/loans")


def _limit_for(state: GatewayState, request: Request) -> int:
    if request.url.path.endswith(_UPLOAD_SUFFIX):
        return state.settings.max_upload_bytes
    return state.settings.max_body_bytes


def add_service_routes(router: APIRouter, prefixes: list[str]) -> None:
    """One catch-all route per service prefix; replicas are taken in turn."""
    for prefix in prefixes:

        async def forward(request: Request, path: str = "", _prefix: str = prefix) -> Response:
            state = gateway_state(request)
            return await state.proxy.forward(
                request, state.upstreams[_prefix].next(), max_body_bytes=_limit_for(state, request)
            )

        router.add_api_route(f"{prefix}", forward, methods=_METHODS, include_in_schema=False)
        router.add_api_route(
            f"{prefix}/{{path:path}}", forward, methods=_METHODS, include_in_schema=False
        )
