"""Access control tested as an attacker would: every role against every route, through the gateway.

Another party's resource answers 404, a role that may never do a thing 403, a missing, expired,
tampered or wrongly signed token 401.
"""

from __future__ import annotations

import uuid

import pytest
from cryptography.hazmat.primitives import serialization

from gateway.tokens import TokenIssuer
from shared.web.auth import Role
from tests.gateway.conftest import Stack
from tests.support.builders import random_ic

MEMBER_IC = random_ic(age=30)
ROLES = [
    "officer",
    "dashboard",
    "employer",
    "other_employer",
    "member",
    "other_member",
    "bank",
    "centre",
    "secretariat",
]
CLIENTS = {
    "officer": ("officer-1", {}),
    "dashboard": ("ops-dashboard", {}),
    "employer": ("acme-payroll", {}),
    "other_employer": ("other-payroll", {}),
    "member": ("mobile-app", {"ic": MEMBER_IC}),
    "other_member": ("mobile-app", {"ic": random_ic(age=31)}),
    "bank": ("maybank", {}),
    "centre": ("centre-42", {}),
    "secretariat": ("appeals-secretariat", {}),
}

# route -> (method, path, body, {role: expected status}); roles not listed expect 403.
ROUTES: dict[str, tuple[str, str, dict[str, object] | None, dict[str, int]]] = {
    "calculate": (
        "POST",
        "/v1/contributions/calculate",
        {"wage": "1000.00", "category": "first", "month": "2025-07"},
        dict.fromkeys(ROLES, 200),
    ),
    "statement": (
        "GET",
        "/v1/contributions/employers/E1000001/statement",
        None,
        {"officer": 200, "dashboard": 200, "employer": 200, "other_employer": 404},
    ),
    "register employer": (
        "POST",
        "/v1/contributions/employers",
        {"employer_code": "RANDOM", "name": "X"},
        {"officer": 201},
    ),
    "submit for E1000001": (
        "POST",
        "/v1/contributions/employers/E1000001/submissions",
        {"month": "2025-07", "lines": [{"ic": "RANDOMIC", "name": "A", "wage": "100.00"}]},
        {"officer": 201, "employer": 201, "other_employer": 404},
    ),
    "overdue": ("GET", "/v1/contributions/overdue", None, {"officer": 200, "dashboard": 200}),
    "summary": (
        "GET",
        f"/v1/insured-persons/{MEMBER_IC}/summary",
        None,
        {"officer": 200, "dashboard": 200, "member": 200, "other_member": 404},
    ),
    "loans": (
        "GET",
        "/v1/loans",
        None,
        {"officer": 200, "dashboard": 200, "member": 200, "other_member": 200},
    ),
    "record sponsor": (
        "POST",
        "/v1/loans/sponsors",
        {
            "ic": "900101145678",
            "name": "A",
            "condition": "invalidity_pension_recipient",
            "benefit": "invalidity_pension",
        },
        {"officer": 201},
    ),
    "loan of nobody": (
        "GET",
        f"/v1/loans/{uuid.uuid4()}",
        None,
        {"officer": 404, "dashboard": 404, "member": 404, "other_member": 404},
    ),
    "dialysis bills": (
        "GET",
        "/v1/dialysis/bills",
        None,
        {"officer": 200, "dashboard": 200, "centre": 200},
    ),
    "dialysis report": (
        "GET",
        "/v1/dialysis/reports/monthly",
        None,
        {"officer": 200, "dashboard": 200},
    ),
    "accept a loan offer": (
        "POST",
        "/v1/loans/L-NONE/acceptance",
        {"accepted_on": "2025-08-01"},
        {"officer": 404, "member": 404, "other_member": 404},
    ),
    "add a guarantor": (
        "POST",
        "/v1/loans/L-NONE/guarantors",
        {
            "ic": "850101145678",
            "name": "G",
            "malaysian": True,
            "permanent_employment": True,
            "years_with_employer": 5,
            "net_monthly_income": "3000.00",
            "relationship": "family",
            "witness": "public_school_headmaster",
        },
        {"officer": 404, "member": 404, "other_member": 404},
    ),
    "list centres": (
        "GET",
        "/v1/dialysis/centres",
        None,
        {"officer": 200, "dashboard": 200, "member": 200, "other_member": 200, "centre": 200},
    ),
    "register centre": (
        "POST",
        "/v1/dialysis/centres",
        {
            "id": "RANDOMC",
            "name": "X",
            "kind": "ngo",
            "state": "SGR",
            "machines": 1,
            "shifts_per_day": 1,
        },
        {"officer": 201},
    ),
    "appeals": (
        "GET",
        "/v1/appeals",
        None,
        {
            "officer": 200,
            "dashboard": 200,
            "secretariat": 200,
            "member": 200,
            "other_member": 200,
            "employer": 200,
            "other_employer": 200,
        },
    ),
    "schedule hearing": (
        "POST",
        f"/v1/appeals/{uuid.uuid4()}/hearings",
        {"starts_at": "2025-09-01T09:00:00+08:00"},
        {"secretariat": 404},
    ),
    "boards": ("GET", "/v1/appeals/boards", None, dict.fromkeys(ROLES, 200)),
}


