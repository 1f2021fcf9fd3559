"""Generated requests over every OpenAPI document: each service's own, and the gateway's merged one.

Schemathesis builds requests from each operation's schemas (the date bounds included, so it tries
them) against a system of real processes of its own, seeded with real records so that most
operations reach a 2xx: the path parameters that name records are the seeded ones. Four checks
must hold on every answer: no server error; the status is one the operation documents; so is its
media type; and the body matches the documented schema for that status.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.signatures import sign
from tests.appeals.integration.test_appeals_api import appeal_body
from tests.e2e.conftest import System, running_system
from tests.loan.integration.test_loan_api import application as application_body
from tests.support.builders import random_ic, random_txn_id
from tests.support.instants import instants_not_in_malaysia_time
from tests.support.nats_server import NatsServer

pytestmark = pytest.mark.e2e

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Bounded: enough to reach every operation's branches of input, within a minute or two in all.
EXAMPLES = int(os.environ.get("CONFORMANCE_EXAMPLES", "12"))
EMPLOYER = "E1000001"
# A stream that stays open by design has no answer to check; its parameters have their own tests
# (tests/gateway/integration/test_security_holes.py).
LONG_LIVED = {"/v1/events/stream"}


@dataclass
class Seeded:
    """The records the generated requests name in their paths, and who calls."""

    system: System
    officer: dict[str, str]
    path_values: dict[str, str] = field(default_factory=dict)

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.system.env[f'{name.upper()}_PORT']}"


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def seed(system: System) -> Seeded:
    """One of each main record, through the gateway as clients make them."""
    officer = system.headers("officer-1")
    seeded = Seeded(system, officer)
    values = seeded.path_values
    ic = random_ic(age=35)
    with httpx.Client(base_url=system.gateway, timeout=30, headers=officer) as http:
        http.post(
            "/v1/contributions/employers",
            json={"employer_code": EMPLOYER, "name": "Acme Sdn Bhd", "state": "SGR"},
        )
        submission = _created(
            http.post(
                f"/v1/contributions/employers/{EMPLOYER}/submissions",
                json={"month": "2025-07", "lines": [{"ic": ic, "name": "Siti", "wage": "3450.00"}]},
            )
        )
        body = json.dumps(
            {
                "bank_txn_id": random_txn_id(),
                "reference": submission["reference"],
                "amount": "50.00",
                "paid_at": "2025-08-18T10:00:00+08:00",
                "channel": "FPX",
            }
        ).encode()
        http.post(
            "/v1/contributions/payments/callbacks/MBB",
            content=body,
            headers={
                "X-Signature": sign("whsec-e2e-maybank", int(time.time()), body),
                "Content-Type": "application/json",
            },
        )
        sponsor = _created(
            http.post(
                "/v1/loans/sponsors",
                json={
                    "ic": random_ic(age=50),
                    "name": "Allahyarham Ahmad",
                    "condition": "died_from_employment_injury",
                    "benefit": "survivors_pension",
                },
            )
        )
        applicant = random_ic(age=19)
        application = _created(
            http.post("/v1/loans/applications", json=application_body(applicant, sponsor["id"]))
        )
        loan = _created(
            http.post(
                f"/v1/loans/applications/{application['id']}/decision",
                json={"approve": True, "amount": "12000.00"},
            )
        )
        http.post(
            "/v1/dialysis/centres",
            json={
                "id": "C042",
                "name": "Pusat Dialisis",
                "kind": "panel",
                "state": "SGR",
                "machines": 10,
                "shifts_per_day": 3,
            },
        )
        http.post("/v1/dialysis/centres/C042/appointment", json={"valid_from": "2025-01-01"})
        treatment = _created(
            http.post(
                "/v1/dialysis/treatments",
                json={
                    "ic": ic,
                    "centre_id": "C042",
                    "diagnosis": "ESRF",
                    "modality": "haemodialysis",
                    "override_reason": "Seeded for the conformance run",
                },
            )
        )
        appeal = _created(http.post("/v1/appeals", json=appeal_body(ic)))
    values.update(
        {
            "employer_code": EMPLOYER,
            "reference": submission["reference"],
            "ic": ic,
            "bank_code": "MBB",
            "application_id": application["id"],
            "loan_id": loan["loan_id"],
            "centre_id": "C042",
            "treatment_id": treatment["id"],
            "appeal_id": appeal["id"],
        }
    )
    return seeded


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    directory = tmp_path_factory.mktemp("conformance")
    # A broker of its own: the generated records stay out of the other end-to-end tests' streams.
    broker = NatsServer(Path(directory) / "nats")
    broker.start()
    try:
        with running_system(directory, broker.url) as system:
            yield seed(system)
    finally:
        broker.stop()


def _use_seeded_records(case: schemathesis.Case, seeded: Seeded) -> None:
    if case.path_parameters:
        for name in case.path_parameters:
            if name in seeded.path_values:
                case.path_parameters[name] = seeded.path_values[name]


def _exerciser(
    operation: Any, seeded: Seeded, base_url: str, statuses: list[int]
) -> Callable[[], None]:
    """A Hypothesis test of one operation: `EXAMPLES` generated requests, each answer checked."""

    @given(operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case: schemathesis.Case) -> None:
        _use_seeded_records(case, seeded)
        response = case.call(base_url=base_url, headers=seeded.officer)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)
        if "json" in response.headers.get("content-type", ""):
            wrong = instants_not_in_malaysia_time(response.json())
            assert not wrong, f"instants not in Malaysia time (+08:00): {wrong}"

    return exercise  # type: ignore[no-any-return]


def _failures_of(
    schema: schemathesis.BaseSchema, seeded: Seeded, base_url: str, reached: dict[str, list[int]]
) -> list[str]:
    """Every operation of the document, tried in turn; what failed, with why.

    `reached` gathers the statuses each operation answered.
    """
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        name = f"{operation.method.upper()} {operation.path}"
        if operation.path in LONG_LIVED:
            continue
        statuses = reached.setdefault(name, [])
        try:
            _exerciser(operation, seeded, base_url, statuses)()
        except (Exception, BaseExceptionGroup) as exc:  # every operation is tried, all reported
            failures.append(f"{name}: {str(exc)[:1500]}")
    return failures


@pytest.mark.parametrize("document", ["gateway", "contribution", "loan", "dialysis", "appeals"])
def test_every_operation_answers_as_its_document_says(document: str, seeded: Seeded) -> None:
    base_url = seeded.system.gateway if document == "gateway" else seeded.service_url(document)
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    reached: dict[str, list[int]] = {}
    failures = _failures_of(schema, seeded, base_url, reached)
    server_errors = [line for line in seeded.system.output if "unhandled_error" in line]
    assert not failures, (
        f"{len(failures)} operations failed:\n\n"
        + "\n\n".join(failures)
        + "\n\nServer errors logged:\n"
        + "".join(server_errors[-5:])
    )
    assert len(reached) > 10, "the document lists almost no operations"
    succeeded = sorted(op for op, statuses in reached.items() if any(s < 300 for s in statuses))
    sent = sum(len(s) for s in reached.values())
    print(
        f"{document}: {len(succeeded)} of {len(reached)} operations reached a 2xx ({sent} requests)"
    )
    # Seeded records make many operations succeed at least once (over half of all, in 12 tries
    # each); the rest meet a rule their generated bodies break, and answer only problems.
    assert len(succeeded) >= len(reached) // 3, sorted(
        (op, sorted(set(s))) for op, s in reached.items() if op not in succeeded
    )
