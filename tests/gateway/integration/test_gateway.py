"""The gateway in front of a real contribution service: tokens, JWKS, routing, signed callbacks."""

from __future__ import annotations

import base64
import time
from datetime import date

import httpx
import jwt
import pytest

from gateway.signatures import sign
from tests.gateway.conftest import Stack, secret_of
from tests.support.builders import random_ic, random_txn_id

BASE = "/v1/contributions"


async def test_client_credentials_give_a_bearer_token(stack: Stack) -> None:
    response = await stack.client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "officer-1",
            "client_secret": secret_of("officer-1"),
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert (claims["sub"], claims["role"]) == ("officer-1", "officer")


async def test_http_basic_works_too(stack: Stack) -> None:
    basic = base64.b64encode(f"acme-payroll:{secret_of('acme-payroll')}".encode()).decode()
    response = await stack.client.post(
        "/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["employer_code"] == "E1000001"


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "client_credentials", "client_id": "officer-1", "client_secret": "wrong"},
        {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"},
        {"grant_type": "client_credentials", "client_id": "officer-1"},
    ],
)
async def test_wrong_credentials_are_401(stack: Stack, form: dict[str, str]) -> None:
    response = await stack.client.post("/auth/token", data=form)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_member_token_needs_a_valid_ic(stack: Stack) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": "mobile-app",
        "client_secret": secret_of("mobile-app"),
    }
    assert (await stack.client.post("/auth/token", data=form)).status_code == 422
    assert (
        await stack.client.post("/auth/token", data={**form, "ic": "901301-14-5678"})
    ).status_code == 422
    ok = await stack.client.post("/auth/token", data={**form, "ic": "900101-14-5678"})
    assert (
        jwt.decode(ok.json()["access_token"], options={"verify_signature": False})["ic"]
        == "900101145678"
    )


async def test_jwks_publishes_the_verification_key(stack: Stack) -> None:
    keys = (await stack.client.get("/.well-known/jwks.json")).json()["keys"]
    assert keys[0]["kty"] == "OKP"
    assert keys[0]["alg"] == "EdDSA"


