"""The gateway's own routes verify the caller with the keys it signs with."""

from __future__ import annotations

from fastapi import Request

from gateway.state import gateway_state
from shared.web.auth import Principal, bearer_token


async def gateway_principal(request: Request) -> Principal:
    principal = request.scope.get("principal")
    if isinstance(principal, Principal):
        return principal
    token = bearer_token(request.headers.get("authorization"))
    principal = await gateway_state(request).verifier.verify(token)
    request.scope["principal"] = principal
    return principal
