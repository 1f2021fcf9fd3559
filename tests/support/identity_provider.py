"""An organisation's identity provider, as far as the gateway sees one: an RSA key the test
suite makes itself, its JWKS served over HTTP, and the officers' tokens it signs."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://sso.perkeso.example/realms/staff"
AUDIENCE = "perkeso-back-office"


class IdentityProvider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex[:12]

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def app(self) -> FastAPI:
        app = FastAPI()
        app.get("/protocol/openid-connect/certs")(self.jwks)
        return app

    def token(
        self,
        username: str,
        *,
        roles: list[str] | None = None,
        ttl: int = 300,
        issuer: str = ISSUER,
        audience: str = AUDIENCE,
        **claims: Any,
    ) -> str:
        now = int(time.time())
        payload = {
            "iss": issuer,
            "aud": audience,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, username)),
            "preferred_username": username,
            "iat": now,
            "exp": now + ttl,
            "realm_access": {"roles": roles if roles is not None else ["perkeso-officer"]},
            **claims,
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})
