"""What the running gateway holds, reached from routes through `request.app.state.gateway`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import cast

from fastapi import Request

from gateway.clients import Client, ClientRegistry
from gateway.config import GatewaySettings
from gateway.oidc import ExternalOfficers
from gateway.proxy import UpstreamProxy
from gateway.tokens import TokenIssuer
from gateway.upstreams import Upstream
from shared.messaging.bus import EventBus
from shared.web.auth import Role, TokenVerifier

# A callback token minted for a verified callback is reused until this close to its expiry.
_BANK_TOKEN_TTL = 600
_BANK_TOKEN_MARGIN = 60


@dataclass
class GatewayState:
    settings: GatewaySettings
    clients: ClientRegistry
    issuer: TokenIssuer
    verifier: TokenVerifier
    proxy: UpstreamProxy
    bus: EventBus
    upstreams: dict[str, Upstream]
    # The organisation's identity provider for officers, when one is configured (gateway/oidc.py).
    external_officers: ExternalOfficers | None = None
    _bank_tokens: dict[str, tuple[str, float]] = field(default_factory=dict)

    def bank_token(self, bank: Client) -> str:
        """A short-lived bearer token for a bank whose callback signature the gateway verified."""
        cached = self._bank_tokens.get(bank.id)
        now = time.time()
        if cached and cached[1] - _BANK_TOKEN_MARGIN > now:
            return cached[0]
        token = self.issuer.issue(
            subject=bank.id,
            role=Role.BANK,
            ttl_seconds=_BANK_TOKEN_TTL,
            identity={"bank_code": bank.bank_code or ""},
            signed_callback=True,
            now=now,
        )
        self._bank_tokens[bank.id] = (token, now + _BANK_TOKEN_TTL)
        return token


def gateway_state(request: Request) -> GatewayState:
    return cast(GatewayState, request.app.state.gateway)