async def test_requests_are_routed_to_the_service_with_the_request_id(stack: Stack) -> None:
    headers = {**await stack.headers("ops-dashboard"), "X-Request-ID": "trace-abc-123"}
    response = await stack.client.post(
        f"{BASE}/calculate",
        json={"wage": "1950.00", "category": "first", "month": "2025-07"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["socso"]["total"] == "43.90"
    assert response.headers["x-request-id"] == "trace-abc-123"


async def test_proxied_requests_keep_the_gateways_headers_limits_and_metrics(stack: Stack) -> None:
    """Requests under a service prefix bypass the gateway's router (gateway.service_proxy) but
    not what wraps it: security headers, rate limits, request ids, metrics per route template."""
    headers = await stack.headers("ops-dashboard")
    response = await stack.client.get(f"{BASE}/banks", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-request-id"]
    metrics = (await stack.client.get("/metrics")).text
    assert 'route="/v1/contributions/{path:path}"' in metrics
    head = await stack.client.head(f"{BASE}/banks", headers=headers)
    assert head.status_code == 405
    assert "GET" in head.headers["allow"]


async def test_a_callback_path_with_another_method_is_passed_to_the_service(stack: Stack) -> None:
    """Only a POST is the gateway's signed callback; a GET there is the service's to answer."""
    headers = await stack.headers("ops-dashboard")
    forwarded = 'method="GET",route="/v1/contributions/{path:path}",service="gateway",status="405"'

    async def forwarded_405s() -> float:
        for line in (await stack.client.get("/metrics")).text.splitlines():
            if line.startswith("http_requests_total{") and forwarded in line:
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = await forwarded_405s()
    response = await stack.client.get(f"{BASE}/payments/callbacks/MBB", headers=headers)
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await forwarded_405s() == before + 1
    unsigned = await stack.client.post(f"{BASE}/payments/callbacks/MBB", json={})
    assert unsigned.status_code == 401


async def test_a_token_signed_by_another_key_is_refused_by_the_service(stack: Stack) -> None:
    from gateway.tokens import TokenIssuer
    from shared.web.auth import Role

    forged = TokenIssuer.generate().issue(subject="officer-1", role=Role.OFFICER, ttl_seconds=600)
    response = await stack.client.get(
        f"{BASE}/banks", headers={"Authorization": f"Bearer {forged}"}
    )
    assert response.status_code == 401


async def _submission(stack: Stack, code: str = "E1000001") -> dict[str, object]:
    officer = await stack.headers("officer-1")
    await stack.client.post(
        f"{BASE}/employers", json={"employer_code": code, "name": "Acme"}, headers=officer
    )
    employer = await stack.headers("acme-payroll")
    response = await stack.client.post(
        f"{BASE}/employers/{code}/submissions",
        json={
            "month": "2025-07",
            "lines": [
                {"ic": random_ic(age=30, on=date(2025, 7, 1)), "name": "Siti", "wage": "3450.00"}
            ],
        },
        headers=employer,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def signed(body: bytes, secret: str = "whsec-maybank", at: float | None = None) -> dict[str, str]:
    return {
        "X-Signature": sign(secret, int(at if at is not None else time.time()), body),
        "Content-Type": "application/json",
    }


async def test_a_signed_callback_settles_the_submission(stack: Stack) -> None:
    sub = await _submission(stack)
    body = httpx.Request(
        "POST",
        "/",
        json={
            "bank_txn_id": random_txn_id(),
            "reference": sub["reference"],
            "amount": "91.40",
            "paid_at": "2025-08-14T09:00:00+08:00",
            "channel": "FPX",
        },
    ).content
    response = await stack.client.post(
        f"{BASE}/payments/callbacks/MBB", content=body, headers=signed(body)
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "settled"


@pytest.mark.parametrize(
    "tamper", ["wrong key", "stale", "altered body", "unknown bank", "missing", "other bank's key"]
)
async def test_bad_signatures_are_401_and_record_nothing(stack: Stack, tamper: str) -> None:
    sub = await _submission(stack)
    txn = random_txn_id()
    body = httpx.Request(
        "POST",
        "/",
        json={
            "bank_txn_id": txn,
            "reference": sub["reference"],
            "amount": "91.40",
            "paid_at": "2025-08-14T09:00:00+08:00",
            "channel": "FPX",
        },
    ).content
    bank = "MBB"
    headers = signed(body)
    if tamper == "wrong key":
        headers = signed(body, "not-the-secret")
    elif tamper == "stale":
        headers = signed(body, at=time.time() - 301)
    elif tamper == "altered body":
        body = body.replace(b"91.40", b"1.40")
    elif tamper == "unknown bank":
        bank = "XYZ"
    elif tamper == "missing":
        headers.pop("X-Signature")
    elif tamper == "other bank's key":
        headers = signed(body, "whsec-cimb")
    response = await stack.client.post(
        f"{BASE}/payments/callbacks/{bank}", content=body, headers=headers
    )
    assert response.status_code == 401
    statement = await stack.client.get(
        f"{BASE}/employers/E1000001/statement", headers=await stack.headers("officer-1")
    )
    assert txn not in {p["bank_txn_id"] for p in statement.json()["payments"]}


async def test_an_employer_reading_another_employers_statement_gets_404(stack: Stack) -> None:
    officer = await stack.headers("officer-1")
    await stack.client.post(
        f"{BASE}/employers", json={"employer_code": "E2000002", "name": "Other"}, headers=officer
    )
    response = await stack.client.get(
        f"{BASE}/employers/E2000002/statement", headers=await stack.headers("acme-payroll")
    )
    assert response.status_code == 404


async def test_health_endpoints_need_no_token(stack: Stack) -> None:
    assert (await stack.client.get("/healthz")).status_code == 200
    assert (await stack.client.get("/metrics")).status_code == 200
    ready = await stack.client.get("/readyz")
    assert ready.status_code == 200, ready.text
