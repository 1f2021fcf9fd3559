"""Bearer-token verification in every service: JWTs signed by the gateway, checked against its JWKS.

No service trusts an identity header; each verifies the signature, issuer, audience and expiry itself.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
import jwt
import structlog
from jwt import PyJWK, PyJWKSet

from shared.kernel.errors import Forbidden, NotFound, Unauthorized
from shared.kernel.i18n import msg

log = structlog.get_logger(__name__)

ALGORITHMS = ["EdDSA"]
# The claim the gateway sets only on the short-lived token it mints after verifying a bank's
# callback signature; no token from `/auth/token` carries it, so a bank's client secret alone
# can never record money.
SIGNED_CALLBACK_CLAIM = "signed_callback"
JWKS_REFRESH_MIN_SECONDS = 10.0
_VERIFIED_CACHE_SIZE = 4096


class Role(StrEnum):
    OFFICER = "officer"
    DASHBOARD = "dashboard"
    EMPLOYER = "employer"
    MEMBER = "member"
    BANK = "bank"
    DIALYSIS_CENTRE = "dialysis_centre"
    BOARD_SECRETARIAT = "board_secretariat"
    OPERATOR = "operator"  # platform operations: consumers, replays; no business records


@dataclass(frozen=True)
class Principal:
    """Who is calling: the client, its role, and the one identity it may act for, if any."""

    client_id: str
    role: Role
    employer_code: str | None = None
    ic: str | None = None
    bank_code: str | None = None
    centre_id: str | None = None
    branch: str | None = None  # an officer's office, when the identity provider gives one
    expires_at: float = 0.0
    signed_callback: bool = False

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Principal:
        try:
            role = Role(str(claims["role"]))
        except (KeyError, ValueError) as exc:
            raise Unauthorized(msg("The token carries no known role")) from exc
        return cls(
            client_id=str(claims["sub"]),
            role=role,
            employer_code=claims.get("employer_code"),
            ic=claims.get("ic"),
            bank_code=claims.get("bank_code"),
            centre_id=claims.get("centre_id"),
            branch=claims.get("branch"),
            expires_at=float(claims.get("exp", 0)),
            signed_callback=claims.get(SIGNED_CALLBACK_CLAIM) is True,
        )

    def require_role(self, *roles: Role) -> None:
        """403 when the role may not use the operation at all (identity checks answer 404 instead)."""
        if self.role not in roles:
            allowed = ", ".join(sorted(r.value for r in roles))
            raise Forbidden(
                msg(
                    "Role '{role}' may not do this; allowed: {allowed}",
                    role=self.role.value,
                    allowed=allowed,
                )
            )

    @property
    def identity_key(self) -> str:
        """The one identity this token acts for (a member, an employer, a bank, a centre), else
        its client: what rate limits and idempotency keys are kept per."""
        if self.role is Role.MEMBER and self.ic:
            # Hashed: the key is kept in memory and in tables where no IC belongs.
            return "member:" + hashlib.sha256(self.ic.encode()).hexdigest()[:32]
        if self.role is Role.EMPLOYER and self.employer_code:
            return f"employer:{self.employer_code}"
        if self.role is Role.BANK and self.bank_code:
            return f"bank:{self.bank_code}"
        if self.role is Role.DIALYSIS_CENTRE and self.centre_id:
            return f"centre:{self.centre_id}"
        return f"client:{self.client_id}"

    @property
    def identity_scope(self) -> str:
        """The client and the identity it acts for, at most 120 characters (a stored key's owner)."""
        scope = f"{self.client_id}|{self.identity_key}" + (
            "|signed" if self.signed_callback else ""
        )
        if len(scope) <= 120:
            return scope
        return "sha256:" + hashlib.sha256(scope.encode()).hexdigest()

    def require_person_reader(self, ic: str, *staff: Role) -> None:
        """One insured person's records: the `staff` roles read anyone's, a member only their
        own (another person's: 404, as if they did not exist), any other role 403."""
        if self.role is Role.MEMBER:
            if self.ic != ic:
                raise NotFound(msg("Insured person not found"))
            return
        self.require_role(*staff, Role.MEMBER)

    def require_signed_callback(self) -> None:
        """403 unless this is the gateway's token for a bank callback whose signature it verified."""
        self.require_role(Role.BANK)
        if not self.signed_callback:
            raise Forbidden(
                msg(
                    "Bank callbacks are accepted only signed, through the gateway; a client token alone may not record a payment"
                )
            )


class TokenVerifier:
    """Verifies tokens against a key set fetched from the gateway's JWKS URL (or given directly)."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        jwks: dict[str, Any] | None = None,
    ) -> None:
        self._issuer = issuer
        self._audience = audience
        self._jwks_url = jwks_url
        self._keys: dict[str, PyJWK] = {}
        self._last_fetch = 0.0
        self._fetch_lock = asyncio.Lock()
        # Verified tokens are cached by their exact text so a hot client pays for the signature once.
        self._verified: OrderedDict[str, Principal] = OrderedDict()
        if jwks is not None:
            self._load(jwks)

    def _load(self, jwks: dict[str, Any]) -> None:
        key_set = PyJWKSet.from_dict(jwks)
        self._keys = {str(k.key_id): k for k in key_set.keys}

    async def _refresh(self) -> None:
        if self._jwks_url is None:
            return
        async with self._fetch_lock:
            if time.monotonic() - self._last_fetch < JWKS_REFRESH_MIN_SECONDS and self._keys:
                return
            try:
                async with httpx.AsyncClient(timeout=3.0) as client:
                    response = await client.get(self._jwks_url)
                    response.raise_for_status()
                    self._load(response.json())
                self._last_fetch = time.monotonic()
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("auth.jwks_fetch_failed", url=self._jwks_url, error=str(exc))
                self._last_fetch = time.monotonic()

    async def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            if cached.expires_at > time.time():
                self._verified.move_to_end(token)
                return cached
            self._verified.pop(token, None)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized(msg("The bearer token is malformed")) from exc
        kid = header.get("kid")
        if header.get("alg") not in ALGORITHMS:
            raise Unauthorized(msg("The bearer token is not signed with an accepted algorithm"))
        key = self._keys.get(str(kid))
        if key is None:
            await self._refresh()
            key = self._keys.get(str(kid))
        if key is None:
            raise Unauthorized(msg("The bearer token is signed by an unknown key"))
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "role"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(msg("The bearer token has expired")) from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(msg("The bearer token does not verify")) from exc
        principal = Principal.from_claims(claims)
        self._verified[token] = principal
        if len(self._verified) > _VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)
        return principal


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer ...` header, or 401."""
    if not authorization:
        raise Unauthorized()
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(msg("Use the Authorization header with the Bearer scheme"))
    return token.strip()
