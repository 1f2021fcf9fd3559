"""Tokens for tests, signed by a gateway key the in-process services trust."""

from __future__ import annotations

from gateway.tokens import TokenIssuer
from shared.web.auth import Role, TokenVerifier

ISSUER = TokenIssuer.generate()


def verifier() -> TokenVerifier:
    return TokenVerifier(issuer="perkeso-gateway", audience="perkeso", jwks=ISSUER.jwks())


def token(role: Role | str, client_id: str | None = None, ttl: int = 3600, **identity: str) -> str:
    role = Role(role)
    return ISSUER.issue(
        subject=client_id or f"test-{role.value}",
        role=role,
        ttl_seconds=ttl,
        identity=identity,
    )


def headers(role: Role | str, client_id: str | None = None, **identity: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(role, client_id, **identity)}"}


def officer() -> dict[str, str]:
    return headers(Role.OFFICER, "officer-1")


def dashboard() -> dict[str, str]:
    return headers(Role.DASHBOARD, "ops-dashboard")


def employer(code: str) -> dict[str, str]:
    return headers(Role.EMPLOYER, f"employer-{code}", employer_code=code)


def member(ic: str) -> dict[str, str]:
    return headers(Role.MEMBER, "mobile-app", ic=ic)


def bank(code: str = "MBB") -> dict[str, str]:
    return headers(Role.BANK, f"bank-{code}", bank_code=code)


def centre(centre_id: str) -> dict[str, str]:
    return headers(Role.DIALYSIS_CENTRE, f"centre-{centre_id}", centre_id=centre_id)


def secretariat() -> dict[str, str]:
    return headers(Role.BOARD_SECRETARIAT, "appeals-secretariat")
