"""`POST /auth/token` (OAuth2 client credentials) and `GET /.well-known/jwks.json`."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from fastapi import APIRouter, Request

from gateway.clients import Client
from gateway.oidc import TOKEN_EXCHANGE, lifetime
from gateway.state import GatewayState, gateway_state
from shared.kernel.errors import DomainError, InvalidInput, Unauthorized, Violation
from shared.kernel.i18n import message_of, msg
from shared.kernel.ic import InvalidIC, normalise_ic
from shared.web.auth import Role

router = APIRouter(tags=["auth"])


class UnsupportedGrant(DomainError):
    status = 400
    problem_type = "unsupported-grant-type"
    title = msg("Unsupported grant type")


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def _identity_claims(client: Client, form: dict[str, Any]) -> dict[str, str]:
    if client.role is Role.EMPLOYER:
        return {"employer_code": client.employer_code or ""}
    if client.role is Role.BANK:
        return {"bank_code": client.bank_code or ""}
    if client.role is Role.DIALYSIS_CENTRE:
        return {"centre_id": client.centre_id or ""}
    if client.role is Role.OFFICER and client.branch:
        return {"branch": client.branch}
    if client.role is Role.MEMBER:
        raw = form.get("ic")
        if not raw:
            raise InvalidInput(
                msg("A member token acts for one insured person: give their IC number"),
                violations=[Violation(field="ic", message=msg("required for member clients"))],
            )
        try:
            return {"ic": normalise_ic(str(raw))}
        except InvalidIC as exc:
            raise InvalidInput(
                message_of(exc), violations=[Violation(field="ic", message=message_of(exc))]
            ) from exc
    return {}


# What the documents show a newcomer (the token is shortened: a real one is an EdDSA JWT).
TOKEN_EXAMPLE = {
    "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6ImdhdGV3YXktMSJ9.eyJzdWIiOiJvZmZpY2VyLTEifQ.c2ln",
    "token_type": "bearer",
    "expires_in": 900,
}
JWKS_EXAMPLE = {
    "keys": [
        {
            "kty": "OKP",
            "crv": "Ed25519",
            "kid": "gateway-1",
            "use": "sig",
            "alg": "EdDSA",
            "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
        }
    ]
}


@router.post(
    "/auth/token",
    summary="Exchange client credentials for a bearer token",
    responses={200: {"content": {"application/json": {"example": TOKEN_EXAMPLE}}}},
)
async def issue_token(request: Request) -> dict[str, Any]:
    """OAuth2 client credentials, as a form or with HTTP Basic; or, where the organisation's
    identity provider is configured, an officer's token from it (RFC 8693 token exchange:
    `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`, `subject_token`)."""
    state = gateway_state(request)
    form = dict(await request.form())
    grant_type = form.get("grant_type")
    if grant_type == TOKEN_EXCHANGE and state.external_officers is not None:
        return await _exchange(state, str(form.get("subject_token", "")))
    if grant_type != "client_credentials":
        raise UnsupportedGrant(
            "Only grant_type=client_credentials is supported"
            + (" (and token exchange)" if state.external_officers else ""),
            extra={"error": "unsupported_grant_type"},
        )
    basic = _basic_credentials(request.headers.get("authorization"))
    client_id, secret = (
        basic if basic else (str(form.get("client_id", "")), str(form.get("client_secret", "")))
    )
    client = state.clients.get(client_id)
    if client is None or not secret or not client.secret_matches(secret):
        raise Unauthorized(msg("Unknown client or wrong secret"))
    identity = _identity_claims(client, form)
    ttl = state.settings.token_ttl_seconds
    token = state.issuer.issue(
        subject=client.id, role=client.role, ttl_seconds=ttl, identity=identity
    )
    return {"access_token": token, "token_type": "bearer", "expires_in": ttl}


async def _exchange(state: GatewayState, subject_token: str) -> dict[str, Any]:
    """An officer's token from the identity provider, for a platform token naming them."""
    assert state.external_officers is not None
    if not subject_token:
        raise InvalidInput(
            msg("Give the identity provider's token as subject_token"),
            violations=[Violation(field="subject_token", message=msg("required"))],
        )
    officer = await state.external_officers.verify(subject_token)
    ttl = lifetime(officer, state.settings.token_ttl_seconds)
    token = state.issuer.issue(
        subject=officer.actor,
        role=Role.OFFICER,
        ttl_seconds=ttl,
        identity={"branch": officer.branch} if officer.branch else {},
    )
    return {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": ttl,
        "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
    }


@router.get(
    "/.well-known/jwks.json",
    summary="The public keys that verify gateway tokens",
    responses={200: {"content": {"application/json": {"example": JWKS_EXAMPLE}}}},
)
async def jwks(request: Request) -> dict[str, Any]:
    """Services fetch this to verify bearer tokens themselves."""
    return gateway_state(request).issuer.jwks()
