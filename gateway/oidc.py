"""Officers from an organisation's own OpenID Connect provider (Keycloak, Entra ID, ...).

The provider signs an officer's ID or access token; the gateway checks it against the provider's
JWKS (issuer, audience, expiry, signature), requires the officer role in the configured claim,
and exchanges it at `/auth/token` (RFC 8693 token exchange) for a platform token whose `sub`
is the officer's name from the provider: the actor on everything they do. Services keep
trusting only the gateway's own keys.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import jwt
from jwt import PyJWKClient

from gateway.config import GatewaySettings
from shared.kernel.errors import Forbidden, Unauthorized
from shared.kernel.i18n import msg

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"  # noqa: S105 - a grant name
# What a provider signs with; never "none", never a shared-secret HMAC.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]


@dataclass(frozen=True)
class ExternalOfficer:
    actor: str
    branch: str | None
    expires_at: int


class ExternalOfficers:
    def __init__(self, settings: GatewaySettings) -> None:
        if not settings.oidc_jwks_url:
            raise ValueError("OIDC_JWKS_URL is required to trust an identity provider")
        self._settings = settings
        # Keys are cached and refetched when a token names a key id not yet seen (rotation).
        self._keys = PyJWKClient(settings.oidc_jwks_url, cache_keys=True, lifespan=300)

    async def verify(self, token: str) -> ExternalOfficer:
        s = self._settings
        try:
            # PyJWKClient fetches with urllib: off the event loop.
            key = await asyncio.to_thread(self._keys.get_signing_key_from_jwt, token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=ALGORITHMS,
                issuer=s.oidc_issuer,
                audience=s.oidc_audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(
                msg("The identity provider's token does not verify: {exc}", exc=exc)
            ) from exc
        if s.oidc_officer_role not in _roles(claims, s.oidc_role_claim):
            raise Forbidden(
                msg(
                    "The identity provider does not give this user {oidc_officer_role}",
                    oidc_officer_role=s.oidc_officer_role,
                )
            )
        actor = str(claims.get(s.oidc_actor_claim) or claims["sub"])
        branch = claims.get(s.oidc_branch_claim)
        return ExternalOfficer(actor, str(branch) if branch else None, int(claims["exp"]))


def _roles(claims: dict[str, Any], path: str) -> list[str]:
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value] if isinstance(value, list) else []


def lifetime(officer: ExternalOfficer, ceiling: int) -> int:
    """A platform token never outlives the provider's."""
    return max(0, min(ceiling, officer.expires_at - int(time.time())))
