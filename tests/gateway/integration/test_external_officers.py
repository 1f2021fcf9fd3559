"""Officers from the organisation's own OpenID Connect provider (issue 17): the gateway checks the
provider's token against its JWKS and exchanges it for a platform token naming the officer."""

from __future__ import annotations

import jwt
import pytest

from gateway.oidc import TOKEN_EXCHANGE
from tests.gateway.conftest import IDENTITY_PROVIDER, Stack
from tests.support.identity_provider import AUDIENCE, IdentityProvider


async def exchange(stack: Stack, subject_token: str) -> object:
    return await stack.client.post(
        "/auth/token",
        data={
            "grant_type": TOKEN_EXCHANGE,
            "subject_token": subject_token,
            "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
        },
    )


async def test_an_officer_of_the_provider_acts_by_their_own_name(stack: Stack) -> None:
    answer = await exchange(stack, IDENTITY_PROVIDER.token("aminah.kl", branch="KL"))
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    token = answer.json()["access_token"]  # type: ignore[attr-defined]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["sub"], claims["role"], claims["branch"]) == ("aminah.kl", "officer", "KL")
    assert claims["exp"] - claims["iat"] <= 300  # never outlives the provider's token
    queue = await stack.client.get("/v1/approvals", headers={"Authorization": f"Bearer {token}"})
    assert queue.status_code == 200, queue.text


@pytest.mark.parametrize(
    "token",
    [
        IDENTITY_PROVIDER.token("clerk", roles=["perkeso-viewer"]),
        IDENTITY_PROVIDER.token("late", ttl=-60),
        IDENTITY_PROVIDER.token("elsewhere", audience="another-app"),
        IDENTITY_PROVIDER.token("impostor", issuer="https://evil.example/realms/staff"),
        IdentityProvider().token("forged"),  # a key the provider never published
        "not-a-jwt",
    ],
    ids=["not-an-officer", "expired", "wrong-audience", "wrong-issuer", "forged", "garbage"],
)
async def test_a_token_the_provider_did_not_give_an_officer_gets_nothing(
    stack: Stack, token: str
) -> None:
    answer = await exchange(stack, token)
    assert answer.status_code in (401, 403), answer.text  # type: ignore[attr-defined]
    assert "access_token" not in answer.text  # type: ignore[attr-defined]


async def test_the_provider_token_alone_opens_no_service(stack: Stack) -> None:
    """Services trust the gateway's keys only: the provider's token is exchanged, never passed on."""
    raw = IDENTITY_PROVIDER.token("aminah.kl")
    refused = await stack.client.get("/v1/approvals", headers={"Authorization": f"Bearer {raw}"})
    assert refused.status_code == 401


def test_the_audience_is_the_back_office() -> None:
    assert AUDIENCE == "perkeso-back-office"
