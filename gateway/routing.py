"""The signed bank callbacks: verified here, then passed to their service with a bank token.

Every other request under a service's prefix is passed on by gateway.service_proxy.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from starlette.responses import Response

from gateway.signatures import verify_signature
from gateway.state import gateway_state
from shared.kernel.errors import Unauthorized
from shared.kernel.i18n import msg

router = APIRouter(include_in_schema=False)


async def _verified_bank_forward(request: Request, bank_code: str, prefix: str) -> Response:
    state = gateway_state(request)
    bank = state.clients.bank(bank_code)
    body = await request.body()
    if len(body) > state.settings.max_body_bytes:
        raise Unauthorized(msg("Callback body too large to verify"))
    if bank is None or bank.webhook_secret is None:
        raise Unauthorized(msg("Unknown bank_code {bank_code!r}", bank_code=bank_code))
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
