"""Token issuing: Ed25519-signed JWTs, and the JWKS every service verifies them against."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from shared.web.auth import SIGNED_CALLBACK_CLAIM, Role


class TokenIssuer:
    def __init__(self, private_key: Ed25519PrivateKey, *, issuer: str, audience: str) -> None:
        self._key = private_key
        self._issuer = issuer
        self._audience = audience
        public = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.kid = hashlib.sha256(public).hexdigest()[:16]
        jwk = json.loads(OKPAlgorithm.to_jwk(private_key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "EdDSA"})
        self._jwks = {"keys": [jwk]}

    @classmethod
    def generate(cls, *, issuer: str = "perkeso-gateway", audience: str = "perkeso") -> TokenIssuer:
        return cls(Ed25519PrivateKey.generate(), issuer=issuer, audience=audience)

    def jwks(self) -> dict[str, Any]:
        return self._jwks

    def issue(
        self,
        *,
        subject: str,
        role: Role,
        ttl_seconds: int,
        identity: dict[str, str] | None = None,
        signed_callback: bool = False,
        now: float | None = None,
    ) -> str:
        issued = int(now if now is not None else time.time())
        # The identity goes first: no value of a clients file may stand in for a reserved claim.
        claims: dict[str, Any] = {
            **(identity or {}),
            "iss": self._issuer,
            "aud": self._audience,
            "sub": subject,
            "role": role.value,
            "iat": issued,
            "nbf": issued - 5,
            "exp": issued + ttl_seconds,
            "jti": uuid.uuid4().hex,
        }
        if signed_callback:
            claims[SIGNED_CALLBACK_CLAIM] = True
        return jwt.encode(claims, self._key, algorithm="EdDSA", headers={"kid": self.kid})


def load_or_create_private_key(path: Path, *, create: bool) -> Ed25519PrivateKey:
    """Read the PEM key; in development create one on first start (never in production)."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path.name} is not an Ed25519 private key")
        return key
    if not create:
        raise FileNotFoundError(f"JWT private key {path} is missing")
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.touch(mode=0o600)
    path.write_bytes(pem)
    return key
