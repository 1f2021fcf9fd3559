"""Tokens for tests, signed by a gateway key the in-process services trust."""

from __future__ import annotations

from gateway.tokens import TokenIssuer
from shared.web.auth import Role, TokenVerifier

ISSUER = TokenIssuer.generate()


def verifier() -> TokenVerifier:
    return TokenVerifier(issuer="perkeso-gateway", audience="perkeso", jwks=ISSUER.jwks())


def token(
    role: Role | str,
    client_id: str | None = None,
    ttl: int = 3600,
    *,
    signed_callback: bool = False,
    **identity: str,
) -> str:
    role = Role(role)
    return ISSUER.issue(
        subject=client_id or f"test-{role.value}",
        role=role,
        ttl_seconds=ttl,
        identity=identity,
        signed_callback=signed_callback,
    )


def headers(
    role: Role | str,
    client_id: str | None = None,
    *,
    signed_callback: bool = False,
    **identity: str,
) -> dict[str, str]:
    bearer = token(role, client_id, signed_callback=signed_callback, **identity)
    return {"Authorization": f"Bearer {bearer}"}


def officer(client_id: str = "officer-1") -> dict[str, str]:
    """An officer by name: four eyes needs a second one (`officer("officer-2")`)."""
    return headers(Role.OFFICER, client_id)


def dashboard() -> dict[str, str]:
    return headers(Role.DASHBOARD, "ops-dashboard")


def employer(code: str) -> dict[str, str]:
    return headers(Role.EMPLOYER, f"employer-{code}", employer_code=code)


def member(ic: str) -> dict[str, str]:
    return headers(Role.MEMBER, "mobile-app", ic=ic)


def bank(code: str = "MBB") -> dict[str, str]:
    """What the gateway sends a service with a bank callback whose signature it verified."""
    return headers(Role.BANK, f"bank-{code}", signed_callback=True, bank_code=code)


def bank_client(code: str = "MBB") -> dict[str, str]:
    """A bank's own client token from `/auth/token`: never enough to record money."""
    return headers(Role.BANK, f"bank-{code}", bank_code=code)


def centre(centre_id: str) -> dict[str, str]:
    return headers(Role.DIALYSIS_CENTRE, f"centre-{centre_id}", centre_id=centre_id)


def secretariat() -> dict[str, str]:
    return headers(Role.BOARD_SECRETARIAT, "appeals-secretariat")


def operator(client_id: str = "ops-1") -> dict[str, str]:
    """Platform operations: consumers' replays and dead letters, no business records."""
    return headers(Role.OPERATOR, client_id)