def concrete(body: dict[str, object] | None) -> dict[str, object] | None:
    if body is None:
        return None
    text = str(body)
    if "RANDOMIC" in text:
        return {**body, "lines": [{"ic": random_ic(age=30), "name": "A", "wage": "100.00"}]}
    if body.get("employer_code") == "RANDOM":
        return {**body, "employer_code": "E" + uuid.uuid4().hex[:7].upper()}
    if body.get("id") == "RANDOMC":
        return {**body, "id": "C" + uuid.uuid4().hex[:6].upper()}
    return body


@pytest.fixture(scope="module")
async def tokens(stack: Stack) -> dict[str, dict[str, str]]:
    officer = await stack.headers("officer-1")
    for code in ("E1000001", "E2000002"):
        await stack.client.post(
            "/v1/contributions/employers",
            json={"employer_code": code, "name": code},
            headers=officer,
        )
    headers = {
        role: await stack.headers(client_id, **form) for role, (client_id, form) in CLIENTS.items()
    }
    key = serialization.load_pem_private_key(
        (stack.directory / "jwt.pem").read_bytes(), password=None
    )
    gateway_key = TokenIssuer(key, issuer="perkeso-gateway", audience="perkeso")  # type: ignore[arg-type]
    expired = gateway_key.issue(subject="officer-1", role=Role.OFFICER, ttl_seconds=-120)
    forged = TokenIssuer.generate().issue(subject="officer-1", role=Role.OFFICER, ttl_seconds=600)
    good = headers["dashboard"]["Authorization"]
    headers["expired"] = {"Authorization": f"Bearer {expired}"}
    headers["wrong key"] = {"Authorization": f"Bearer {forged}"}
    headers["tampered"] = {
        "Authorization": good[:-6] + ("AAAAAA" if not good.endswith("AAAAAA") else "BBBBBB")
    }
    headers["no token"] = {}
    return headers


CASES = [
    (route, role)
    for route in ROUTES
    for role in [*ROLES, "no token", "expired", "wrong key", "tampered"]
]


@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{r}-{who}" for r, who in CASES])
async def test_each_role_can_do_exactly_what_it_should(
    stack: Stack, tokens: dict[str, dict[str, str]], route: str, role: str
) -> None:
    method, path, body, allowed = ROUTES[route]
    expected = (
        401 if role in ("no token", "expired", "wrong key", "tampered") else allowed.get(role, 403)
    )
    response = await stack.client.request(method, path, json=concrete(body), headers=tokens[role])
    assert response.status_code == expected, (
        f"{role} {method} {path}: {response.status_code} {response.text[:200]}"
    )
    if expected >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
