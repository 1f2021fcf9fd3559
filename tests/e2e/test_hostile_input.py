"""Hostile input against the running system: property-based requests from the merged OpenAPI document,
plus oversized, deeply nested, invalid UTF-8 and injection payloads. No 500s; every error a problem document."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings

from gateway.signatures import sign
from tests.e2e.conftest import System

INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE payments; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "\u0000",
    "%00",
    "{{7*7}}",
]


def test_generated_requests_never_get_a_500(system: System) -> None:
    """Every operation of the merged document, a few property-based cases each (schemathesis + hypothesis)."""
    document = httpx.get(f"{system.gateway}/openapi.json", timeout=30).json()
    # The event stream never ends, and the callbacks need a live signature (tested below).
    schema = schemathesis.openapi.from_dict(document).exclude(
        path_regex=r"^/v1/events/stream$|/callbacks/"
    )
    headers = system.headers("officer-1")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=3,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            response = case.call(base_url=system.gateway, headers=headers, timeout=30)
            content_type = response.headers.get("content-type") or [""]
            problem = str(
                content_type[0] if isinstance(content_type, list) else content_type
            ).startswith("application/problem+json")
            if response.status_code >= 500 or (response.status_code >= 400 and not problem):
                failures.append(
                    f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:200]}"
                )

        check()
    assert operations > 50, "the merged document carries every service's operations"
    assert failures == []


def _assert_clean(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")


def test_oversized_deep_invalid_and_injected_bodies(system: System) -> None:
    officer = {**system.headers("officer-1"), "Content-Type": "application/json"}
    with httpx.Client(base_url=system.gateway, timeout=30) as http:
        _assert_clean(
            http.post(
                "/v1/contributions/calculate",
                content=b'{"wage": "' + b"9" * (3 << 20) + b'"}',
                headers=officer,
            )
        )
        deep = "[" * 50_000 + "]" * 50_000
        _assert_clean(
            http.post("/v1/contributions/calculate", content=deep.encode(), headers=officer)
        )
        _assert_clean(
            http.post(
                "/v1/contributions/calculate",
                content=b'{"wage": "\xff\xfe", "category": "first"}',
                headers=officer,
            )
        )
        for text in INJECTIONS:
            _assert_clean(
                http.post(
                    "/v1/contributions/employers",
                    json={"employer_code": text, "name": text},
                    headers=officer,
                )
            )
            _assert_clean(
                http.post(
                    "/v1/contributions/employers",
                    json={"employer_code": "E7777777", "name": text},
                    headers=officer,
                )
            )
            _assert_clean(
                http.get(
                    f"/v1/contributions/employers/{quote(text, safe='')}/statement", headers=officer
                )
            )
            _assert_clean(
                http.post(
                    "/v1/appeals",
                    json={
                        "appellant_kind": "organisation",
                        "appellant_name": text,
                        "act": "act4",
                        "section": text,
                        "matter": text,
                        "cause_of_action_date": "2024-01-01",
                        "state": "SGR",
                    },
                    headers=officer,
                )
            )
        listed = http.get("/v1/contributions/employers/E7777777", headers=officer)
        assert listed.status_code in (200, 404)


def test_signature_and_timestamp_tampering_on_callbacks(system: System) -> None:
    body = json.dumps(
        {
            "bank_txn_id": "TAMPER-1",
            "reference": "X",
            "amount": "1.00",
            "paid_at": "2025-08-18T10:00:00+08:00",
            "channel": "FPX",
        }
    ).encode()
    url = f"{system.gateway}/v1/contributions/payments/callbacks/MBB"
    now = int(time.time())
    attempts = [
        {"X-Signature": sign("whsec-e2e-maybank", now + 330, body)},
        {"X-Signature": sign("whsec-e2e-maybank", now - 330, body)},
        {"X-Signature": sign("whsec-e2e-maybank", now, body).replace("v1=", "v1=0")},
        {"X-Signature": f"t={now},v1=" + "0" * 64},
        {"X-Signature": f"t={now}"},
        {"X-Signature": "garbage"},
        {"X-Signature": sign("whsec-e2e-maybank", now, body) + ",t=1"},
        {},
    ]
    for headers in attempts:
        response = httpx.post(
            url, content=body, headers={**headers, "Content-Type": "application/json"}, timeout=30
        )
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
